// Validated views of the sampling kernels' inputs (CompressedRows and friends), read from the
// JS argument object. After these checks every position, edge id and row a kernel reads is in bounds.
#pragma once
#include <napi.h>
#include <algorithm>
#include <climits>
#include <string>
#include <vector>
#include "../napi_util.h"

namespace dg {

// Edges (or walk steps, candidates) below which a sampling kernel stays on one thread.
constexpr int64_t kSamplingGrain = 1 << 16;

struct Compressed {
  std::shared_ptr<void> ownIndptr, ownIndices, ownEids;  // private copies (SharedIndex::Copy)
  const int32_t* indptr = nullptr;
  const int32_t* indices = nullptr;
  const int32_t* eids = nullptr;  // null = identity
  int64_t rows = 0, edges = 0;
  int64_t colBound = int64_t(INT32_MAX) + 1;  // column ids must lie in [0, colBound)
  int64_t eid(int64_t p) const { return eids ? eids[p] : p; }
};

// Only lengths are checked up front (indptr has rows + 1 >= 1 entries, eids null or as long as
// indices): a minibatch call reads a few rows of a graph with 10^8 edges, so the entries are
// validated when read (ReadCheck), never scanned whole. colBound < 0 means column ids need only
// be non-negative. With SharedIndex::ReadOnce the kernel reads each entry it uses once (a
// SharedArrayBuffer another thread rewrites can then change results, never positions); kernels
// that read entries twice pass Copy.
Compressed getCompressed(Napi::Env env, const Napi::Object& o, const std::string& op, int64_t colBound,
                         SharedIndex shared);

// Validation on read. Each accessor returns false (and records the position) when the entry it
// reads is bad; the kernel then skips whatever depended on it and the call throws after its
// parallel region (throwIfBad). The smallest bad position per array is kept, and which entries a
// kernel reads depends only on its inputs, so the message does not depend on the thread split.
struct ReadCheck {
  static constexpr int64_t kNone = INT64_MAX;
  int64_t badRow = kNone, badCol = kNone, badEid = kNone;

  // Row r's positions [lo, hi): 0 <= indptr[r] <= indptr[r + 1] <= edges (r itself must be a row).
  bool row(const Compressed& c, int64_t r, int64_t& lo, int64_t& hi) {
    lo = c.indptr[r];
    hi = c.indptr[r + 1];
    if (lo >= 0 && lo <= hi && hi <= c.edges) return true;
    if (r < badRow) badRow = r;
    return false;
  }
  // The column id at position p (p inside a checked row).
  bool col(const Compressed& c, int64_t p, int64_t& v) {
    v = c.indices[p];
    if (v >= 0 && v < c.colBound) return true;
    if (p < badCol) badCol = p;
    return false;
  }
  // The edge id at position p (p inside a checked row).
  bool eid(const Compressed& c, int64_t p, int64_t& e) {
    if (!c.eids) {
      e = p;
      return true;
    }
    e = c.eids[p];
    if (e >= 0 && e < c.edges) return true;
    if (p < badEid) badEid = p;
    return false;
  }
  bool ok() const { return badRow == kNone && badCol == kNone && badEid == kNone; }
  void merge(const ReadCheck& o) {
    badRow = std::min(badRow, o.badRow);
    badCol = std::min(badCol, o.badCol);
    badEid = std::min(badEid, o.badEid);
  }
};

// Throws a RangeError naming the first bad entry (indptr, then indices, then eids), if any.
void throwIfBad(Napi::Env env, const Compressed& c, const ReadCheck& rc, const std::string& op);

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

// Exclusive prefix sum of counts into offsets (length n + 1); returns the total.
int64_t prefixOffsets(const std::vector<int64_t>& counts, std::vector<int64_t>& offsets);

// A RangeError naming op when a result would exceed int32 edge ids or, as `arrays` Int32Arrays
// of `total` entries, the result size limit (maxResultBytes) or the memory available.
void checkOutputSize(Napi::Env env, int64_t total, const std::string& op, int64_t arrays = 3);

}  // namespace dg
