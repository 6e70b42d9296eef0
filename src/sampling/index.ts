// Public surface of src/sampling (re-exports only).
export {};
