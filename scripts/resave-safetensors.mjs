#!/usr/bin/env node
// Loads a safetensors file with deepgraph and saves it again (dg.load + dg.save), for
// scripts/make-safetensors-fixture.py verify: run `npm run build` first.
//   node scripts/resave-safetensors.mjs IN.safetensors OUT.safetensors
import * as dg from '../dist/src/index.js';

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  console.error('usage: node scripts/resave-safetensors.mjs IN.safetensors OUT.safetensors');
  process.exit(2);
}
const tensors = dg.load(input);
dg.save(tensors, output, { metadata: { ...tensors.metadata, writer: 'deepgraph' } });
console.log(`resaved ${tensors.size} tensors from ${input} to ${output}`);
