// g-SpMM: out[v] = reduce over in-edges (u -e-> v) of op(lhs[u], rhs[e]), parallel over v.
#include <napi.h>
#include "napi_util.h"
#include "ops.h"
#include "prefetch.h"
#include "simd/kernels.h"

namespace dg {

std::vector<const simd::Table*> simdTables();

namespace {

// Broadcasting seen as runs: the output feature row is nOuter runs of `inner` elements; within a
// run each operand advances by 0 or 1 (its stride along the last dimension), so the inner loop is
// a plain (vectorisable) loop and per-element offset tables are only needed per run.
struct Runs {
  int64_t inner = 1, nOuter = 0;
  int ls = 1, rs = 1;
  std::vector<int64_t> lo, ro;  // run starts inside the lhs / rhs feature rows
};

Runs makeRuns(const Bcast& bc, const std::vector<int64_t>& outShape) {
  Runs r;
  const int64_t L = bc.outLen;
  if (L == 0) return r;
  r.inner = outShape.empty() ? 1 : outShape.back();
  if (r.inner == 0) return r;
  r.nOuter = L / r.inner;
  if (bc.trivial) {
    r.inner = L;
    r.nOuter = 1;
    r.lo = {0};
    r.ro = {0};
    return r;
  }
  r.ls = r.inner > 1 ? int(bc.lhsOff[1] - bc.lhsOff[0]) : 1;
  r.rs = r.inner > 1 ? int(bc.rhsOff[1] - bc.rhsOff[0]) : 1;
  r.lo.resize(size_t(r.nOuter));
  r.ro.resize(size_t(r.nOuter));
  for (int64_t o = 0; o < r.nOuter; o++) {
    r.lo[o] = bc.lhsOff[o * r.inner];
    r.ro[o] = bc.rhsOff[o * r.inner];
  }
  return r;
}

struct SpmmPlan;
void runRows(simd::RowsFn fn, const simd::SpmmRows& a, const SpmmPlan& pl);

struct SpmmPlan {
  const int32_t* indptr;
  const int32_t* indices;
  const int32_t* eids;
  int64_t numDst, numEdges;
  const Bcast* bc;
  const Runs* runs;
};

template <class T, BinOp OP, Red R, int LS, int RS>
void spmmKernel(const SpmmPlan& pl, const T* lhs, const T* rhs, T* out, int32_t* argU, int32_t* argE) {
  const Bcast& bc = *pl.bc;
  const Runs& rn = *pl.runs;
  const int64_t L = bc.outLen, lhsLen = bc.lhsLen, rhsLen = bc.rhsLen, inner = rn.inner, nOuter = rn.nOuter;
  const int64_t* lo = rn.lo.data();
  const int64_t* ro = rn.ro.data();
  const bool par = (pl.numEdges + pl.numDst) * L > kGrainScalar;
#pragma omp parallel for schedule(dynamic, 64) num_threads(numThreads()) if (par)
  for (int64_t v = 0; v < pl.numDst; v++) {
    T* o = out + v * L;
    const int64_t b = pl.indptr[v], e = pl.indptr[v + 1];
    int32_t* au = argU ? argU + v * L : nullptr;
    int32_t* ae = argE ? argE + v * L : nullptr;
    if (b == e || R == Red::Sum) {
      for (int64_t k = 0; k < L; k++) o[k] = T(0);
      if (au) for (int64_t k = 0; k < L; k++) au[k] = -1;
      if (ae) for (int64_t k = 0; k < L; k++) ae[k] = -1;
      if (b == e) continue;
    }
    for (int64_t p = b; p < e; p++) {
      // Random source rows: fetch those a few edges ahead (across rows) so the misses overlap.
      if (p + 8 < pl.numEdges) {
        const int64_t q = p + 8;
        if (usesLhs<OP>()) prefetchSpan(lhs + int64_t(pl.indices[q]) * lhsLen, lhsLen * int64_t(sizeof(T)));
        if (usesRhs<OP>()) prefetchSpan(rhs + (pl.eids ? int64_t(pl.eids[q]) : q) * rhsLen, rhsLen * int64_t(sizeof(T)));
      }
      const int64_t u = pl.indices[p];
      const int64_t eid = pl.eids ? pl.eids[p] : p;
      const T* lr = usesLhs<OP>() ? lhs + u * lhsLen : nullptr;
      const T* rr = usesRhs<OP>() ? rhs + eid * rhsLen : nullptr;
      for (int64_t q = 0; q < nOuter; q++) {
        const T* l = usesLhs<OP>() ? lr + lo[q] : nullptr;
        const T* r = usesRhs<OP>() ? rr + ro[q] : nullptr;
        T* oq = o + q * inner;
        for (int64_t d = 0; d < inner; d++) {
          const T lv = usesLhs<OP>() ? l[d * LS] : T(0);
          const T rv = usesRhs<OP>() ? r[d * RS] : T(0);
          const T val = applyOp<T, OP>(lv, rv);
          if constexpr (R == Red::Sum) {
            oq[d] += val;
          } else {
            // The first in-edge seeds the running extreme; later ones must beat it (ties keep the first).
            if (p == b || better<T, R>(val, oq[d])) {
              oq[d] = val;
              if (au) au[q * inner + d] = static_cast<int32_t>(u);
              if (ae) ae[q * inner + d] = static_cast<int32_t>(eid);
            }
          }
        }
      }
    }
  }
}

const simd::Table* gTable = nullptr;

// Runs a float32 SIMD row kernel over destination rows in chunks (dynamic: degrees vary).
void runRows(simd::RowsFn fn, const simd::SpmmRows& a, const SpmmPlan& pl) {
  const int64_t chunk = 256;
  const int64_t nChunks = (pl.numDst + chunk - 1) / chunk;
  const bool par = (pl.numEdges + pl.numDst) * a.F > kGrainSimd;
#pragma omp parallel for schedule(dynamic, 1) num_threads(numThreads()) if (par)
  for (int64_t c = 0; c < nChunks; c++) {
    const int64_t r0 = c * chunk, r1 = r0 + chunk < pl.numDst ? r0 + chunk : pl.numDst;
    fn(a, r0, r1);
  }
}

// The float32 fast paths: copyU / copyE / uMulE (scalar or same-shape edge data) with sum, and
// copyU with max/min. Returns false when the call needs the general kernel.
// lhs [.., H, D] times rhs [.., H, 1]: runs of D lhs features scaled by consecutive rhs scalars.
bool isPerHeadScale(const Bcast& bc, const Runs& rn) {
  if (bc.trivial || rn.ls != 1 || rn.rs != 0 || bc.lhsLen != bc.outLen || bc.rhsLen != rn.nOuter) return false;
  for (int64_t q = 0; q < rn.nOuter; q++) {
    if (rn.lo[q] != q * rn.inner || rn.ro[q] != q) return false;
  }
  return true;
}

bool spmmFastF32(BinOp op, Red r, const SpmmPlan& pl, const float* lhs, const float* rhs, float* out,
                 int32_t* au, int32_t* ae) {
  const Bcast& bc = *pl.bc;
  simd::SpmmRows a{pl.indptr, pl.indices, pl.eids, lhs, rhs, out, au, ae, bc.outLen, pl.numEdges, 1};
  if (op == BinOp::Mul && r == Red::Sum && isPerHeadScale(bc, *pl.runs)) {
    // The widest kernels whose vectors fit inside one head (at or below the selected level).
    a.D = pl.runs->inner;
    bool below = false;
    for (const simd::Table* t : simdTables()) {
      below = below || t == gTable;
      if (below && a.D % t->width == 0) {
        runRows(t->mulHeadSum, a, pl);
        return true;
      }
    }
    return false;
  }
  const simd::Table& t = *gTable;
  simd::RowsFn fn = nullptr;
  if (r == Red::Sum) {
    if (op == BinOp::CopyL && bc.trivial) fn = t.copyLhsSum;
    else if (op == BinOp::CopyR && bc.trivial) fn = t.copyRhsSum;
    else if (op == BinOp::Mul && bc.trivial) fn = t.mulVecSum;
    // A scalar weight per edge, broadcast over the source row (GCN / GraphConv edge weights).
    else if (op == BinOp::Mul && bc.rhsLen == 1 && bc.lhsLen == bc.outLen) fn = t.mulScalarSum;
  } else if (op == BinOp::CopyL && bc.trivial) {
    fn = r == Red::Max ? t.copyLhsMax : t.copyLhsMin;
  }
  if (fn == nullptr) return false;
  runRows(fn, a, pl);
  return true;
}

template <class T, BinOp OP, Red R>
void spmmBc(const SpmmPlan& pl, const T* lhs, const T* rhs, T* out, int32_t* au, int32_t* ae) {
  const int ls = usesLhs<OP>() ? pl.runs->ls : 1, rs = usesRhs<OP>() ? pl.runs->rs : 1;
  if (ls == 1 && rs == 1) spmmKernel<T, OP, R, 1, 1>(pl, lhs, rhs, out, au, ae);
  else if (ls == 1) spmmKernel<T, OP, R, 1, 0>(pl, lhs, rhs, out, au, ae);
  else if (rs == 1) spmmKernel<T, OP, R, 0, 1>(pl, lhs, rhs, out, au, ae);
  else spmmKernel<T, OP, R, 0, 0>(pl, lhs, rhs, out, au, ae);
}

template <class T, BinOp OP>
void spmmRed(Red r, const SpmmPlan& pl, const T* lhs, const T* rhs, T* out, int32_t* au, int32_t* ae) {
  if constexpr (std::is_same_v<T, float>) {
    if (spmmFastF32(OP, r, pl, lhs, rhs, out, au, ae)) return;
  }
  switch (r) {
    case Red::Sum: spmmBc<T, OP, Red::Sum>(pl, lhs, rhs, out, nullptr, nullptr); break;
    case Red::Max: spmmBc<T, OP, Red::Max>(pl, lhs, rhs, out, au, ae); break;
    case Red::Min: spmmBc<T, OP, Red::Min>(pl, lhs, rhs, out, au, ae); break;
  }
}

template <class T>
void spmmTyped(BinOp op, Red r, const SpmmPlan& pl, const T* lhs, const T* rhs, T* out, int32_t* au,
               int32_t* ae) {
  switch (op) {
    case BinOp::Add: spmmRed<T, BinOp::Add>(r, pl, lhs, rhs, out, au, ae); break;
    case BinOp::Sub: spmmRed<T, BinOp::Sub>(r, pl, lhs, rhs, out, au, ae); break;
    case BinOp::Mul: spmmRed<T, BinOp::Mul>(r, pl, lhs, rhs, out, au, ae); break;
    case BinOp::Div: spmmRed<T, BinOp::Div>(r, pl, lhs, rhs, out, au, ae); break;
    case BinOp::CopyL: spmmRed<T, BinOp::CopyL>(r, pl, lhs, rhs, out, au, ae); break;
    case BinOp::CopyR: spmmRed<T, BinOp::CopyR>(r, pl, lhs, rhs, out, au, ae); break;
    case BinOp::Dot: break;  // rejected by the binding
  }
}

}  // namespace

// The instruction sets this build and CPU can run, best first.
std::vector<const simd::Table*> simdTables() {
  std::vector<const simd::Table*> r;
#if defined(DG_HAVE_AVX512)
  if (__builtin_cpu_supports("avx512f")) r.push_back(&simd::avx512Table());
#endif
#if defined(DG_HAVE_AVX2)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) r.push_back(&simd::avx2Table());
#endif
  r.push_back(&simd::baseTable());
  return r;
}

// Picks the float32 kernels: "auto" = the best the CPU supports, or a named level (for tests).
bool selectSimd(const std::string& want) {
  for (const simd::Table* t : simdTables()) {
    if (want == "auto" || want == t->name) {
      gTable = t;
      return true;
    }
  }
  return false;
}

std::vector<std::string> simdLevels() {
  std::vector<std::string> r;
  for (const simd::Table* t : simdTables()) r.push_back(t->name);
  return r;
}

const simd::Table& simdTable() { return *gTable; }

std::string simdName() { return gTable->name; }

Napi::Value Gspmm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throwType(env, "gspmm: expected an arguments object");
  Napi::Object a = info[0].As<Napi::Object>();
  BinOp op;
  Red red;
  const std::string opName = getString(a.Get("op"), "gspmm: op");
  if (!parseBinOp(opName, op) || op == BinOp::Dot) throwRange(env, "gspmm: unknown op '" + opName + "'");
  const std::string redName = getString(a.Get("reduce"), "gspmm: reduce");
  if (!parseRed(redName, red)) throwRange(env, "gspmm: unknown reduce '" + redName + "'");
  const int64_t numSrc = getCount(a.Get("numSrc"), "gspmm: numSrc");
  const int64_t numDst = getCount(a.Get("numDst"), "gspmm: numDst");
  const int64_t numEdges = getCount(a.Get("numEdges"), "gspmm: numEdges");

  const ArrayArg indptr = getIndexArray(a.Get("indptr"), "gspmm: indptr");
  const ArrayArg indices = getIndexArray(a.Get("indices"), "gspmm: indices");
  const ArrayArg eids = getIndexArray(a.Get("eids"), "gspmm: eids", true);
  const ArrayArg out = getFloatArray(a.Get("out"), "gspmm: out");
  const bool needL = op != BinOp::CopyR, needR = op != BinOp::CopyL;
  const ArrayArg lhs = needL ? getFloatArray(a.Get("lhs"), "gspmm: lhs") : ArrayArg{};
  const ArrayArg rhs = needR ? getFloatArray(a.Get("rhs"), "gspmm: rhs") : ArrayArg{};
  const std::vector<int64_t> outShape = getShape(a.Get("outShape"), "gspmm: outShape");
  const std::vector<int64_t> lhsShape = needL ? getShape(a.Get("lhsShape"), "gspmm: lhsShape") : outShape;
  const std::vector<int64_t> rhsShape = needR ? getShape(a.Get("rhsShape"), "gspmm: rhsShape") : lhsShape;
  const bool wantArgs = red != Red::Sum;
  const ArrayArg argU = wantArgs ? getIndexOutput(a.Get("argU"), "gspmm: argU", true) : ArrayArg{};
  const ArrayArg argE = wantArgs ? getIndexOutput(a.Get("argE"), "gspmm: argE", true) : ArrayArg{};

  Bcast bc;
  const std::vector<int64_t>& l = needL ? lhsShape : rhsShape;
  const std::vector<int64_t>& r = needR ? rhsShape : lhsShape;
  if (!makeBcast(l, r, outShape, bc)) {
    throwRange(env, "gspmm: lhsShape " + shapeStr(lhsShape) + " and rhsShape " + shapeStr(rhsShape) +
                        " do not broadcast to outShape " + shapeStr(outShape));
  }
  expectLength(env, indptr, numDst + 1, "gspmm: indptr");
  expectLength(env, indices, numEdges, "gspmm: indices");
  if (eids.present) expectLength(env, eids, numEdges, "gspmm: eids");
  expectLength(env, out, checkedMul(env, numDst, bc.outLen, "gspmm: out"), "gspmm: out");
  if (needL) {
    expectSameDType(env, lhs, out, "gspmm: lhs", "out");
    expectLength(env, lhs, checkedMul(env, numSrc, bc.lhsLen, "gspmm: lhs"), "gspmm: lhs");
  }
  if (needR) {
    expectSameDType(env, rhs, out, "gspmm: rhs", "out");
    expectLength(env, rhs, checkedMul(env, numEdges, bc.rhsLen, "gspmm: rhs"), "gspmm: rhs");
  }
  if (argU.present) expectLength(env, argU, numDst * bc.outLen, "gspmm: argU");
  if (argE.present) expectLength(env, argE, numDst * bc.outLen, "gspmm: argE");
  checkIndptr(env, indptr.as<int32_t>(), numDst, numEdges, "gspmm: indptr");
  checkIndices(env, indices.as<int32_t>(), numEdges, numSrc, "gspmm: indices");
  if (eids.present) checkIndices(env, eids.as<int32_t>(), numEdges, numEdges, "gspmm: eids");

  const Runs runs = makeRuns(bc, outShape);
  SpmmPlan pl{indptr.as<int32_t>(), indices.as<int32_t>(), eids.present ? eids.as<int32_t>() : nullptr,
              numDst, numEdges, &bc, &runs};
  int32_t* au = argU.present ? argU.as<int32_t>() : nullptr;
  int32_t* ae = argE.present ? argE.as<int32_t>() : nullptr;
  if (out.dtype == DType::F32) {
    spmmTyped<float>(op, red, pl, lhs.as<float>(), rhs.as<float>(), out.as<float>(), au, ae);
  } else {
    spmmTyped<double>(op, red, pl, lhs.as<double>(), rhs.as<double>(), out.as<double>(), au, ae);
  }
  return env.Undefined();
}

}  // namespace dg
