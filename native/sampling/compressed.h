// Validated views of the sampling kernels' inputs (CompressedRows and friends), read from the
// JS argument object. After these checks every position, edge id and row a kernel reads is in bounds.
#pragma once
#include <napi.h>
#include <string>
#include "../napi_util.h"

namespace dg {

// Edges (or walk steps, candidates) below which a sampling kernel stays on one thread.
constexpr int64_t kSamplingGrain = 1 << 16;

struct Compressed {
  const int32_t* indptr = nullptr;
  const int32_t* indices = nullptr;
  const int32_t* eids = nullptr;  // null = identity
  int64_t rows = 0, edges = 0;
  int64_t eid(int64_t p) const { return eids ? eids[p] : p; }
};

// indptr (rows + 1 entries, 0 .. indices.length, never decreasing), indices (each >= 0 and, when
// colBound >= 0, below it) and eids (null or a length-numEdges array of ids below numEdges).
Compressed getCompressed(Napi::Env env, const Napi::Object& o, const std::string& op, int64_t colBound);

// Optional per-edge float weights: null, or a Float32/Float64Array of exactly `edges` entries.
struct EdgeWeights {
  const float* f32 = nullptr;
  const double* f64 = nullptr;
  bool present() const { return f32 || f64; }
  double operator[](int64_t e) const { return f32 ? double(f32[e]) : f64[e]; }
};
EdgeWeights getEdgeWeights(Napi::Env env, const Napi::Value& v, int64_t edges, const std::string& what,
                           bool nullable);

// Optional Uint8Array mask of exactly `edges` entries.
const uint8_t* getEdgeMask(Napi::Env env, const Napi::Value& v, int64_t edges, const std::string& what);

// A finite number whose ToUint32 is the RNG seed (what `seed | 0` keeps in TypeScript).
uint32_t getSeed(const Napi::Value& v, const std::string& what);

// An integer in [lo, 2^31).
int64_t getIntInRange(const Napi::Value& v, const std::string& what, int64_t lo);

Napi::Object edgesResult(Napi::Env env, Napi::Int32Array rows, Napi::Int32Array cols, Napi::Int32Array eids);

}  // namespace dg
