// Public surface of src/dataloading (re-exports only).
export {};
