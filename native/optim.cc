// Optimiser steps over whole parameters: Adam / AdamW (see AdamStepArgs in src/kernels/backend.ts).
// The arithmetic is the TypeScript kernel's (src/kernels/js/optim.ts) operation for operation, in
// double, each stored value rounded to the array's type; the build's -ffp-contract=off keeps the
// compiler from fusing a multiply and an add, so both give the same bits; its -fno-math-errno lets
// the loop (sqrt without an errno branch) vectorise.
#include <napi.h>
#include <cmath>
#include <cstdint>
#include <string>
#include "napi_util.h"

namespace dg {

namespace {

struct Adam {
  double lr, beta1, beta2, eps, weightDecay, stepSize, sqrtBias2, shrink;
  bool decoupled;
};

template <class T, bool DECOUPLED, bool AMSGRAD>
void adamRange(T* __restrict p, const T* __restrict grad, T* __restrict m, T* __restrict v, T* __restrict vMax, const Adam& a,
               int64_t b, int64_t e) {
  const double c1 = 1 - a.beta1, c2 = 1 - a.beta2, l2 = DECOUPLED ? 0.0 : a.weightDecay;
  const double beta1 = a.beta1, beta2 = a.beta2, shrink = a.shrink, stepSize = a.stepSize, sqrtBias2 = a.sqrtBias2, eps = a.eps;
  // The arrays were checked not to overlap; vectorised, every lane still does the scalar operations in order.
#pragma omp simd
  for (int64_t i = b; i < e; i++) {
    double pi = p[i];
    if (DECOUPLED) pi = double(T(pi * shrink));
    const double g = DECOUPLED ? double(grad[i]) : double(grad[i]) + l2 * pi;
    const T mi = T(beta1 * double(m[i]) + c1 * g);
    const T vi = T(beta2 * double(v[i]) + c2 * g * g);
    m[i] = mi;
    v[i] = vi;
    double second = vi;
    if (AMSGRAD) {
      const T top = vi > vMax[i] ? vi : vMax[i];
      vMax[i] = top;
      second = top;
    }
    p[i] = T(pi - stepSize * double(mi) / (std::sqrt(second) / sqrtBias2 + eps));
  }
}

template <class T, bool DECOUPLED, bool AMSGRAD>
void adamAll(T* p, const T* grad, T* m, T* v, T* vMax, const Adam& a, int64_t n) {
  parallelRanges(n, kGrainMath, [&](int64_t b, int64_t e) { adamRange<T, DECOUPLED, AMSGRAD>(p, grad, m, v, vMax, a, b, e); });
}

template <class T>
void adamDispatch(const ArrayArg* arr, bool amsgrad, const Adam& a, int64_t n) {
  T* p = arr[0].as<T>();
  const T* g = arr[1].as<T>();
  T* m = arr[2].as<T>();
  T* v = arr[3].as<T>();
  T* vMax = amsgrad ? arr[4].as<T>() : nullptr;
  if (a.decoupled) {
    if (amsgrad) adamAll<T, true, true>(p, g, m, v, vMax, a, n);
    else adamAll<T, true, false>(p, g, m, v, vMax, a, n);
  } else {
    if (amsgrad) adamAll<T, false, true>(p, g, m, v, vMax, a, n);
    else adamAll<T, false, false>(p, g, m, v, vMax, a, n);
  }
}

double number(const Napi::Object& o, const char* key, bool (*ok)(double), const char* what) {
  const Napi::Value v = o.Get(key);
  const double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!v.IsNumber() || !ok(d)) throwRange(o.Env(), std::string("adamStep: ") + key + " must be " + what);
  return d;
}

bool overlaps(const ArrayArg& a, const ArrayArg& b) {
  const int64_t width = a.dtype == DType::F32 ? 4 : 8;
  const auto lo = reinterpret_cast<uintptr_t>(a.data), hi = lo + uintptr_t(a.length * width);
  const auto blo = reinterpret_cast<uintptr_t>(b.data), bhi = blo + uintptr_t(b.length * width);
  return a.length > 0 && b.length > 0 && lo < bhi && blo < hi;
}

}  // namespace

Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throwType(env, "adamStep: expected an arguments object");
  const Napi::Object o = info[0].As<Napi::Object>();
  static const char* names[] = {"param", "grad", "expAvg", "expAvgSq", "maxExpAvgSq"};
  ArrayArg arr[5];
  const bool amsgrad = !o.Get("maxExpAvgSq").IsNull();
  const int count = amsgrad ? 5 : 4;
  for (int k = 0; k < count; k++) {
    arr[k] = getFloatArray(o.Get(names[k]), std::string("adamStep: ") + names[k]);
    if (k == 0) continue;
    expectSameDType(env, arr[k], arr[0], std::string("adamStep: ") + names[k], "param");
    expectLength(env, arr[k], arr[0].length, std::string("adamStep: ") + names[k]);
    for (int j = 0; j < k; j++) {
      if (overlaps(arr[j], arr[k])) throwRange(env, std::string("adamStep: ") + names[k] + " shares memory with " + names[j]);
    }
  }
  Adam a{};
  a.lr = number(o, "lr", [](double d) { return std::isfinite(d); }, "a finite number");
  a.beta1 = number(o, "beta1", [](double d) { return d >= 0 && d < 1; }, "in [0, 1)");
  a.beta2 = number(o, "beta2", [](double d) { return d >= 0 && d < 1; }, "in [0, 1)");
  a.eps = number(o, "eps", [](double d) { return d >= 0 && std::isfinite(d); }, "finite and >= 0");
  a.weightDecay = number(o, "weightDecay", [](double d) { return d >= 0 && std::isfinite(d); }, "finite and >= 0");
  const double bias1 = number(o, "biasCorrection1", [](double d) { return d > 0 && d <= 1; }, "in (0, 1]");
  const double bias2 = number(o, "biasCorrection2", [](double d) { return d > 0 && d <= 1; }, "in (0, 1]");
  a.decoupled = getBool(o.Get("decoupled"), "adamStep: decoupled");
  a.stepSize = a.lr / bias1;
  a.sqrtBias2 = std::sqrt(bias2);
  a.shrink = a.decoupled ? 1 - a.lr * a.weightDecay : 1;
  if (arr[0].dtype == DType::F32) adamDispatch<float>(arr, amsgrad, a, arr[0].length);
  else adamDispatch<double>(arr, amsgrad, a, arr[0].length);
  return env.Undefined();
}

}  // namespace dg
