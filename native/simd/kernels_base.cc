// base instantiation of kernels_impl.h (see binding.gyp for the flags this file is compiled with).
#include "kernels.h"
#if defined(__SSE__)
#include <xmmintrin.h>
#endif
#include <cstring>
#include "../prefetch.h"
#include "../sampling/rng.h"

namespace dg {
namespace simd {
namespace {
#define DG_VEC_WIDTH 4
#define DG_VEC_BLOCK 8
#define DG_VEC_NAME "base"
#include "kernels_impl.h"
}  // namespace

const Table& baseTable() { return kTable; }

}  // namespace simd
}  // namespace dg
