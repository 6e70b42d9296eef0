#include "compressed.h"
#include <cmath>
#include "rng.h"

namespace dg {

Compressed getCompressed(Napi::Env env, const Napi::Object& o, const std::string& op, int64_t colBound,
                         SharedIndex shared) {
  const ArrayArg indptr = getIndexArray(o.Get("indptr"), op + ": indptr", false, shared);
  const ArrayArg indices = getIndexArray(o.Get("indices"), op + ": indices", false, shared);
  const ArrayArg eids = getIndexArray(o.Get("eids"), op + ": eids", true, shared);
  if (indptr.length < 1) throwRange(env, op + ": indptr is empty (it needs one entry per row plus one)");
  Compressed c;
  c.ownIndptr = indptr.owned;
  c.ownIndices = indices.owned;
  c.ownEids = eids.owned;
  c.rows = indptr.length - 1;
  c.edges = indices.length;
  c.indptr = indptr.as<int32_t>();
  c.indices = indices.as<int32_t>();
  if (colBound >= 0) c.colBound = colBound;
  if (eids.present) {
    expectLength(env, eids, c.edges, op + ": eids");
    c.eids = eids.as<int32_t>();
  }
  return c;
}

void throwIfBad(Napi::Env env, const Compressed& c, const ReadCheck& rc, const std::string& op) {
  if (rc.ok()) return;
  if (rc.badRow != ReadCheck::kNone) {
    const int64_t r = rc.badRow;
    throwRange(env, op + ": indptr[" + std::to_string(r) + "], indptr[" + std::to_string(r + 1) + "] = " +
                        std::to_string(c.indptr[r]) + ", " + std::to_string(c.indptr[r + 1]) +
                        " is not a range of positions within [0, " + std::to_string(c.edges) + "]");
  }
  if (rc.badCol != ReadCheck::kNone) {
    throwRange(env, op + ": indices[" + std::to_string(rc.badCol) + "] = " + std::to_string(c.indices[rc.badCol]) +
                        " is out of range [0, " + std::to_string(c.colBound) + ")");
  }
  throwRange(env, op + ": eids[" + std::to_string(rc.badEid) + "] = " + std::to_string(c.eids[rc.badEid]) +
                      " is out of range [0, " + std::to_string(c.edges) + ")");
}

EdgeWeights getEdgeWeights(Napi::Env env, const Napi::Value& v, int64_t edges, const std::string& what,
                           bool nullable) {
  const ArrayArg a = getFloatArray(v, what, nullable);
  EdgeWeights w;
  if (!a.present) return w;
  expectLength(env, a, edges, what);
  if (a.dtype == DType::F32) w.f32 = a.as<float>();
  else w.f64 = a.as<double>();
  return w;
}

const uint8_t* getEdgeMask(Napi::Env env, const Napi::Value& v, int64_t edges, const std::string& what) {
  const ArrayArg a = getArray(v, what, true);
  if (!a.present) return nullptr;
  if (a.dtype != DType::U8) throwType(env, what + " must be a Uint8Array, got " + dtypeName(a.dtype));
  expectLength(env, a, edges, what);
  return a.as<uint8_t>();
}

uint32_t getSeed(const Napi::Value& v, const std::string& what) {
  if (!v.IsNumber()) throwType(v.Env(), what + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d)) throwRange(v.Env(), what + " must be finite, got " + v.ToString().Utf8Value());
  return rng::toUint32(d);
}

int64_t getIntInRange(const Napi::Value& v, const std::string& what, int64_t lo) {
  if (!v.IsNumber()) throwType(v.Env(), what + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= double(lo) && d <= double(INT32_MAX)) || d != std::floor(d)) {
    throwRange(v.Env(), what + " must be an integer in [" + std::to_string(lo) + ", 2^31), got " +
                            v.ToString().Utf8Value());
  }
  return int64_t(d);
}

Napi::Object edgesResult(Napi::Env env, Napi::Int32Array rows, Napi::Int32Array cols, Napi::Int32Array eids) {
  Napi::Object r = Napi::Object::New(env);
  r.Set("rows", rows);
  r.Set("cols", cols);
  r.Set("eids", eids);
  return r;
}

int64_t prefixOffsets(const std::vector<int64_t>& counts, std::vector<int64_t>& offsets) {
  offsets.assign(counts.size() + 1, 0);
  for (size_t i = 0; i < counts.size(); i++) offsets[i + 1] = offsets[i] + counts[i];
  return offsets.back();
}

void checkOutputSize(Napi::Env env, int64_t total, const std::string& op, int64_t arrays) {
  if (total > int64_t(INT32_MAX)) {
    throwRange(env, op + ": the result would have " + std::to_string(total) + " edges (at most 2^31 - 1)");
  }
  checkAllocation(env, total * 4 * arrays, op + ": the result (" + std::to_string(total) + " edges)");
}

}  // namespace dg
