// avx2 instantiation of kernels_impl.h (see binding.gyp for the flags this file is compiled with).
#include "kernels.h"
#include <immintrin.h>
#include <cstring>
#include "../prefetch.h"
#include "../sampling/rng.h"

namespace dg {
namespace simd {
namespace {
#define DG_VEC_WIDTH 8
#define DG_VEC_BLOCK 8
#define DG_VEC_NAME "avx2"
#include "kernels_impl.h"
}  // namespace

const Table& avx2Table() { return kTable; }

}  // namespace simd
}  // namespace dg
