// METIS k-way partitioning (Debian's libmetis-dev). Compiled with DG_HAVE_METIS only when
// native/partition/detect-metis.cjs found metis.h and the library at build time; otherwise
// metisPartition throws an Error saying how to get it, and the addon builds all the same.
#include <napi.h>
#include <cstdint>
#include <string>
#include <vector>
#include "../napi_util.h"
#ifdef DG_HAVE_METIS
#include <metis.h>
#endif

namespace dg {

// metisPartition({ indptr, indices, nparts, vwgt?, ncon?, seed?, objective? }) -> Int32Array of part ids.
// indptr/indices: a symmetric adjacency without self loops (the caller builds it).
Napi::Value MetisPartition(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string op = "metisPartition";
#ifndef DG_HAVE_METIS
  throw Napi::Error::New(env, op + ": this build of the deepgraph addon has no METIS (metis.h was not found when it was "
    "compiled); install libmetis-dev (apt-get install libmetis-dev) and rebuild with `node scripts/install-native.mjs`, "
    "or use method 'random' or 'hash'");
#else
  if (!info[0].IsObject()) throwType(env, op + ": expects an options object");
  Napi::Object a = info[0].As<Napi::Object>();
  const ArrayArg indptr = getIndexArray(a.Get("indptr"), op + ": indptr");
  const ArrayArg indices = getIndexArray(a.Get("indices"), op + ": indices");
  const int64_t n = indptr.length - 1;
  if (n < 1) throwRange(env, op + ": indptr must have at least 2 entries (one node)");
  checkIndptr(env, indptr.as<int32_t>(), n, indices.length, op + ": indptr");
  checkIndices(env, indices.as<int32_t>(), indices.length, n, op + ": indices");
  const int64_t nparts = getCount(a.Get("nparts"), op + ": nparts");
  if (nparts < 1 || nparts > n) throwRange(env, op + ": nparts must be in [1, " + std::to_string(n) + "], got " + std::to_string(nparts));
  const int64_t ncon = a.Get("ncon").IsUndefined() ? 1 : getCount(a.Get("ncon"), op + ": ncon");
  if (ncon < 1 || ncon > 64) throwRange(env, op + ": ncon must be in [1, 64], got " + std::to_string(ncon));
  const ArrayArg vwgt = getIndexArray(a.Get("vwgt"), op + ": vwgt", true);
  if (vwgt.present) {
    expectLength(env, vwgt, n * ncon, op + ": vwgt (numNodes * ncon)");
    const int32_t* w = vwgt.as<int32_t>();
    for (int64_t i = 0; i < vwgt.length; i++) {
      if (w[i] < 0) throwRange(env, op + ": vwgt[" + std::to_string(i) + "] is negative (" + std::to_string(w[i]) + ")");
    }
  } else if (ncon != 1) {
    throwRange(env, op + ": ncon > 1 needs vwgt");
  }
  const int64_t seed = a.Get("seed").IsUndefined() ? 0 : getCount(a.Get("seed"), op + ": seed", true);
  const std::string objective = a.Get("objective").IsUndefined() ? "cut" : getString(a.Get("objective"), op + ": objective");
  if (objective != "cut" && objective != "vol") throwRange(env, op + ": objective must be 'cut' or 'vol', got '" + objective + "'");

  // idx_t is 32-bit in Debian's build; copy anyway so a 64-bit idx_t build also works.
  std::vector<idx_t> xadj(indptr.as<int32_t>(), indptr.as<int32_t>() + indptr.length);
  std::vector<idx_t> adjncy(indices.as<int32_t>(), indices.as<int32_t>() + indices.length);
  std::vector<idx_t> weights;
  if (vwgt.present) weights.assign(vwgt.as<int32_t>(), vwgt.as<int32_t>() + vwgt.length);
  idx_t nvtxs = idx_t(n), nc = idx_t(ncon), np = idx_t(nparts), edgecut = 0;
  std::vector<idx_t> part(size_t(n), 0);
  Napi::Int32Array out = newInt32Array(env, n, op + ": result");
  if (nparts == 1) return out;  // METIS rejects 1 part on some versions; the answer is trivial.
  idx_t options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_NUMBERING] = 0;
  options[METIS_OPTION_SEED] = idx_t(seed & 0x7fffffff);
  options[METIS_OPTION_OBJTYPE] = objective == "cut" ? METIS_OBJTYPE_CUT : METIS_OBJTYPE_VOL;
  const int rc = METIS_PartGraphKway(&nvtxs, &nc, xadj.data(), adjncy.empty() ? nullptr : adjncy.data(),
                                     weights.empty() ? nullptr : weights.data(), nullptr, nullptr, &np,
                                     nullptr, nullptr, options, &edgecut, part.data());
  if (rc == METIS_ERROR_MEMORY) throwRange(env, op + ": METIS ran out of memory");
  if (rc != METIS_OK) throw Napi::Error::New(env, op + ": METIS_PartGraphKway failed (status " + std::to_string(rc) + ")");
  int32_t* o = out.Data();
  for (int64_t i = 0; i < n; i++) {
    if (part[size_t(i)] < 0 || part[size_t(i)] >= np) throw Napi::Error::New(env, op + ": METIS returned an out-of-range part id");
    o[i] = int32_t(part[size_t(i)]);
  }
  return out;
#endif
}

// Whether this build links METIS (for buildInfo-style checks from TypeScript).
Napi::Value HaveMetis(const Napi::CallbackInfo& info) {
#ifdef DG_HAVE_METIS
  return Napi::Boolean::New(info.Env(), true);
#else
  return Napi::Boolean::New(info.Env(), false);
#endif
}

}  // namespace dg
