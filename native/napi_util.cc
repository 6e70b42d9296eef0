#include "napi_util.h"
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <unistd.h>

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

namespace {

// True when the typed array's buffer is a SharedArrayBuffer (napi_is_arraybuffer is false for one).
bool isShared(const Napi::Value& v) {
  napi_value buffer;
  if (napi_get_typedarray_info(v.Env(), v, nullptr, nullptr, nullptr, &buffer, nullptr) != napi_ok) return true;
  bool plain = false;
  if (napi_is_arraybuffer(v.Env(), buffer, &plain) != napi_ok) return true;
  return !plain;
}

}  // namespace

ArrayArg getIndexOutput(const Napi::Value& v, const std::string& what, bool nullable) {
  ArrayArg a = getArray(v, what, nullable);
  if (a.present && a.dtype != DType::I32) {
    throwType(v.Env(), what + " must be an Int32Array, got " + dtypeName(a.dtype));
  }
  return a;
}

ArrayArg getIndexArray(const Napi::Value& v, const std::string& what, bool nullable, SharedIndex shared) {
  ArrayArg a = getIndexOutput(v, what, nullable);
  if (!a.present || a.length == 0 || shared == SharedIndex::ReadOnce || !isShared(v)) return a;
  // A snapshot: what is validated is exactly what the kernel reads, whatever other threads write.
  const int64_t bytes = a.length * int64_t(sizeof(int32_t));
  checkAllocation(v.Env(), bytes, what + " (a private copy of a shared array)");
  std::shared_ptr<void> copy(std::malloc(size_t(bytes)), std::free);
  if (!copy) throwRange(v.Env(), what + ": cannot allocate " + std::to_string(bytes) + " bytes for a private copy");
  std::memcpy(copy.get(), a.data, size_t(bytes));
  a.data = copy.get();
  a.owned = std::move(copy);
  return a;
}

int64_t maxResultBytes() {
  static const int64_t limit = [] {
    const char* env = std::getenv("DEEPGRAPH_MAX_RESULT_BYTES");
    const double d = env ? std::atof(env) : 0;
    if (d >= 1) return int64_t(std::min(d, 9e18));
    // Half the physical memory, at most 16 GiB: a result the machine cannot hold is refused
    // before the kernel starts filling it (overcommit would accept it, the OOM killer would not).
    const double phys = double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGESIZE));
    const double cap = double(int64_t(1) << 34);
    return int64_t(phys > 0 ? std::min(phys / 2, cap) : cap);
  }();
  return limit;
}

void checkAllocation(Napi::Env env, int64_t bytes, const std::string& what) {
  if (bytes > maxResultBytes()) {
    throwRange(env, what + ": " + std::to_string(bytes) + " bytes asked, above the limit of " +
                        std::to_string(maxResultBytes()) + " (DEEPGRAPH_MAX_RESULT_BYTES)");
  }
  // A probe: V8 aborts the process when it cannot allocate an ArrayBuffer, malloc returns null.
  void* probe = std::malloc(size_t(bytes > 0 ? bytes : 1));
  if (!probe) throwRange(env, what + ": cannot allocate " + std::to_string(bytes) + " bytes (out of memory)");
  std::free(probe);
}

Napi::Int32Array newInt32Array(Napi::Env env, int64_t n, const std::string& what) {
  if (n < 0 || n > int64_t(INT32_MAX)) {
    throwRange(env, what + " would have " + std::to_string(n) + " entries (at most 2^31 - 1)");
  }
  checkAllocation(env, n * 4, what);
  return Napi::Int32Array::New(env, size_t(n));
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
