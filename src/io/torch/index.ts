export * from './browser.js';
export { loadTorch, readTorch } from './load-file.js';
