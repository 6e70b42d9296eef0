// Public surface of src/nn (re-exports only).
export {};
