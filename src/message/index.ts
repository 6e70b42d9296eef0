// Public surface of src/message (re-exports only).
export {};
