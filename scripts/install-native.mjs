#!/usr/bin/env node
// Placeholder until the native addon lands: installation never fails because of the addon.
console.log('deepgraph: native addon not built yet; using the TypeScript backend');
