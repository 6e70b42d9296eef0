// Build-time probe for CBLAS (OpenBLAS), called by binding.gyp:
//   node native/detect-blas.cjs defines|cflags|libs|static
// Prints gyp list items (space separated); nothing when no CBLAS is found, so the addon
// falls back to its own matmul kernel. DEEPGRAPH_NO_BLAS=1 forces the fallback.
// DEEPGRAPH_BLAS_STATIC=1 (the prebuilt binary, scripts/prebuild.mjs) links OpenBLAS's static
// archive into the addon, its symbols hidden, and looks for libgomp beside the addon first.
'use strict';
const { execSync } = require('node:child_process');
const { existsSync } = require('node:fs');

function pkgConfig(args) {
  try {
    return execSync(`pkg-config ${args}`, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

function detect() {
  if (process.env.DEEPGRAPH_NO_BLAS === '1') return null;
  for (const pkg of ['openblas', 'cblas']) {
    if (pkgConfig(`--exists ${pkg}`) !== null) {
      const cflags = pkgConfig(`--cflags ${pkg}`) ?? '';
      const dirs = cflags.split(/\s+/).filter((f) => f.startsWith('-I')).map((f) => f.slice(2));
      const hasHeader = [...dirs, '/usr/include', '/usr/local/include', `/usr/include/${multiarch()}`]
        .some((d) => d && existsSync(`${d}/cblas.h`));
      if (hasHeader) {
        const libdir = pkgConfig(`--variable=libdir ${pkg}`);
        return { openblas: pkg === 'openblas', cflags, libs: pkgConfig(`--libs ${pkg}`) ?? '', libdir };
      }
    }
  }
  for (const dir of [`/usr/include/${multiarch()}`, '/usr/include', '/usr/local/include', '/opt/homebrew/opt/openblas/include']) {
    if (existsSync(`${dir}/cblas.h`) && existsSync(`${dir}/openblas_config.h`)) {
      return { openblas: true, cflags: `-I${dir}`, libs: '-lopenblas' };
    }
  }
  return null;
}

function multiarch() {
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch;
  return `${arch}-linux-gnu`;
}

// The static archive needs no libgfortran: only the CBLAS GEMM members are pulled in.
function staticLibs(found) {
  const dirs = [found.libdir, `/usr/lib/${multiarch()}/openblas-pthread`, `/usr/lib/${multiarch()}`].filter(Boolean);
  const archive = dirs.map((d) => `${d}/libopenblas.a`).find((f) => existsSync(f));
  if (!archive) throw new Error(`DEEPGRAPH_BLAS_STATIC=1 but no libopenblas.a in ${dirs.join(', ')}`);
  return `-Wl,--exclude-libs,ALL ${archive} -lpthread`;
}

const isStatic = process.env.DEEPGRAPH_BLAS_STATIC === '1';
const found = detect();
const what = process.argv[2];
if (what === 'static') process.stdout.write(isStatic ? '1' : '0');
else if (!found) process.stdout.write('');
else if (what === 'defines') process.stdout.write(found.openblas ? 'DG_HAVE_CBLAS DG_HAVE_OPENBLAS' : 'DG_HAVE_CBLAS');
else if (what === 'cflags') process.stdout.write(found.cflags);
else if (what === 'libs') process.stdout.write(isStatic ? staticLibs(found) : found.libs);
