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

// Features [f0, F) that do not fill a vector, one scalar at a time (same summation order). Sums and
// pointers live in locals: through out (which may alias them) they were reloaded after every store.
template <Kind K>
inline void sumTail(const dg::simd::SpmmRows& a, int64_t v, int64_t f0) {
  const int64_t b = a.indptr[v], e = a.indptr[v + 1], F = a.F, n = F - f0, D = a.D;
  const float *lhs = a.lhs, *rhs = a.rhs;
  const int32_t *indices = a.indices, *eids = a.eids;
  float acc[W] = {};
  for (int64_t p = b; p < e; p++) {
    const int64_t eid = eids ? eids[p] : p;
    const float* l = K == CopyR ? nullptr : lhs + int64_t(indices[p]) * F + f0;
    const float* r = K == MulV || K == CopyR ? rhs + eid * F + f0 : nullptr;
    const float sc = K == MulS ? rhs[eid] : 0.f;
    const float* h = K == MulH ? rhs + eid * (F / D) : nullptr;
    for (int64_t f = 0; f < n; f++) {
      if constexpr (K == CopyL) acc[f] += l[f];
      else if constexpr (K == MulS) acc[f] += l[f] * sc;
      else if constexpr (K == MulV) acc[f] += l[f] * r[f];
      else if constexpr (K == MulH) acc[f] += l[f] * h[(f0 + f) / D];
      else acc[f] += r[f];
    }
  }
  float* o = a.out + v * F + f0;
  for (int64_t f = 0; f < n; f++) o[f] = acc[f];
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
//
// Two sweeps over a row's in-edges. The first keeps only the running extremes: x > acc ? x : acc
// is exactly the x86 max instruction with acc second (it returns the second operand for NaN and
// for ties), so the loop is as short as the sum kernel's. Tracking winning positions in the same
// loop (compare into a mask, two merges per vector) made it 2x slower than copyU-sum on graphs
// that do not fit in cache: fewer edges fit in the out-of-order window, fewer rows are in flight.
// The second sweep, over rows now in L1 and only when ids are wanted, finds the winner: the first
// in-edge whose value equals the extreme (an earlier equal value would have kept it: ties and
// +0 / -0 keep the first), or the first in-edge for a NaN extreme (only a first NaN stays).
template <bool MAX>
inline V better(V x, V acc) {
#if defined(__AVX512F__) && DG_VEC_WIDTH == 16
  return (V)(MAX ? _mm512_max_ps((__m512)x, (__m512)acc) : _mm512_min_ps((__m512)x, (__m512)acc));
#elif defined(__AVX__) && DG_VEC_WIDTH == 8
  return (V)(MAX ? _mm256_max_ps((__m256)x, (__m256)acc) : _mm256_min_ps((__m256)x, (__m256)acc));
#elif defined(__SSE__) && DG_VEC_WIDTH == 4
  return (V)(MAX ? _mm_max_ps((__m128)x, (__m128)acc) : _mm_min_ps((__m128)x, (__m128)acc));
#else
  return (MAX ? x > acc : x < acc) ? x : acc;  // (NEON's fmax propagates NaN: not the same)
#endif
}

// For one-vector blocks (16 features with AVX-512, tails) a second sweep costs more than it saves:
// one sweep keeps values and positions. Lanes where x beats acc take x and the edge's position.
template <bool MAX>
inline void takeBetter(V x, V& acc, VI& best, VI sp) {
#if defined(__AVX512F__) && DG_VEC_WIDTH == 16
  const __mmask16 m = _mm512_cmp_ps_mask((__m512)x, (__m512)acc, MAX ? _CMP_GT_OQ : _CMP_LT_OQ);
  acc = (V)_mm512_mask_mov_ps((__m512)acc, m, (__m512)x);
  best = (VI)_mm512_mask_mov_epi32((__m512i)best, m, (__m512i)sp);
#else
  const VI m = MAX ? (x > acc) : (x < acc);
  acc = m ? x : acc;
  best = m ? sp : best;
#endif
}

// Writes the node ids (indices[pos]) and edge ids (eids[pos], or pos itself) of W winning
// positions; the positions lie in the row's index range, so the gathers hit the cache.
inline void storeIds(const dg::simd::SpmmRows& a, VI pos, int32_t* au, int32_t* ae) {
#if defined(__AVX512F__) && DG_VEC_WIDTH == 16
  if (au) storeI(au, (VI)_mm512_mask_i32gather_epi32(_mm512_setzero_si512(), 0xffff, (__m512i)pos, a.indices, 4));
  if (ae) storeI(ae, a.eids ? (VI)_mm512_mask_i32gather_epi32(_mm512_setzero_si512(), 0xffff, (__m512i)pos, a.eids, 4) : pos);
#elif defined(__AVX2__) && DG_VEC_WIDTH == 8
  if (au) storeI(au, (VI)_mm256_i32gather_epi32(a.indices, (__m256i)pos, 4));
  if (ae) storeI(ae, a.eids ? (VI)_mm256_i32gather_epi32(a.eids, (__m256i)pos, 4) : pos);
#else
  for (int i = 0; i < W; i++) {
    if (au) au[i] = a.indices[pos[i]];
    if (ae) ae[i] = a.eids ? a.eids[pos[i]] : pos[i];
  }
#endif
}

// One block [f0, f0 + NB * W) of a row with in-edges [b, e): extremes to o, the winners' ids to
// au / ae (either may be null). Kept out of line so that its register allocation does not mix
// with the caller's.
template <bool MAX, int NB>
inline void extremeLoop(const dg::simd::SpmmRows& a, int64_t b, int64_t e, int64_t f0, float* o, int32_t* au,
                        int32_t* ae) {
  const int64_t F = a.F;
  if (NB == 1 && (au || ae)) {
    const float* l0 = a.lhs + int64_t(a.indices[b]) * F + f0;
    V acc = load(l0);
    VI best = splatI(int32_t(b));
    for (int64_t p = b + 1; p < e; p++) {
      prefetchEdge<CopyL>(a, p + kPrefetch, f0, W * 4);
      takeBetter<MAX>(load(a.lhs + int64_t(a.indices[p]) * F + f0), acc, best, splatI(int32_t(p)));
    }
    store(o, acc);
    storeIds(a, best, au, ae);
    return;
  }
  // From -Inf (min: +Inf) over every in-edge, the first included, as the sum kernel loops (a
  // first edge peeled off to seed the extremes made every row start with a stalled load); then
  // a NaN in the first in-edge, which the max instruction skipped, is put back.
  V acc[NB];
  const V init = splat(MAX ? -__builtin_inff() : __builtin_inff());
  const int64_t ahead = f0 == 0 && F >= 2 * NB * W ? 2 * NB * W * 4 : NB * W * 4;
  if constexpr (NB == 4) {
    // Named variables: GCC 12 stores an array of accumulators that is read after the loop to the
    // stack on every edge, and those stores fill the store buffer that the loads need to run ahead.
    V a0 = init, a1 = init, a2 = init, a3 = init;
    for (int64_t p = b; p < e; p++) {
      prefetchEdge<CopyL>(a, p + kPrefetch, f0, ahead);
      const float* l = a.lhs + int64_t(a.indices[p]) * F + f0;
      a0 = better<MAX>(load(l), a0);
      a1 = better<MAX>(load(l + W), a1);
      a2 = better<MAX>(load(l + 2 * W), a2);
      a3 = better<MAX>(load(l + 3 * W), a3);
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
  } else {
    for (int k = 0; k < NB; k++) acc[k] = init;
    for (int64_t p = b; p < e; p++) {
      prefetchEdge<CopyL>(a, p + kPrefetch, f0, ahead);
      const float* l = a.lhs + int64_t(a.indices[p]) * F + f0;
      for (int k = 0; k < NB; k++) acc[k] = better<MAX>(load(l + k * W), acc[k]);
    }
  }
  const float* l0 = a.lhs + int64_t(a.indices[b]) * F + f0;
  for (int k = 0; k < NB; k++) {
    const V x = load(l0 + k * W);
    acc[k] = x != x ? x : acc[k];
  }
  for (int k = 0; k < NB; k++) store(o + k * W, acc[k]);
  if (!au && !ae) return;
  // Backwards, so that the last match taken is the first in-edge equal to the extreme. A NaN
  // extreme equals nothing and keeps the initial position, the first in-edge.
  const VI first = splatI(int32_t(b));
  VI pos[NB];
  if constexpr (NB == 4) {
    VI p0 = first, p1 = first, p2 = first, p3 = first;  // named, as above
    for (int64_t p = e - 1; p >= b; p--) {
      const float* l = a.lhs + int64_t(a.indices[p]) * F + f0;
      const VI sp = splatI(int32_t(p));
      p0 = load(l) == acc[0] ? sp : p0;
      p1 = load(l + W) == acc[1] ? sp : p1;
      p2 = load(l + 2 * W) == acc[2] ? sp : p2;
      p3 = load(l + 3 * W) == acc[3] ? sp : p3;
    }
    pos[0] = p0;
    pos[1] = p1;
    pos[2] = p2;
    pos[3] = p3;
  } else {
    for (int k = 0; k < NB; k++) pos[k] = first;
    for (int64_t p = e - 1; p >= b; p--) {
      const float* l = a.lhs + int64_t(a.indices[p]) * F + f0;
      const VI sp = splatI(int32_t(p));
      for (int k = 0; k < NB; k++) pos[k] = load(l + k * W) == acc[k] ? sp : pos[k];
    }
  }
  for (int k = 0; k < NB; k++) storeIds(a, pos[k], au ? au + k * W : nullptr, ae ? ae + k * W : nullptr);
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
  extremeLoop<MAX, NB>(a, b, e, f0, o, au, ae);
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

// The first sweep keeps NB vectors of extremes, the second as many position vectors beside them:
// AVX-512 (32 registers) keeps the sum kernel's whole block (64 floats: one pair of sweeps for 64
// features); AVX2 and the base level (16 registers) take half of it per pair, and the first sweep
// prefetches the rest of the row for the next.
constexpr int NVX = W == 16 ? NV : NV / 2;

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

// k: the element indices (as uint32) of one vector.
inline VU dropoutHash(uint32_t seed, VU k) {
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
  // The indices advance as a vector: filling lanes one by one goes through memory (wasm SIMD128
  // has no cheap lane insert from a loop), which made the kernel several times slower there.
  VU idx;
  for (int t = 0; t < W; t++) idx[t] = uint32_t(begin) + uint32_t(t);
  int64_t i = begin;
  for (; i + W <= end; i += W, idx += uint32_t(W)) {
    const VU kept = (VU)(dropoutHash(seed, idx) >= thr);
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
