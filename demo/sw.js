// The demo's service worker: keeps the page, its bundle and the Cora files it fetched, so that a
// reload works offline. Network first (a rebuilt demo is picked up when online), cache second.
const CACHE = 'deepgraph-demo-v2';
const PARTS = ['x', 'y', 'tx', 'ty', 'allx', 'ally', 'graph', 'test.index'];
const SHELL = ['./', './index.html', './demo.js', './deepgraph.wasm', './deepgraph-threads.wasm', './thread-worker.js', ...PARTS.map((p) => `./data/cora/ind.cora.${p}`)];

self.addEventListener('install', (event) => {
  // Missing data files (a build without --data) must not stop the page from being cached.
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all(SHELL.map((u) => c.add(u).catch(() => undefined)))).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET' || new URL(event.request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(event.request).then((res) => {
    if (res.ok) { const copy = res.clone(); void caches.open(CACHE).then((c) => c.put(event.request, copy)); }
    return res;
  }).catch(() => caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? Response.error())));
});
