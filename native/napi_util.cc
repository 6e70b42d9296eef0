#include "napi_util.h"
#include <algorithm>
#include <limits>

namespace dg {

const char* dtypeName(DType t) {
  switch (t) {
    case DType::F32: return "Float32Array";
    case DType::F64: return "Float64Array";
    case DType::I32: return "Int32Array";
    case DType::U8: return "Uint8Array";
    default: return "an unsupported typed array";
  }
}

ArrayArg getArray(const Napi::Value& v, const std::string& what, bool nullable) {
  Napi::Env env = v.Env();
  ArrayArg a;
  if (nullable && (v.IsNull() || v.IsUndefined())) return a;
  if (!v.IsTypedArray()) throwType(env, what + " must be a typed array");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  napi_value buffer;
  size_t byteOffset = 0;
  // napi hands back the element pointer already advanced by byteOffset.
  if (napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &byteOffset) != napi_ok) {
    throwType(env, what + ": cannot read the typed array");
  }
  switch (type) {
    case napi_float32_array: a.dtype = DType::F32; break;
    case napi_float64_array: a.dtype = DType::F64; break;
    case napi_int32_array: a.dtype = DType::I32; break;
    case napi_uint8_array: a.dtype = DType::U8; break;
    default: a.dtype = DType::Other;
  }
  if (length > 0 && data == nullptr) throwType(env, what + ": the typed array's buffer is detached");
  a.data = data;
  a.length = static_cast<int64_t>(length);
  a.present = true;
  return a;
}

ArrayArg getFloatArray(const Napi::Value& v, const std::string& what, bool nullable) {
  ArrayArg a = getArray(v, what, nullable);
  if (a.present && a.dtype != DType::F32 && a.dtype != DType::F64) {
    throwType(v.Env(), what + " must be a Float32Array or Float64Array, got " + dtypeName(a.dtype));
  }
  return a;
}

ArrayArg getIndexArray(const Napi::Value& v, const std::string& what, bool nullable) {
  ArrayArg a = getArray(v, what, nullable);
  if (a.present && a.dtype != DType::I32) {
    throwType(v.Env(), what + " must be an Int32Array, got " + dtypeName(a.dtype));
  }
  return a;
}

int64_t getCount(const Napi::Value& v, const std::string& what, bool big) {
  Napi::Env env = v.Env();
  if (!v.IsNumber()) throwType(env, what + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  const double limit = big ? double(kMaxElems) : double(std::numeric_limits<int32_t>::max());
  if (!std::isfinite(d) || d < 0 || d != std::floor(d) || d > limit) {
    throwRange(env, what + " must be a non-negative integer below " + std::to_string(int64_t(limit)) +
                        ", got " + v.ToString().Utf8Value());
  }
  return static_cast<int64_t>(d);
}

bool getBool(const Napi::Value& v, const std::string& what) {
  if (!v.IsBoolean()) throwType(v.Env(), what + " must be a boolean");
  return v.As<Napi::Boolean>().Value();
}

std::string getString(const Napi::Value& v, const std::string& what) {
  if (!v.IsString()) throwType(v.Env(), what + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

std::string shapeStr(const std::vector<int64_t>& s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); i++) r += (i ? ", " : "") + std::to_string(s[i]);
  return r + "]";
}

std::vector<int64_t> getShape(const Napi::Value& v, const std::string& what) {
  Napi::Env env = v.Env();
  if (!v.IsArray()) throwType(env, what + " must be an array of dimensions");
  Napi::Array arr = v.As<Napi::Array>();
  const uint32_t nd = arr.Length();
  if (nd > 32) throwRange(env, what + " has " + std::to_string(nd) + " dimensions (at most 32)");
  std::vector<int64_t> s(nd);
  int64_t n = 1;
  for (uint32_t i = 0; i < nd; i++) {
    s[i] = getCount(arr.Get(i), what + "[" + std::to_string(i) + "]", true);
    if (s[i] > 0 && n > kMaxElems / s[i]) throwRange(env, what + " " + shapeStr(s) + " has too many elements");
    n *= s[i];
  }
  return s;
}

int64_t checkedMul(Napi::Env env, int64_t a, int64_t b, const std::string& what) {
  if (a > 0 && b > kMaxElems / a) throwRange(env, what + " is too large");
  return a * b;
}

void expectLength(Napi::Env env, const ArrayArg& a, int64_t want, const std::string& what) {
  if (a.length != want) {
    throwRange(env, what + " has length " + std::to_string(a.length) + ", expected " + std::to_string(want));
  }
}

void expectSameDType(Napi::Env env, const ArrayArg& a, const ArrayArg& ref, const std::string& what,
                     const std::string& refWhat) {
  if (a.dtype != ref.dtype) {
    throwType(env, what + " is a " + dtypeName(a.dtype) + " but " + refWhat + " is a " + dtypeName(ref.dtype));
  }
}

void checkIndices(Napi::Env env, const int32_t* a, int64_t n, int64_t bound, const std::string& what) {
  int64_t bad = n;  // first bad position, n when none
  const uint32_t ub = static_cast<uint32_t>(std::min<int64_t>(bound, int64_t(1) << 31));
#pragma omp parallel for num_threads(numThreads()) reduction(min : bad) schedule(static) if (n > kGrainStream)
  for (int64_t i = 0; i < n; i++) {
    // One unsigned compare catches negatives too.
    if (static_cast<uint32_t>(a[i]) >= ub && i < bad) bad = i;
  }
  if (bad < n) {
    throwRange(env, what + "[" + std::to_string(bad) + "] = " + std::to_string(a[bad]) +
                        " is out of range [0, " + std::to_string(bound) + ")");
  }
}

void checkIndptr(Napi::Env env, const int32_t* p, int64_t rows, int64_t total, const std::string& what) {
  if (p[0] != 0) throwRange(env, what + "[0] = " + std::to_string(p[0]) + ", expected 0");
  for (int64_t i = 0; i < rows; i++) {
    if (p[i + 1] < p[i]) {
      throwRange(env, what + " decreases at " + std::to_string(i + 1) + " (" + std::to_string(p[i]) + " > " +
                          std::to_string(p[i + 1]) + ")");
    }
  }
  if (p[rows] != total) {
    throwRange(env, what + "[" + std::to_string(rows) + "] = " + std::to_string(p[rows]) +
                        ", expected the number of edges " + std::to_string(total));
  }
}

int64_t checkOffsets(Napi::Env env, const int32_t* p, int64_t n, const std::string& what) {
  if (n == 0) throwRange(env, what + " is empty (it needs numSegments + 1 entries)");
  if (p[0] < 0) throwRange(env, what + "[0] = " + std::to_string(p[0]) + " is negative");
  for (int64_t i = 0; i + 1 < n; i++) {
    if (p[i + 1] < p[i]) {
      throwRange(env, what + " decreases at " + std::to_string(i + 1) + " (" + std::to_string(p[i]) + " > " +
                          std::to_string(p[i + 1]) + ")");
    }
  }
  return p[n - 1];
}

}  // namespace dg
