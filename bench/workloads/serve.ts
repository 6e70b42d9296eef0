export async function runServe(o: unknown, c: unknown): Promise<void> { void o; void c; throw new Error('todo'); }
