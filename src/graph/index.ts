// Public surface of src/graph (re-exports only).
export {};
