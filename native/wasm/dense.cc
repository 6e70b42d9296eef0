// Dense kernels of a training step for wasm32 + SIMD128: blocked matmul, elementwise, reductions,
// softmax, dropout masks (the addon's SIMD hash, native/simd/kernels_impl.h), rows by index.
// Arithmetic that the TypeScript backend does in double (parameters, exp/log) is done in double
// here too, so that results agree with it bit for bit where the operations are the same.
#include "wasm.h"

namespace dg {
namespace simd {
struct Table;
const Table& wasmTable();
}  // namespace simd
}  // namespace dg
#include "../simd/kernels.h"

namespace {

template <class T>
struct Vec {
  static constexpr int W = 16 / sizeof(T);
  typedef T V __attribute__((vector_size(16)));
  static V load(const T* p) { V v; __builtin_memcpy(&v, p, 16); return v; }
  static void store(T* p, V v) { __builtin_memcpy(p, &v, 16); }
};

// out[m, n] = a[m, k] @ b[k, n], all row-major. Four rows of out at a time, eight (float32) or
// four (float64) columns in two vectors per row: eight accumulators stay in registers while k
// runs, so each a element is loaded once per panel and each b vector feeds four rows.
template <class T>
void matmulPlain(const T* a, const T* b, T* out, int32_t m, int32_t k, int32_t n) {
  using X = Vec<T>;
  using V = typename X::V;
  constexpr int W = X::W, NC = 2 * W, MR = 4;
  int32_t i = 0;
  for (; i + MR <= m; i += MR) {
    int32_t j = 0;
    for (; j + NC <= n; j += NC) {
      V acc[MR][2] = {};
      for (int32_t p = 0; p < k; p++) {
        const V b0 = X::load(b + int64_t(p) * n + j), b1 = X::load(b + int64_t(p) * n + j + W);
        for (int r = 0; r < MR; r++) {
          const V s = V{} + a[int64_t(i + r) * k + p];
          acc[r][0] += s * b0;
          acc[r][1] += s * b1;
        }
      }
      for (int r = 0; r < MR; r++) {
        X::store(out + int64_t(i + r) * n + j, acc[r][0]);
        X::store(out + int64_t(i + r) * n + j + W, acc[r][1]);
      }
    }
    for (; j < n; j++) {
      for (int r = 0; r < MR; r++) {
        T acc = 0;
        for (int32_t p = 0; p < k; p++) acc += a[int64_t(i + r) * k + p] * b[int64_t(p) * n + j];
        out[int64_t(i + r) * n + j] = acc;
      }
    }
  }
  for (; i < m; i++) {
    T* o = out + int64_t(i) * n;
    for (int32_t j = 0; j < n; j++) o[j] = 0;
    for (int32_t p = 0; p < k; p++) {
      const T s = a[int64_t(i) * k + p];
      const T* br = b + int64_t(p) * n;
      for (int32_t j = 0; j < n; j++) o[j] += s * br[j];
    }
  }
}

template <class T>
void transpose(const T* x, int32_t rows, int32_t cols, T* out) {
  for (int32_t r = 0; r < rows; r++) {
    for (int32_t c = 0; c < cols; c++) out[int64_t(c) * rows + r] = x[int64_t(r) * cols + c];
  }
}

template <class T>
DG_OUTLINE void matmulTyped(const T* a, const T* b, T* out, int32_t batch, int32_t m, int32_t k, int32_t n, int ta, int tb,
                 int32_t aStride, int32_t bStride, T* scratchA, T* scratchB) {
  for (int32_t q = 0; q < batch; q++) {
    const T* aq = a + int64_t(q) * aStride;
    const T* bq = b + int64_t(q) * bStride;
    if (ta) { transpose(aq, k, m, scratchA); aq = scratchA; }
    // A broadcast b (stride 0) is transposed once.
    if (tb && (q == 0 || bStride != 0)) transpose(bq, n, k, scratchB);
    if (tb) bq = scratchB;
    matmulPlain(aq, bq, out + int64_t(q) * m * n, m, k, n);
  }
}

// out = op(a) @ b skipping the zeros of a, each output element summed over increasing k in double
// and rounded once per step, exactly as the TypeScript backend's sparse path
// (src/kernels/js/matmul-sparse.ts) adds into its typed array.
template <class T>
DG_OUTLINE void matmulSkipZeros(const T* a, const T* b, T* out, int32_t m, int32_t k, int32_t n, int ta) {
  for (int64_t i = 0; i < int64_t(m) * n; i++) out[i] = 0;
  for (int32_t i = 0; i < (ta ? k : m); i++) {
    const T* row = a + int64_t(i) * (ta ? m : k);
    for (int32_t q = 0; q < (ta ? m : k); q++) {
      if (row[q] == 0) continue;
      const double v = double(row[q]);
      // a[i, q] scales b row q into out row i; transposed, a[i, q] is op(a)[q, i]: b row i into out row q.
      const T* br = b + int64_t(ta ? i : q) * n;
      T* o = out + int64_t(ta ? q : i) * n;
      for (int32_t j = 0; j < n; j++) o[j] = T(double(o[j]) + v * double(br[j]));
    }
  }
}

enum Unary { kNeg = 0, kAbs, kSqrt, kReciprocal, kSquare, kRelu, kSign, kLeakyRelu, kClamp, kExp, kLog };

template <class T>
DG_OUTLINE void unaryTyped(int op, const T* x, T* out, int32_t n, double p0, double p1) {
  for (int32_t i = 0; i < n; i++) {
    const double v = double(x[i]);
    double r;
    switch (op) {
      case kNeg: r = -v; break;
      case kAbs: r = __builtin_fabs(v); break;
      case kSqrt: r = __builtin_sqrt(v); break;
      case kReciprocal: r = 1 / v; break;
      case kSquare: r = v * v; break;
      case kRelu: r = v > 0 ? v : 0; break;
      case kSign: r = v > 0 ? 1 : v < 0 ? -1 : v; break;  // Math.sign: keeps -0 and NaN
      case kLeakyRelu: r = v > 0 ? v : p0 * v; break;
      case kClamp: r = v < p0 ? p0 : v > p1 ? p1 : v; break;
      case kExp: r = js_exp(v); break;
      default: r = js_log(v); break;
    }
    out[i] = T(r);
  }
}

// out[i, j] = a[i * as + j * aj] op b[i * bs + j * bj] over a [rows, cols] view of the output.
template <class T>
DG_OUTLINE void binaryTyped(int op, const T* a, int32_t as, int32_t aj, const T* b, int32_t bs, int32_t bj, T* out, int32_t rows,
                 int32_t cols) {
  for (int32_t i = 0; i < rows; i++) {
    const T* ar = a + int64_t(i) * as;
    const T* br = b + int64_t(i) * bs;
    T* o = out + int64_t(i) * cols;
    if (aj == 1 && bj == 1) {
      for (int32_t j = 0; j < cols; j++) o[j] = dgw::binop<T>(op, ar[j], br[j]);
    } else {
      for (int32_t j = 0; j < cols; j++) o[j] = dgw::binop<T>(op, ar[j * aj], br[j * bj]);
    }
  }
}

template <class T>
DG_OUTLINE void reduceTyped(int red, const T* x, int32_t outer, int32_t size, int32_t inner, T* out) {
  const T init = red == dgw::kSum ? T(0) : red == dgw::kProd ? T(1) : red == dgw::kMax ? -__builtin_inf() : __builtin_inf();
  for (int32_t o = 0; o < outer; o++) {
    T* ob = out + int64_t(o) * inner;
    for (int32_t i = 0; i < inner; i++) ob[i] = init;
    for (int32_t s = 0; s < size; s++) {
      const T* row = x + (int64_t(o) * size + s) * inner;
      if (red == dgw::kSum) for (int32_t i = 0; i < inner; i++) ob[i] += row[i];
      else if (red == dgw::kProd) for (int32_t i = 0; i < inner; i++) ob[i] *= row[i];
      else if (red == dgw::kMax) for (int32_t i = 0; i < inner; i++) { if (row[i] > ob[i] || row[i] != row[i]) ob[i] = row[i]; }
      else for (int32_t i = 0; i < inner; i++) { if (row[i] < ob[i] || row[i] != row[i]) ob[i] = row[i]; }
    }
  }
}

template <class T>
DG_OUTLINE void softmaxTyped(const T* x, int32_t rows, int32_t cols, T* out, int log) {
  for (int32_t r = 0; r < rows; r++) {
    const T* xr = x + int64_t(r) * cols;
    T* o = out + int64_t(r) * cols;
    double m = -__builtin_inf();
    for (int32_t j = 0; j < cols; j++) if (double(xr[j]) > m) m = xr[j];
    if (m == -__builtin_inf()) m = 0;
    double s = 0;
    for (int32_t j = 0; j < cols; j++) s += js_exp(double(xr[j]) - m);
    if (log) {
      const double ls = js_log(s) + m;
      for (int32_t j = 0; j < cols; j++) o[j] = T(double(xr[j]) - ls);
    } else {
      const double inv = 1 / s;
      for (int32_t j = 0; j < cols; j++) o[j] = T(js_exp(double(xr[j]) - m) * inv);
    }
  }
}

}  // namespace

extern "C" {

DG_EXPORT(dg_matmul) void dg_matmul(int f64, const void* a, const void* b, void* out, int32_t batch, int32_t m, int32_t k,
                                    int32_t n, int ta, int tb, int32_t aStride, int32_t bStride, void* scratchA,
                                    void* scratchB) {
  if (!f64) {
    matmulTyped(static_cast<const float*>(a), static_cast<const float*>(b), static_cast<float*>(out), batch, m, k, n, ta, tb,
                aStride, bStride, static_cast<float*>(scratchA), static_cast<float*>(scratchB));
  } else {
    matmulTyped(static_cast<const double*>(a), static_cast<const double*>(b), static_cast<double*>(out), batch, m, k, n, ta,
                tb, aStride, bStride, static_cast<double*>(scratchA), static_cast<double*>(scratchB));
  }
}

DG_EXPORT(dg_matmul_skip_zeros) void dg_matmul_skip_zeros(int f64, const void* a, const void* b, void* out, int32_t m,
                                                          int32_t k, int32_t n, int ta) {
  if (!f64) matmulSkipZeros(static_cast<const float*>(a), static_cast<const float*>(b), static_cast<float*>(out), m, k, n, ta);
  else matmulSkipZeros(static_cast<const double*>(a), static_cast<const double*>(b), static_cast<double*>(out), m, k, n, ta);
}

DG_EXPORT(dg_unary) void dg_unary(int f64, int op, const void* x, void* out, int32_t n, double p0, double p1) {
  if (!f64) unaryTyped(op, static_cast<const float*>(x), static_cast<float*>(out), n, p0, p1);
  else unaryTyped(op, static_cast<const double*>(x), static_cast<double*>(out), n, p0, p1);
}

DG_EXPORT(dg_binary) void dg_binary(int f64, int op, const void* a, int32_t as, int32_t aj, const void* b, int32_t bs,
                                    int32_t bj, void* out, int32_t rows, int32_t cols) {
  if (!f64) {
    binaryTyped(op, static_cast<const float*>(a), as, aj, static_cast<const float*>(b), bs, bj, static_cast<float*>(out), rows,
                cols);
  } else {
    binaryTyped(op, static_cast<const double*>(a), as, aj, static_cast<const double*>(b), bs, bj, static_cast<double*>(out),
                rows, cols);
  }
}

DG_EXPORT(dg_reduce) void dg_reduce(int f64, int red, const void* x, int32_t outer, int32_t size, int32_t inner, void* out) {
  if (!f64) reduceTyped(red, static_cast<const float*>(x), outer, size, inner, static_cast<float*>(out));
  else reduceTyped(red, static_cast<const double*>(x), outer, size, inner, static_cast<double*>(out));
}

DG_EXPORT(dg_softmax) void dg_softmax(int f64, const void* x, int32_t rows, int32_t cols, void* out, int log) {
  if (!f64) softmaxTyped(static_cast<const float*>(x), rows, cols, static_cast<float*>(out), log);
  else softmaxTyped(static_cast<const double*>(x), rows, cols, static_cast<double*>(out), log);
}

// Inverted-dropout multipliers (threshold = ceil(p * 2^32), keep = 1 / (1 - p) already rounded to
// the dtype), times input when given; the hash is the addon's SIMD one.
DG_EXPORT(dg_dropout) void dg_dropout(int f64, void* mask, int32_t n, uint32_t seed, double threshold, double keep,
                                      const void* input) {
  const dg::simd::Table& t = dg::simd::wasmTable();
  const uint64_t thr = uint64_t(threshold);
  if (!f64) {
    float* m = static_cast<float*>(mask);
    t.dropoutF32(m, 0, n, seed, thr, float(keep));
    if (input) for (int32_t i = 0; i < n; i++) m[i] *= static_cast<const float*>(input)[i];
  } else {
    double* m = static_cast<double*>(mask);
    t.dropoutF64(m, 0, n, seed, thr, keep);
    if (input) for (int32_t i = 0; i < n; i++) m[i] *= static_cast<const double*>(input)[i];
  }
}

// out[i, :] = src[idx[i], :] for rows of rowBytes bytes (any dtype).
DG_EXPORT(dg_gather_rows) void dg_gather_rows(const uint8_t* src, int32_t rowBytes, const int32_t* idx, int32_t n,
                                              uint8_t* out) {
  for (int32_t i = 0; i < n; i++) __builtin_memcpy(out + int64_t(i) * rowBytes, src + int64_t(idx[i]) * rowBytes, rowBytes);
}

DG_EXPORT(dg_scatter_add_rows) void dg_scatter_add_rows(int f64, const void* src, int32_t rowLen, const int32_t* idx,
                                                        int32_t n, void* out) {
  for (int32_t i = 0; i < n; i++) {
    if (!f64) {
      const float* s = static_cast<const float*>(src) + int64_t(i) * rowLen;
      float* o = static_cast<float*>(out) + int64_t(idx[i]) * rowLen;
      for (int32_t k = 0; k < rowLen; k++) o[k] += s[k];
    } else {
      const double* s = static_cast<const double*>(src) + int64_t(i) * rowLen;
      double* o = static_cast<double*>(out) + int64_t(idx[i]) * rowLen;
      for (int32_t k = 0; k < rowLen; k++) o[k] += s[k];
    }
  }
}

}  // extern "C"
