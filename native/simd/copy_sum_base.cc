#include "copy_sum.h"

namespace dg {
namespace simd {

void copySumRowsF32Base(const int32_t* indptr, const int32_t* indices, const float* lhs, float* out, int64_t F,
                        int64_t rowBegin, int64_t rowEnd) {
  for (int64_t v = rowBegin; v < rowEnd; v++) {
    float* __restrict o = out + v * F;
    for (int64_t f = 0; f < F; f++) o[f] = 0;
    for (int64_t p = indptr[v]; p < indptr[v + 1]; p++) {
      const float* __restrict r = lhs + int64_t(indices[p]) * F;
      for (int64_t f = 0; f < F; f++) o[f] += r[f];
    }
  }
}

}  // namespace simd
}  // namespace dg
