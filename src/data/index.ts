// Public surface of src/data (re-exports only).
export {};
