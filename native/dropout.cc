// Inverted-dropout masks (optionally times an input), counter-based: the same on every thread split.
#include <napi.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#include "napi_util.h"
#include "sampling/rng.h"
#include "simd/kernels.h"

namespace dg {

const simd::Table& simdTable();

namespace {

// True when x[0..16) are all +0 or -0.
template <class T>
inline bool allZero16(const T* x) {
  using U = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
  const U body = ~(U(1) << (sizeof(T) * 8 - 1));
  U acc = 0;
  for (int k = 0; k < 16; k++) { U v; std::memcpy(&v, x + k, sizeof(T)); acc |= v & body; }
  return acc == 0;
}

// m[i] = multiplier(i) * x[i] on [b, e). A zero input gives itself whatever the multiplier
// (keep * +-0 and 0 * +-0 are both +-0), so blocks of 16 zeros are copied without hashing:
// bag-of-words features (Cora: 1.3% non-zeros) are mostly such blocks. Runs of other blocks get
// the multipliers from draw(i, j), then the product.
template <class T, class Draw>
void scaledDropout(T* m, const T* x, int64_t b, int64_t e, Draw draw) {
  int64_t i = b;
  while (i < e) {
    int64_t j = i;
    while (j + 16 <= e && allZero16(x + j)) j += 16;
    if (j > i) { std::memcpy(m + i, x + i, size_t(j - i) * sizeof(T)); i = j; continue; }
    j = std::min(e, i + 16);
    while (j + 16 <= e && !allZero16(x + j)) j += 16;
    if (j + 16 > e) j = e;  // a tail shorter than a block goes with this run
    draw(i, j);
    for (int64_t q = i; q < j; q++) m[q] *= x[q];
    i = j;
  }
}

}  // namespace

// Counter-based inverted-dropout multipliers: element i keeps iff hash(seed, i, 0) / 2^32 >= p,
// i.e. iff the hash (an integer) >= ceil(p * 2^32), exactly (both sides are exact in double);
// the SIMD kernels compare that way, many hashes at once.
Napi::Value DropoutMask(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ArrayArg mask = getFloatArray(info[0], "dropoutMask: mask");
  if (!info[1].IsNumber()) throwType(env, "dropoutMask: p must be a number");
  const double p = info[1].As<Napi::Number>().DoubleValue();
  if (!(p >= 0 && p <= 1)) throwRange(env, "dropoutMask: p must be in [0, 1], got " + info[1].ToString().Utf8Value());
  if (!info[2].IsNumber()) throwType(env, "dropoutMask: seed must be a number");
  const double seedD = info[2].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(seedD)) throwRange(env, "dropoutMask: seed must be a finite number");
  const uint32_t seed = rng::toUint32(seedD);
  // Optional input: the mask times input, chunk by chunk while the chunk is in cache.
  bool scaled = info.Length() > 3 && !info[3].IsUndefined();
  ArrayArg input{};
  if (scaled) {
    input = getFloatArray(info[3], "dropoutMask: input");
    expectSameDType(env, input, mask, "dropoutMask: input", "mask");
    expectLength(env, input, mask.length, "dropoutMask: input");
    if (input.data == mask.data && mask.length > 0) throwRange(env, "dropoutMask: input must not be the mask array itself");
  }
  const double keep = p < 1 ? 1 / (1 - p) : 0;
  const uint64_t threshold = uint64_t(std::ceil(p * 4294967296.0));
  const int64_t n = mask.length;
  const simd::Table& t = simdTable();
  const int64_t chunk = 1 << 16, chunks = (n + chunk - 1) / chunk;
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (n > kGrainStream)
  for (int64_t c = 0; c < chunks; c++) {
    const int64_t b = c * chunk, e = std::min(n, b + chunk);
    if (mask.dtype == DType::F32) {
      float* m = mask.as<float>();
      if (scaled) scaledDropout(m, input.as<float>(), b, e, [&](int64_t i, int64_t j) { t.dropoutF32(m, i, j, seed, threshold, float(keep)); });
      else t.dropoutF32(m, b, e, seed, threshold, float(keep));
    } else {
      double* m = mask.as<double>();
      if (scaled) scaledDropout(m, input.as<double>(), b, e, [&](int64_t i, int64_t j) { t.dropoutF64(m, i, j, seed, threshold, keep); });
      else t.dropoutF64(m, b, e, seed, threshold, keep);
    }
  }
  return env.Undefined();
}

}  // namespace dg
