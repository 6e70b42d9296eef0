// Public surface of src/optim (re-exports only).
export {};
