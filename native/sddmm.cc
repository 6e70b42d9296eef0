// g-SDDMM: out[e] = op(lhs[target(e)], rhs[target(e)]) for every edge e, parallel over edges.
#include <napi.h>
#include <algorithm>
#include "napi_util.h"
#include "ops.h"
#include "prefetch.h"
#include "simd/kernels.h"

namespace dg {

const simd::Table& simdTable();

namespace {

enum class Tgt { U, V, E };

struct SddmmPlan {
  const int32_t* src;
  const int32_t* dst;
  int64_t numEdges;
  Tgt lt, rt;
  int64_t dotLen;  // contracted length for dot, 1 otherwise
  const Bcast* bc;
};

inline int64_t rowOf(Tgt t, const SddmmPlan& pl, int64_t e) {
  return t == Tgt::U ? pl.src[e] : t == Tgt::V ? pl.dst[e] : e;
}

template <class T, BinOp OP, bool BC>
void sddmmKernel(const SddmmPlan& pl, const T* lhs, const T* rhs, T* out) {
  const Bcast& bc = *pl.bc;
  const int64_t L = bc.outLen, D = pl.dotLen;
  const int64_t lhsLen = bc.lhsLen * D, rhsLen = bc.rhsLen * D;
  const int64_t* lo = bc.lhsOff.data();
  const int64_t* ro = bc.rhsOff.data();
  const bool par = pl.numEdges * L * D > kGrainScalar;
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (par)
  for (int64_t e = 0; e < pl.numEdges; e++) {
    // Endpoint rows are random: fetch those of an edge a few positions ahead.
    if (e + 8 < pl.numEdges) {
      if (usesLhs<OP>() && pl.lt != Tgt::E) prefetchSpan(lhs + rowOf(pl.lt, pl, e + 8) * lhsLen, lhsLen * int64_t(sizeof(T)));
      if (usesRhs<OP>() && pl.rt != Tgt::E) prefetchSpan(rhs + rowOf(pl.rt, pl, e + 8) * rhsLen, rhsLen * int64_t(sizeof(T)));
    }
    const T* lr = usesLhs<OP>() ? lhs + rowOf(pl.lt, pl, e) * lhsLen : nullptr;
    const T* rr = usesRhs<OP>() ? rhs + rowOf(pl.rt, pl, e) * rhsLen : nullptr;
    T* o = out + e * L;
    for (int64_t k = 0; k < L; k++) {
      if constexpr (OP == BinOp::Dot) {
        const T* a = lr + (BC ? lo[k] : k) * D;
        const T* b = rr + (BC ? ro[k] : k) * D;
        T s = 0;
        for (int64_t d = 0; d < D; d++) s += a[d] * b[d];
        o[k] = s;
      } else {
        const T lv = usesLhs<OP>() ? lr[BC ? lo[k] : k] : T(0);
        const T rv = usesRhs<OP>() ? rr[BC ? ro[k] : k] : T(0);
        o[k] = applyOp<T, OP>(lv, rv);
      }
    }
  }
}

template <class T, BinOp OP>
void sddmmBc(const SddmmPlan& pl, const T* lhs, const T* rhs, T* out) {
  if (pl.bc->trivial) sddmmKernel<T, OP, false>(pl, lhs, rhs, out);
  else sddmmKernel<T, OP, true>(pl, lhs, rhs, out);
}

// float32 dot products of equally shaped [heads, D] rows (u.v attention scores, GAT logits).
bool sddmmFastF32(BinOp op, const SddmmPlan& pl, const float* lhs, const float* rhs, float* out) {
  if (op != BinOp::Dot || !pl.bc->trivial) return false;
  auto rows = [&](Tgt t) { return t == Tgt::U ? pl.src : t == Tgt::V ? pl.dst : nullptr; };
  const simd::SddmmDot a{rows(pl.lt), rows(pl.rt), lhs, rhs, out, pl.bc->outLen, pl.dotLen, pl.numEdges};
  const simd::DotFn fn = simdTable().dot;
  const int64_t chunk = 1024, n = (pl.numEdges + chunk - 1) / chunk;
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (pl.numEdges * a.heads * a.D > kGrainSimd)
  for (int64_t c = 0; c < n; c++) fn(a, c * chunk, std::min(pl.numEdges, (c + 1) * chunk));
  return true;
}

template <class T>
void sddmmTyped(BinOp op, const SddmmPlan& pl, const T* lhs, const T* rhs, T* out) {
  if constexpr (std::is_same_v<T, float>) {
    if (sddmmFastF32(op, pl, lhs, rhs, out)) return;
  }
  switch (op) {
    case BinOp::Add: sddmmBc<T, BinOp::Add>(pl, lhs, rhs, out); break;
    case BinOp::Sub: sddmmBc<T, BinOp::Sub>(pl, lhs, rhs, out); break;
    case BinOp::Mul: sddmmBc<T, BinOp::Mul>(pl, lhs, rhs, out); break;
    case BinOp::Div: sddmmBc<T, BinOp::Div>(pl, lhs, rhs, out); break;
    case BinOp::CopyL: sddmmBc<T, BinOp::CopyL>(pl, lhs, rhs, out); break;
    case BinOp::CopyR: sddmmBc<T, BinOp::CopyR>(pl, lhs, rhs, out); break;
    case BinOp::Dot: sddmmBc<T, BinOp::Dot>(pl, lhs, rhs, out); break;
  }
}

Tgt parseTarget(Napi::Env env, const Napi::Value& v, const std::string& what) {
  const std::string s = getString(v, what);
  if (s == "u") return Tgt::U;
  if (s == "v") return Tgt::V;
  if (s == "e") return Tgt::E;
  throwRange(env, what + " must be 'u', 'v' or 'e', got '" + s + "'");
}

}  // namespace

Napi::Value Gsddmm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throwType(env, "gsddmm: expected an arguments object");
  Napi::Object a = info[0].As<Napi::Object>();
  BinOp op;
  const std::string opName = getString(a.Get("op"), "gsddmm: op");
  if (!parseBinOp(opName, op)) throwRange(env, "gsddmm: unknown op '" + opName + "'");
  const int64_t numSrc = getCount(a.Get("numSrc"), "gsddmm: numSrc");
  const int64_t numDst = getCount(a.Get("numDst"), "gsddmm: numDst");
  const int64_t numEdges = getCount(a.Get("numEdges"), "gsddmm: numEdges");
  const ArrayArg src = getIndexArray(a.Get("src"), "gsddmm: src");
  const ArrayArg dst = getIndexArray(a.Get("dst"), "gsddmm: dst");
  const ArrayArg out = getFloatArray(a.Get("out"), "gsddmm: out");
  const bool needL = op != BinOp::CopyR, needR = op != BinOp::CopyL;
  const ArrayArg lhs = needL ? getFloatArray(a.Get("lhs"), "gsddmm: lhs") : ArrayArg{};
  const ArrayArg rhs = needR ? getFloatArray(a.Get("rhs"), "gsddmm: rhs") : ArrayArg{};
  const Tgt lt = needL ? parseTarget(env, a.Get("lhsTarget"), "gsddmm: lhsTarget") : Tgt::E;
  const Tgt rt = needR ? parseTarget(env, a.Get("rhsTarget"), "gsddmm: rhsTarget") : Tgt::E;
  const std::vector<int64_t> outShape = getShape(a.Get("outShape"), "gsddmm: outShape");
  std::vector<int64_t> lhsShape = needL ? getShape(a.Get("lhsShape"), "gsddmm: lhsShape") : outShape;
  std::vector<int64_t> rhsShape = needR ? getShape(a.Get("rhsShape"), "gsddmm: rhsShape") : lhsShape;
  if (!needL) lhsShape = rhsShape;

  // dot contracts the last dimension: broadcast the leading dims, out ends in 1.
  int64_t D = 1;
  std::vector<int64_t> lLead = lhsShape, rLead = rhsShape, oLead = outShape;
  const std::string shapes = "lhsShape " + shapeStr(lhsShape) + ", rhsShape " + shapeStr(rhsShape) +
                             " and outShape " + shapeStr(outShape);
  if (op == BinOp::Dot) {
    if (lhsShape.empty() || rhsShape.empty() || outShape.empty() || lhsShape.back() != rhsShape.back() ||
        outShape.back() != 1) {
      throwRange(env, "gsddmm: dot needs matching last dimensions and an outShape ending in 1, got " + shapes);
    }
    D = lhsShape.back();
    lLead.pop_back();
    rLead.pop_back();
    oLead.pop_back();
  }
  Bcast bc;
  if (!makeBcast(lLead, rLead, oLead, bc)) throwRange(env, "gsddmm: " + shapes + " do not broadcast");

  auto rows = [&](Tgt t) { return t == Tgt::U ? numSrc : t == Tgt::V ? numDst : numEdges; };
  expectLength(env, src, numEdges, "gsddmm: src");
  expectLength(env, dst, numEdges, "gsddmm: dst");
  expectLength(env, out, checkedMul(env, numEdges, bc.outLen, "gsddmm: out"), "gsddmm: out");
  if (needL) {
    expectSameDType(env, lhs, out, "gsddmm: lhs", "out");
    const int64_t n = checkedMul(env, checkedMul(env, rows(lt), bc.lhsLen, "gsddmm: lhs"), D, "gsddmm: lhs");
    expectLength(env, lhs, n, "gsddmm: lhs");
  }
  if (needR) {
    expectSameDType(env, rhs, out, "gsddmm: rhs", "out");
    const int64_t n = checkedMul(env, checkedMul(env, rows(rt), bc.rhsLen, "gsddmm: rhs"), D, "gsddmm: rhs");
    expectLength(env, rhs, n, "gsddmm: rhs");
  }
  checkIndices(env, src.as<int32_t>(), numEdges, numSrc, "gsddmm: src");
  checkIndices(env, dst.as<int32_t>(), numEdges, numDst, "gsddmm: dst");

  SddmmPlan pl{src.as<int32_t>(), dst.as<int32_t>(), numEdges, lt, rt, D, &bc};
  if (out.dtype == DType::F32) sddmmTyped<float>(op, pl, lhs.as<float>(), rhs.as<float>(), out.as<float>());
  else sddmmTyped<double>(op, pl, lhs.as<double>(), rhs.as<double>(), out.as<double>());
  return env.Undefined();
}

}  // namespace dg
