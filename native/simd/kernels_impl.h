// The kernel bodies, written once with GCC vector extensions (portable: SSE/AVX/AVX-512 on x86,
// NEON on arm64) and instantiated per ISA by kernels_*.cc inside an anonymous namespace.
// Before including, a TU defines DG_VEC_WIDTH (floats per vector) and DG_VEC_BLOCK (vectors of
// the output row kept in registers while the in-edges stream past).
//
// Why it is fast: each destination row's block of NV*W outputs stays in registers for the whole
// in-edge list, so every source row is read once and every output written once (the byte model
// of BENCH.md); source rows kPrefetch edges ahead, across row boundaries, are prefetched so that
// several random gathers are in flight at once.
// (<cstring> and ../sampling/rng.h are included by the TU before its namespaces.)

constexpr int W = DG_VEC_WIDTH;
constexpr int NV = DG_VEC_BLOCK;
constexpr int64_t kPrefetch = 8;

typedef float V __attribute__((vector_size(W * 4)));
typedef int32_t VI __attribute__((vector_size(W * 4)));

inline V load(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, V v) { std::memcpy(p, &v, sizeof v); }
inline void storeI(int32_t* p, VI v) { std::memcpy(p, &v, sizeof v); }
inline V splat(float x) { return V{} + x; }
inline VI splatI(int32_t x) { return VI{} + x; }

using dg::prefetchLine;

inline void prefetchRow(const float* row, int64_t bytes) {
  const char* c = reinterpret_cast<const char*>(row);
  for (int64_t b = 0; b < bytes; b += 64) prefetchLine(c + b);
}

enum Kind { CopyL, MulS, MulV, CopyR, MulH };

template <Kind K>
inline void prefetchEdge(const dg::simd::SpmmRows& a, int64_t q, int64_t f0, int64_t bytes) {
  if (q >= a.numEdges) return;
  const int64_t eq = a.eids ? a.eids[q] : q;
  if (K != CopyR) prefetchRow(a.lhs + int64_t(a.indices[q]) * a.F + f0, bytes);
  if (K == MulS && a.eids) prefetchLine(reinterpret_cast<const char*>(a.rhs + eq));
  if (K == MulH && a.eids) prefetchLine(reinterpret_cast<const char*>(a.rhs + eq * (a.F / a.D) + f0 / a.D));
  if (K == MulV || K == CopyR) prefetchRow(a.rhs + eq * a.F + f0, bytes);
}

// One block [f0, f0 + NB*W) of one destination row, summed over its in-edges.
template <Kind K, int NB>
inline void sumBlock(const dg::simd::SpmmRows& a, int64_t v, int64_t f0) {
  const int64_t b = a.indptr[v], e = a.indptr[v + 1], F = a.F;
  V acc[NB];
  for (int k = 0; k < NB; k++) acc[k] = V{};
  for (int64_t p = b; p < e; p++) {
    prefetchEdge<K>(a, p + kPrefetch, f0, NB * W * 4);
    const int64_t eid = a.eids ? a.eids[p] : p;
    const float* l = K == CopyR ? nullptr : a.lhs + int64_t(a.indices[p]) * F + f0;
    if constexpr (K == CopyL) {
      for (int k = 0; k < NB; k++) acc[k] += load(l + k * W);
    } else if constexpr (K == MulS) {
      const V s = splat(a.rhs[eid]);
      for (int k = 0; k < NB; k++) acc[k] += load(l + k * W) * s;
    } else if constexpr (K == MulV) {
      const float* r = a.rhs + eid * F + f0;
      for (int k = 0; k < NB; k++) acc[k] += load(l + k * W) * load(r + k * W);
    } else if constexpr (K == MulH) {
      // D % W == 0: each vector lies inside one head.
      const float* r = a.rhs + eid * (F / a.D);
      for (int k = 0; k < NB; k++) acc[k] += load(l + k * W) * splat(r[(f0 + k * W) / a.D]);
    } else {
      const float* r = a.rhs + eid * F + f0;
      for (int k = 0; k < NB; k++) acc[k] += load(r + k * W);
    }
  }
  float* o = a.out + v * F + f0;
  for (int k = 0; k < NB; k++) store(o + k * W, acc[k]);
}

// Features [f0, F) that do not fill a vector, one scalar at a time (same summation order).
template <Kind K>
inline void sumTail(const dg::simd::SpmmRows& a, int64_t v, int64_t f0) {
  const int64_t b = a.indptr[v], e = a.indptr[v + 1], F = a.F;
  float* o = a.out + v * F;
  for (int64_t f = f0; f < F; f++) o[f] = 0;
  for (int64_t p = b; p < e; p++) {
    const int64_t eid = a.eids ? a.eids[p] : p;
    const float* l = K == CopyR ? nullptr : a.lhs + int64_t(a.indices[p]) * F;
    const float* r = K == MulV || K == CopyR ? a.rhs + eid * F : nullptr;
    for (int64_t f = f0; f < F; f++) {
      if constexpr (K == CopyL) o[f] += l[f];
      else if constexpr (K == MulS) o[f] += l[f] * a.rhs[eid];
      else if constexpr (K == MulV) o[f] += l[f] * r[f];
      else if constexpr (K == MulH) o[f] += l[f] * a.rhs[eid * (F / a.D) + f / a.D];
      else o[f] += r[f];
    }
  }
}

template <Kind K>
void sumRows(const dg::simd::SpmmRows& a, int64_t r0, int64_t r1) {
  const int64_t F = a.F;
  for (int64_t v = r0; v < r1; v++) {
    int64_t f0 = 0;
    for (; f0 + NV * W <= F; f0 += NV * W) sumBlock<K, NV>(a, v, f0);
    for (; f0 + W <= F; f0 += W) sumBlock<K, 1>(a, v, f0);
    if (f0 < F) sumTail<K>(a, v, f0);
  }
}

// copyLhs max (MAX = true) / min over in-edges with the winners' source node and edge id.
// As the TypeScript kernel: the first in-edge seeds, a later one must be strictly better (so NaN
// never displaces and ties keep the first); rows without in-edges get 0 and -1.
// The in-edge loop of one block: running extremes to o, winning positions to pos (if given).
// Kept out of line: with the id conversion below inlined into it, GCC 12 spills the accumulators.
template <bool MAX, int NB>
__attribute__((noinline)) void extremeLoop(const dg::simd::SpmmRows& a, int64_t b, int64_t e, int64_t f0, float* o,
                                           int32_t* pos) {
  const int64_t F = a.F;
  V acc[NB];
  VI best[NB];
  const float* l0 = a.lhs + int64_t(a.indices[b]) * F + f0;
  for (int k = 0; k < NB; k++) {
    acc[k] = load(l0 + k * W);
    best[k] = splatI(int32_t(b));
  }
  for (int64_t p = b + 1; p < e; p++) {
    prefetchEdge<CopyL>(a, p + kPrefetch, f0, f0 == 0 && F >= 2 * NB * W ? 2 * NB * W * 4 : NB * W * 4);
    const VI sp = splatI(int32_t(p));
    const float* l = a.lhs + int64_t(a.indices[p]) * F + f0;
    for (int k = 0; k < NB; k++) {
      const V x = load(l + k * W);
      const VI m = MAX ? (x > acc[k]) : (x < acc[k]);
      acc[k] = m ? x : acc[k];
      best[k] = m ? sp : best[k];
    }
  }
  for (int k = 0; k < NB; k++) {
    store(o + k * W, acc[k]);
    if (pos) storeI(pos + k * W, best[k]);
  }
}

template <bool MAX, int NB>
inline void extremeBlock(const dg::simd::SpmmRows& a, int64_t v, int64_t f0) {
  const int64_t b = a.indptr[v], e = a.indptr[v + 1], F = a.F;
  float* o = a.out + v * F + f0;
  int32_t* au = a.argU ? a.argU + v * F + f0 : nullptr;
  int32_t* ae = a.argE ? a.argE + v * F + f0 : nullptr;
  if (b == e) {
    for (int k = 0; k < NB; k++) {
      store(o + k * W, V{});
      if (au) storeI(au + k * W, splatI(-1));
      if (ae) storeI(ae + k * W, splatI(-1));
    }
    return;
  }
  // Only the winning position is tracked per lane (one blend); node and edge ids follow from it.
  int32_t* pos = ae ? ae : au;
  extremeLoop<MAX, NB>(a, b, e, f0, o, pos);
  if (pos == nullptr) return;
  for (int i = 0; i < NB * W; i++) {
    const int32_t q = pos[i];
    if (au) au[i] = a.indices[q];
    if (ae) ae[i] = a.eids ? a.eids[q] : q;
  }
}

template <bool MAX>
inline void extremeTail(const dg::simd::SpmmRows& a, int64_t v, int64_t f0) {
  const int64_t b = a.indptr[v], e = a.indptr[v + 1], F = a.F;
  for (int64_t f = f0; f < F; f++) {
    float best = 0;
    int32_t bu = -1, be = -1;
    for (int64_t p = b; p < e; p++) {
      const int32_t u = a.indices[p];
      const float x = a.lhs[int64_t(u) * F + f];
      if (p == b || (MAX ? x > best : x < best)) {
        best = x;
        bu = u;
        be = a.eids ? a.eids[p] : int32_t(p);
      }
    }
    a.out[v * F + f] = best;
    if (a.argU) a.argU[v * F + f] = bu;
    if (a.argE) a.argE[v * F + f] = be;
  }
}

// Half the sum kernel's block for max/min: with NV blocks GCC 12 spills the position vectors
// (masked moves) on every edge. The first sweep prefetches the rest of the row for the next.
constexpr int NVX = NV / 2;

template <bool MAX>
void extremeRows(const dg::simd::SpmmRows& a, int64_t r0, int64_t r1) {
  const int64_t F = a.F;
  for (int64_t v = r0; v < r1; v++) {
    int64_t f0 = 0;
    for (; f0 + NVX * W <= F; f0 += NVX * W) extremeBlock<MAX, NVX>(a, v, f0);
    for (; f0 + W <= F; f0 += W) extremeBlock<MAX, 1>(a, v, f0);
    if (f0 < F) extremeTail<MAX>(a, v, f0);
  }
}

// Per edge and head: the dot product of two D-long rows, accumulated in NB vectors whose lanes
// are then added in a fixed order (so the result does not depend on the thread split).
inline float dotRow(const float* x, const float* y, int64_t D) {
  V acc[4] = {V{}, V{}, V{}, V{}};
  int64_t d = 0;
  for (; d + 4 * W <= D; d += 4 * W) {
    for (int k = 0; k < 4; k++) acc[k] += load(x + d + k * W) * load(y + d + k * W);
  }
  for (; d + W <= D; d += W) acc[0] += load(x + d) * load(y + d);
  const V s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  float t = 0;
  for (int i = 0; i < W; i++) t += s[i];
  for (; d < D; d++) t += x[d] * y[d];
  return t;
}

void dotEdges(const dg::simd::SddmmDot& a, int64_t begin, int64_t end) {
  const int64_t rowLen = a.heads * a.D;
  for (int64_t e = begin; e < end; e++) {
    const int64_t q = e + 2 * kPrefetch;  // two rows per edge: look further ahead
    if (q < a.numEdges) {
      prefetchRow(a.lhs + (a.lhsRow ? int64_t(a.lhsRow[q]) : q) * rowLen, rowLen * 4);
      prefetchRow(a.rhs + (a.rhsRow ? int64_t(a.rhsRow[q]) : q) * rowLen, rowLen * 4);
    }
    const float* x = a.lhs + (a.lhsRow ? int64_t(a.lhsRow[e]) : e) * rowLen;
    const float* y = a.rhs + (a.rhsRow ? int64_t(a.rhsRow[e]) : e) * rowLen;
    for (int64_t h = 0; h < a.heads; h++) a.out[e * a.heads + h] = dotRow(x + h * a.D, y + h * a.D, a.D);
  }
}

// Dropout masks: W hashes at once (the murmur3-style mix of sampling/rng.h, whose second word,
// the counter, is 0), compared with the threshold as unsigned integers.
typedef uint32_t VU __attribute__((vector_size(W * 4)));

inline VU rotl(VU x, int r) { return (x << r) | (x >> (32 - r)); }

inline VU dropoutHash(uint32_t seed, int64_t i0) {
  VU k;
  for (int t = 0; t < W; t++) k[t] = uint32_t(i0) + uint32_t(t);
  k *= 0xcc9e2d51u;
  k = rotl(k, 15);
  k *= 0x1b873593u;
  VU h = (VU{} + seed) ^ k;
  h = rotl(h, 13) * 5u + 0xe6546b64u;
  h = rotl(h, 13) * 5u + 0xe6546b64u;  // mixWord(h, 0)
  h ^= 12u;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

template <class T>
void dropoutRange(T* mask, int64_t begin, int64_t end, uint32_t seed, uint64_t threshold, T keep) {
  if (threshold > 0xffffffffull) {
    for (int64_t i = begin; i < end; i++) mask[i] = T(0);
    return;
  }
  const VU thr = VU{} + uint32_t(threshold);
  int64_t i = begin;
  for (; i + W <= end; i += W) {
    const VU kept = (VU)(dropoutHash(seed, i) >= thr);
    if constexpr (sizeof(T) == 4) {
      uint32_t kb;
      std::memcpy(&kb, &keep, 4);
      const VU bits = kept & kb;
      std::memcpy(mask + i, &bits, sizeof bits);
    } else {
      for (int t = 0; t < W; t++) mask[i + t] = kept[t] ? keep : T(0);
    }
  }
  for (; i < end; i++) mask[i] = dg::rng::hashUint32(seed, uint32_t(i), 0) >= threshold ? keep : T(0);
}

void dropoutF32(float* m, int64_t b, int64_t e, uint32_t s, uint64_t t, float k) { dropoutRange(m, b, e, s, t, k); }
void dropoutF64(double* m, int64_t b, int64_t e, uint32_t s, uint64_t t, double k) { dropoutRange(m, b, e, s, t, k); }

const dg::simd::Table kTable = {
    DG_VEC_NAME, W, sumRows<CopyL>, sumRows<MulS>, sumRows<MulV>, sumRows<CopyR>, extremeRows<true>, extremeRows<false>,
    sumRows<MulH>, dotEdges, dropoutF32, dropoutF64,
};
