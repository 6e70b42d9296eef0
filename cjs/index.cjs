// CommonJS entry of deepgraph (the `require` export condition). deepgraph is an ES module; Node.js
// versions that can require() an ES module (>= 20.19, >= 22.12) get it here, older ones get an
// error that says how to import it instead of ERR_REQUIRE_ESM / ERR_PACKAGE_PATH_NOT_EXPORTED.
'use strict';
try {
  module.exports = require('../dist/src/index.js');
} catch (err) {
  if (err && (err.code === 'ERR_REQUIRE_ESM' || err.code === 'ERR_REQUIRE_ASYNC_MODULE')) {
    const e = new Error(
      `deepgraph is an ES module and this Node.js (${process.version}) cannot require() it. ` +
      "Use `import * as dg from 'deepgraph'` (ESM: an .mjs file or \"type\": \"module\"), or from " +
      "CommonJS `const dg = await import('deepgraph')`, or Node.js >= 20.19 / 22.12.",
    );
    e.code = 'DEEPGRAPH_REQUIRE_ESM';
    e.cause = err;
    throw e;
  }
  throw err;
}
