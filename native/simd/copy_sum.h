// g-SpMM copyU-sum on float32 rows: the hottest message-passing kernel (GCN, GraphSAGE-mean).
// Each ISA gets its own translation unit compiled with its own flags; spmm.cc picks one at
// runtime with __builtin_cpu_supports. All take rows [rowBegin, rowEnd) of a CSC.
#pragma once
#include <cstdint>

namespace dg {
namespace simd {

using CopySumRowsF32 = void (*)(const int32_t* indptr, const int32_t* indices, const float* lhs, float* out,
                                int64_t F, int64_t rowBegin, int64_t rowEnd);

void copySumRowsF32Base(const int32_t* indptr, const int32_t* indices, const float* lhs, float* out, int64_t F,
                        int64_t rowBegin, int64_t rowEnd);
#if defined(DG_HAVE_AVX2)
void copySumRowsF32Avx2(const int32_t* indptr, const int32_t* indices, const float* lhs, float* out, int64_t F,
                        int64_t rowBegin, int64_t rowEnd);
#endif
#if defined(DG_HAVE_AVX512)
void copySumRowsF32Avx512(const int32_t* indptr, const int32_t* indices, const float* lhs, float* out, int64_t F,
                          int64_t rowBegin, int64_t rowEnd);
#endif

}  // namespace simd
}  // namespace dg
