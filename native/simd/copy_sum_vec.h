// The register-blocked copyU-sum body, shared by the AVX2 and AVX-512 translation units.
// Included inside an anonymous namespace of each TU (so the two ISAs never merge at link time);
// it uses no std:: templates for the same reason. `Vec` provides V, W, zero, load, add, store.
// A block of NV vectors (NV*W floats) of the output row stays in registers while every
// in-edge's source row is streamed in; the source rows a few edges ahead are prefetched.

constexpr int64_t kPrefetchDist = 8;

template <class Vec, int NV>
inline void blockSum(const int32_t* idx, int64_t b, int64_t e, const float* lhs, int64_t F, int64_t f0,
                     float* o) {
  typename Vec::V acc[NV];
  for (int k = 0; k < NV; k++) acc[k] = Vec::zero();
  for (int64_t p = b; p < e; p++) {
    if (p + kPrefetchDist < e) {
      const char* nx = reinterpret_cast<const char*>(lhs + int64_t(idx[p + kPrefetchDist]) * F + f0);
      for (int64_t c = 0; c < int64_t(NV * Vec::W * 4); c += 64) __builtin_prefetch(nx + c, 0, 1);
    }
    const float* r = lhs + int64_t(idx[p]) * F + f0;
    for (int k = 0; k < NV; k++) acc[k] = Vec::add(acc[k], Vec::load(r + k * Vec::W));
  }
  for (int k = 0; k < NV; k++) Vec::store(o + f0 + k * Vec::W, acc[k]);
}

template <class Vec, int Block>
inline void copySumRows(const int32_t* indptr, const int32_t* indices, const float* lhs, float* out, int64_t F,
                        int64_t rowBegin, int64_t rowEnd) {
  const int64_t W = Vec::W;
  for (int64_t v = rowBegin; v < rowEnd; v++) {
    const int64_t b = indptr[v], e = indptr[v + 1];
    float* o = out + v * F;
    int64_t f0 = 0;
    for (; f0 + Block * W <= F; f0 += Block * W) blockSum<Vec, Block>(indices, b, e, lhs, F, f0, o);
    // Remaining whole vectors, then a scalar tail.
    const int64_t rest = (F - f0) / W;
    for (int64_t k = 0; k < rest; k++, f0 += W) blockSum<Vec, 1>(indices, b, e, lhs, F, f0, o);
    if (f0 < F) {
      for (int64_t f = f0; f < F; f++) o[f] = 0;
      for (int64_t p = b; p < e; p++) {
        const float* r = lhs + int64_t(indices[p]) * F;
        for (int64_t f = f0; f < F; f++) o[f] += r[f];
      }
    }
  }
}
