// Elementwise and row kernels: unary, binary with NumPy broadcasting, reduce, softmax.
#include <napi.h>
#include <vector>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <limits>
#include "napi_util.h"
#include "simd/kernels.h"

namespace dg {

const simd::Table& simdTable();

namespace {

enum class Un { Neg, Exp, Log, Sqrt, Abs, Sign, Recip, Square, Relu, Sigmoid, Tanh, Softplus, Gelu, Elu, Leaky,
                Clamp, Pow };
enum class Ar { Add, Sub, Mul, Div, Pow, Max, Min };

struct UnParams { double alpha, lo, hi, exponent; };

template <class T, Un OP>
inline T un(T v, const UnParams& p) {
  if constexpr (OP == Un::Neg) return -v;
  else if constexpr (OP == Un::Exp) return std::exp(v);
  else if constexpr (OP == Un::Log) return std::log(v);
  else if constexpr (OP == Un::Sqrt) return std::sqrt(v);
  else if constexpr (OP == Un::Abs) return std::fabs(v);
  else if constexpr (OP == Un::Sign) return v > 0 ? T(1) : v < 0 ? T(-1) : v;
  else if constexpr (OP == Un::Recip) return T(1) / v;
  else if constexpr (OP == Un::Square) return v * v;
  else if constexpr (OP == Un::Relu) return v > 0 ? v : T(0);
  // Split by sign so exp never overflows.
  else if constexpr (OP == Un::Sigmoid) { if (v >= 0) return T(1) / (T(1) + std::exp(-v)); const T e = std::exp(v); return e / (T(1) + e); }
  else if constexpr (OP == Un::Tanh) return std::tanh(v);
  else if constexpr (OP == Un::Softplus) return (v > 0 ? v : T(0)) + std::log1p(std::exp(-std::fabs(v)));
  else if constexpr (OP == Un::Gelu) return T(0.5) * v * (T(1) + std::erf(v * T(0.70710678118654752440)));
  else if constexpr (OP == Un::Elu) return v > 0 ? v : T(p.alpha) * std::expm1(v);
  else if constexpr (OP == Un::Leaky) return v > 0 ? v : T(p.alpha) * v;
  else if constexpr (OP == Un::Clamp) return v < T(p.lo) ? T(p.lo) : v > T(p.hi) ? T(p.hi) : v;
  else return p.exponent == 2 ? v * v : T(std::pow(double(v), p.exponent));
}

// Ops that call into libm (everything else is a few instructions per element).
constexpr bool isMath(Un op) {
  return op == Un::Exp || op == Un::Log || op == Un::Sigmoid || op == Un::Tanh || op == Un::Softplus ||
         op == Un::Gelu || op == Un::Elu || op == Un::Pow;
}

template <class T, Un OP>
void unaryT(const T* x, T* out, int64_t n, const UnParams& p) {
  parallelRanges(n, isMath(OP) ? kGrainMath : kGrainStream, [&](int64_t b, int64_t e) {
    // Locals: the captures live in a closure whose address escapes, so out might alias them.
    const T* xs = x;
    T* os = out;
    const UnParams q = p;
#pragma omp simd
    for (int64_t i = b; i < e; i++) os[i] = un<T, OP>(xs[i], q);
  });
}

template <class T>
void unaryDispatch(Un op, const T* x, T* out, int64_t n, const UnParams& p) {
  switch (op) {
#define DG_UN(N) case Un::N: unaryT<T, Un::N>(x, out, n, p); break;
    DG_UN(Neg) DG_UN(Exp) DG_UN(Log) DG_UN(Sqrt) DG_UN(Abs) DG_UN(Sign) DG_UN(Recip) DG_UN(Square) DG_UN(Relu)
    DG_UN(Sigmoid) DG_UN(Tanh) DG_UN(Softplus) DG_UN(Gelu) DG_UN(Elu) DG_UN(Leaky) DG_UN(Clamp) DG_UN(Pow)
#undef DG_UN
  }
}

template <class T, Ar OP>
inline T ar(T a, T b) {
  if constexpr (OP == Ar::Add) return a + b;
  else if constexpr (OP == Ar::Sub) return a - b;
  else if constexpr (OP == Ar::Mul) return a * b;
  else if constexpr (OP == Ar::Div) return a / b;
  else if constexpr (OP == Ar::Pow) return T(std::pow(double(a), double(b)));
  // NaN propagates from either side (as the TypeScript kernel does). A bitwise | rather than ||
  // keeps the test branch-free, so the loop vectorises.
  else if constexpr (OP == Ar::Max) return (a >= b) | (a != a) ? a : b;
  else return (a <= b) | (a != a) ? a : b;
}

// out viewed as [rows, inner]; the strides of a and b along out's dims (0 = broadcast).
struct BinPlan {
  std::vector<int64_t> out, sa, sb;
  int64_t rows, inner, ia, ib;
  bool flat;
};

template <class T, Ar OP>
void binaryT(const BinPlan& p, const T* a, const T* b, T* o) {
  if (p.flat) {
    parallelRanges(p.rows * p.inner, OP == Ar::Pow ? kGrainMath : kGrainStream, [&](int64_t lo, int64_t hi) {
      const T* as = a;
      const T* bs = b;
      T* os = o;
#pragma omp simd
      for (int64_t i = lo; i < hi; i++) os[i] = ar<T, OP>(as[i], bs[i]);
    });
    return;
  }
  const int64_t nd = int64_t(p.out.size());
  const int64_t ia = p.ia, ib = p.ib, inner = p.inner;
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (p.rows * inner > (OP == Ar::Pow ? kGrainMath : kGrainScalar))
  for (int64_t r = 0; r < p.rows; r++) {
    // Decompose the row index over the leading dims to find both operands' offsets.
    int64_t rem = r, oa = 0, ob = 0;
    for (int64_t d = nd - 2; d >= 0; d--) {
      const int64_t i = rem % p.out[d];
      rem /= p.out[d];
      oa += i * p.sa[d];
      ob += i * p.sb[d];
    }
    T* orow = o + r * inner;
    if (ia == 1 && ib == 1) for (int64_t j = 0; j < inner; j++) orow[j] = ar<T, OP>(a[oa + j], b[ob + j]);
    else if (ia == 1 && ib == 0) { const T bv = b[ob]; for (int64_t j = 0; j < inner; j++) orow[j] = ar<T, OP>(a[oa + j], bv); }
    else if (ia == 0 && ib == 1) { const T av = a[oa]; for (int64_t j = 0; j < inner; j++) orow[j] = ar<T, OP>(av, b[ob + j]); }
    else for (int64_t j = 0; j < inner; j++) orow[j] = ar<T, OP>(a[oa + j * ia], b[ob + j * ib]);
  }
}

template <class T>
void binaryDispatch(Ar op, const BinPlan& p, const T* a, const T* b, T* o) {
  switch (op) {
#define DG_AR(N) case Ar::N: binaryT<T, Ar::N>(p, a, b, o); break;
    DG_AR(Add) DG_AR(Sub) DG_AR(Mul) DG_AR(Div) DG_AR(Pow) DG_AR(Max) DG_AR(Min)
#undef DG_AR
  }
}

// Strides of `shape` (right-aligned) seen through `out`; false when it does not broadcast.
bool bcastStrides(const std::vector<int64_t>& shape, const std::vector<int64_t>& out, std::vector<int64_t>& st) {
  const size_t nd = out.size();
  if (shape.size() > nd) return false;
  st.assign(nd, 0);
  int64_t s = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    const size_t o = nd - shape.size() + i;
    if (shape[i] != 1 && shape[i] != out[o]) return false;
    st[o] = shape[i] == 1 ? 0 : s;
    s *= shape[i];
  }
  return true;
}

// Sum over `size` rows of `inner` values when there are too few outer slabs to share between
// threads (a full sum, a bias gradient's column sums): fixed blocks of rows, each summed on its
// own (16 partial sums when inner is 1, so the adds vectorise instead of forming one dependent
// chain), then the block sums added in block order. The blocks do not depend on the thread count,
// so neither does the result.
template <class T>
void sumBlocked(const T* x, int64_t size, int64_t inner, T* out) {
  constexpr int64_t kBlockRows = 4096;
  const int64_t nb = (size + kBlockRows - 1) / kBlockRows;
  std::vector<T> part(size_t(nb * inner), T(0));
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (size * inner > kGrainStream)
  for (int64_t b = 0; b < nb; b++) {
    T* p = part.data() + b * inner;
    const int64_t s0 = b * kBlockRows, s1 = std::min(size, s0 + kBlockRows);
    if (inner == 1) {
      T acc[16] = {};
      int64_t s = s0;
      for (; s + 16 <= s1; s += 16)
        for (int j = 0; j < 16; j++) acc[j] += x[s + j];
      T t = 0;
      for (int j = 0; j < 16; j++) t += acc[j];
      for (; s < s1; s++) t += x[s];
      p[0] = t;
    } else {
      for (int64_t s = s0; s < s1; s++) {
        const T* row = x + s * inner;
        for (int64_t i = 0; i < inner; i++) p[i] += row[i];
      }
    }
  }
  for (int64_t i = 0; i < inner; i++) out[i] = 0;
  for (int64_t b = 0; b < nb; b++)
    for (int64_t i = 0; i < inner; i++) out[i] += part[size_t(b * inner + i)];
}

template <class T, int OP>  // 0 sum, 1 prod, 2 max, 3 min
void reduceT(const T* x, int64_t outer, int64_t size, int64_t inner, T* out) {
  if constexpr (OP == 0) {
    // Chosen by shape alone, so the thread count never changes the summation order.
    if (outer < 8 && size >= 8192) {
      for (int64_t o = 0; o < outer; o++) sumBlocked(x + o * size * inner, size, inner, out + o * inner);
      return;
    }
    // Sums of contiguous rows (the last axis): one row's sum is a chain of dependent adds, four
    // cycles each. Sixteen rows at a time are sixteen independent chains, each still added in
    // order from 0, so every row's sum is the one the plain loop gives (and the TypeScript kernel).
    if (inner == 1 && outer >= 16 && size > 1) {
      const int64_t groups = outer / 16;
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (outer * size > kGrainScalar)
      for (int64_t g = 0; g < groups; g++) {
        const T* base = x + g * 16 * size;
        T acc[16];
        for (int k = 0; k < 16; k++) acc[k] = T(0);
        for (int64_t s = 0; s < size; s++)
          for (int k = 0; k < 16; k++) acc[k] += base[k * size + s];
        for (int k = 0; k < 16; k++) out[g * 16 + k] = acc[k];
      }
      for (int64_t o = groups * 16; o < outer; o++) {
        T a = T(0);
        for (int64_t s = 0; s < size; s++) a += x[o * size + s];
        out[o] = a;
      }
      return;
    }
  }
  const T init = OP == 0 ? T(0) : OP == 1 ? T(1) : OP == 2 ? -std::numeric_limits<T>::infinity()
                                                           : std::numeric_limits<T>::infinity();
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (outer > 1 && outer * size * inner > kGrainScalar)
  for (int64_t o = 0; o < outer; o++) {
    T* ob = out + o * inner;
    for (int64_t i = 0; i < inner; i++) ob[i] = init;
    for (int64_t s = 0; s < size; s++) {
      const T* row = x + (o * size + s) * inner;
      for (int64_t i = 0; i < inner; i++) {
        const T v = row[i];
        if constexpr (OP == 0) ob[i] += v;
        else if constexpr (OP == 1) ob[i] *= v;
        else if constexpr (OP == 2) { if (v > ob[i] || std::isnan(v)) ob[i] = v; }
        else { if (v < ob[i] || std::isnan(v)) ob[i] = v; }
      }
    }
  }
}

template <class T>
void softmaxT(const T* x, int64_t rows, int64_t cols, T* out, bool log) {
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (rows * cols > kGrainMath)
  for (int64_t r = 0; r < rows; r++) {
    const T* xr = x + r * cols;
    T* o = out + r * cols;
    T m = -std::numeric_limits<T>::infinity();
    for (int64_t j = 0; j < cols; j++) if (xr[j] > m) m = xr[j];
    if (m == -std::numeric_limits<T>::infinity()) m = 0;
    T s = 0;
    for (int64_t j = 0; j < cols; j++) s += std::exp(xr[j] - m);
    if (log) {
      const T ls = std::log(s) + m;
      for (int64_t j = 0; j < cols; j++) o[j] = xr[j] - ls;
    } else {
      const T inv = T(1) / s;
      for (int64_t j = 0; j < cols; j++) o[j] = std::exp(xr[j] - m) * inv;
    }
  }
}

double optNumber(const Napi::Object& o, const char* key, double dflt) {
  const Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return dflt;
  if (!v.IsNumber()) throwType(o.Env(), std::string("unary: params.") + key + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

}  // namespace

Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* names[] = {"neg", "exp", "log", "sqrt", "abs", "sign", "reciprocal", "square", "relu",
                                "sigmoid", "tanh", "softplus", "gelu", "elu", "leakyRelu", "clamp", "powScalar"};
  const std::string name = getString(info[0], "unary: op");
  int idx = -1;
  for (int i = 0; i < 17; i++) if (name == names[i]) idx = i;
  if (idx < 0) throwRange(env, "unary: unknown op '" + name + "'");
  const Un op = static_cast<Un>(idx);
  const ArrayArg x = getFloatArray(info[1], "unary: x");
  const ArrayArg out = getFloatArray(info[2], "unary: out");
  expectSameDType(env, out, x, "unary: out", "x");
  expectLength(env, out, x.length, "unary: out");
  UnParams p{op == Un::Leaky ? 0.01 : 1.0, -INFINITY, INFINITY, 1.0};
  if (info.Length() > 3 && !info[3].IsUndefined()) {
    if (!info[3].IsObject()) throwType(env, "unary: params must be an object");
    const Napi::Object o = info[3].As<Napi::Object>();
    p.alpha = optNumber(o, "alpha", p.alpha);
    p.lo = optNumber(o, "min", p.lo);
    p.hi = optNumber(o, "max", p.hi);
    p.exponent = optNumber(o, "exponent", p.exponent);
  }
  if (x.dtype == DType::F32) unaryDispatch<float>(op, x.as<float>(), out.as<float>(), x.length, p);
  else unaryDispatch<double>(op, x.as<double>(), out.as<double>(), x.length, p);
  return env.Undefined();
}

Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* names[] = {"add", "sub", "mul", "div", "pow", "maximum", "minimum"};
  const std::string name = getString(info[0], "binary: op");
  int idx = -1;
  for (int i = 0; i < 7; i++) if (name == names[i]) idx = i;
  if (idx < 0) throwRange(env, "binary: unknown op '" + name + "'");
  const ArrayArg a = getFloatArray(info[1], "binary: a");
  const std::vector<int64_t> aShape = getShape(info[2], "binary: aShape");
  const ArrayArg b = getFloatArray(info[3], "binary: b");
  const std::vector<int64_t> bShape = getShape(info[4], "binary: bShape");
  const ArrayArg out = getFloatArray(info[5], "binary: out");
  BinPlan p;
  p.out = getShape(info[6], "binary: outShape");
  expectSameDType(env, b, a, "binary: b", "a");
  expectSameDType(env, out, a, "binary: out", "a");
  expectLength(env, a, prod(aShape), "binary: a");
  expectLength(env, b, prod(bShape), "binary: b");
  expectLength(env, out, prod(p.out), "binary: out");
  if (!bcastStrides(aShape, p.out, p.sa) || !bcastStrides(bShape, p.out, p.sb)) {
    throwRange(env, "binary: shapes " + shapeStr(aShape) + " and " + shapeStr(bShape) +
                        " do not broadcast to " + shapeStr(p.out));
  }
  const int64_t n = prod(p.out);
  if (n == 0) return env.Undefined();
  p.flat = a.length == n && b.length == n;
  p.inner = p.out.empty() ? 1 : p.out.back();
  p.rows = n / p.inner;
  p.ia = p.out.empty() ? 0 : p.sa.back();
  p.ib = p.out.empty() ? 0 : p.sb.back();
  if (a.dtype == DType::F32) binaryDispatch<float>(Ar(idx), p, a.as<float>(), b.as<float>(), out.as<float>());
  else binaryDispatch<double>(Ar(idx), p, a.as<double>(), b.as<double>(), out.as<double>());
  return env.Undefined();
}

Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string name = getString(info[0], "reduce: op");
  const int op = name == "sum" ? 0 : name == "prod" ? 1 : name == "max" ? 2 : name == "min" ? 3 : -1;
  if (op < 0) throwRange(env, "reduce: unknown op '" + name + "'");
  const ArrayArg x = getFloatArray(info[1], "reduce: x");
  const int64_t outer = getCount(info[2], "reduce: outer", true);
  const int64_t size = getCount(info[3], "reduce: size", true);
  const int64_t inner = getCount(info[4], "reduce: inner", true);
  const ArrayArg out = getFloatArray(info[5], "reduce: out");
  expectSameDType(env, out, x, "reduce: out", "x");
  const int64_t oi = checkedMul(env, outer, inner, "reduce: outer*inner");
  expectLength(env, x, checkedMul(env, oi, size, "reduce: x"), "reduce: x");
  expectLength(env, out, oi, "reduce: out");
  auto run = [&](auto* xs, auto* os) {
    using T = std::remove_pointer_t<decltype(os)>;
    switch (op) {
      case 0: reduceT<T, 0>(xs, outer, size, inner, os); break;
      case 1: reduceT<T, 1>(xs, outer, size, inner, os); break;
      case 2: reduceT<T, 2>(xs, outer, size, inner, os); break;
      default: reduceT<T, 3>(xs, outer, size, inner, os);
    }
  };
  if (x.dtype == DType::F32) run(x.as<const float>(), out.as<float>());
  else run(x.as<const double>(), out.as<double>());
  return env.Undefined();
}

Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ArrayArg x = getFloatArray(info[0], "softmax: x");
  const int64_t rows = getCount(info[1], "softmax: rows", true);
  const int64_t cols = getCount(info[2], "softmax: cols", true);
  const ArrayArg out = getFloatArray(info[3], "softmax: out");
  const bool log = getBool(info[4], "softmax: log");
  expectSameDType(env, out, x, "softmax: out", "x");
  const int64_t n = checkedMul(env, rows, cols, "softmax: rows*cols");
  expectLength(env, x, n, "softmax: x");
  expectLength(env, out, n, "softmax: out");
  if (x.dtype == DType::F32) softmaxT<float>(x.as<float>(), rows, cols, out.as<float>(), log);
  else softmaxT<double>(x.as<double>(), rows, cols, out.as<double>(), log);
  return env.Undefined();
}

}  // namespace dg
