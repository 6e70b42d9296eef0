// Gradients of activations that run over whole tensors (see Backend.reluBackward).
#include <napi.h>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include "napi_util.h"

namespace dg {

namespace {

template <class T>
void reluBackwardT(const T* grad, const T* x, T* out, int64_t n) {
  using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
  parallelRanges(n, kGrainStream, [&](int64_t b, int64_t e) {
    const T* gs = grad;
    const T* xs = x;
    T* os = out;
    // grad's bits, or all zero, by a mask: no branch (signs are random in a hidden layer) and no
    // conditional load, so the loop vectorises; grad's value (NaN, -0) passes unchanged.
#pragma omp simd
    for (int64_t i = b; i < e; i++) {
      Bits g;
      std::memcpy(&g, gs + i, sizeof(T));
      g &= Bits(0) - Bits(xs[i] > T(0));
      std::memcpy(os + i, &g, sizeof(T));
    }
  });
}

}  // namespace

Napi::Value ReluBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ArrayArg grad = getFloatArray(info[0], "reluBackward: grad");
  const ArrayArg x = getFloatArray(info[1], "reluBackward: x");
  const ArrayArg out = getFloatArray(info[2], "reluBackward: out");
  expectSameDType(env, x, grad, "reluBackward: x", "grad");
  expectSameDType(env, out, grad, "reluBackward: out", "grad");
  expectLength(env, x, grad.length, "reluBackward: x");
  expectLength(env, out, grad.length, "reluBackward: out");
  if (grad.dtype == DType::F32) reluBackwardT<float>(grad.as<float>(), x.as<float>(), out.as<float>(), grad.length);
  else reluBackwardT<double>(grad.as<double>(), x.as<double>(), out.as<double>(), grad.length);
  return env.Undefined();
}

}  // namespace dg
