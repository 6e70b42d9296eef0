// Argument validation at the N-API boundary. Every pointer a kernel touches comes from here,
// after its length, dtype and (for index arrays) every value have been checked.
#pragma once
#include <napi.h>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>
#include "common.h"

namespace dg {

enum class DType { F32, F64, I32, U8, Other };

struct ArrayArg {
  DType dtype = DType::Other;
  void* data = nullptr;
  int64_t length = 0;
  bool present = false;  // false for null / undefined when allowed
  template <class T> T* as() const { return static_cast<T*>(data); }
};

// Largest size any dimension product may reach: keeps index arithmetic far from overflow.
constexpr int64_t kMaxElems = int64_t(1) << 48;

[[noreturn]] inline void throwType(Napi::Env env, const std::string& msg) {
  throw Napi::TypeError::New(env, msg);
}
[[noreturn]] inline void throwRange(Napi::Env env, const std::string& msg) {
  throw Napi::RangeError::New(env, msg);
}

const char* dtypeName(DType t);

// A typed array argument (null allowed when `nullable`). `what` is "op: name" for messages.
ArrayArg getArray(const Napi::Value& v, const std::string& what, bool nullable = false);
ArrayArg getFloatArray(const Napi::Value& v, const std::string& what, bool nullable = false);
ArrayArg getIndexArray(const Napi::Value& v, const std::string& what, bool nullable = false);

// A non-negative integer count (finite, < 2^31 unless `big`).
int64_t getCount(const Napi::Value& v, const std::string& what, bool big = false);
bool getBool(const Napi::Value& v, const std::string& what);
std::string getString(const Napi::Value& v, const std::string& what);
// A shape: array of non-negative integers whose product stays below kMaxElems.
std::vector<int64_t> getShape(const Napi::Value& v, const std::string& what);

void expectLength(Napi::Env env, const ArrayArg& a, int64_t want, const std::string& what);
void expectSameDType(Napi::Env env, const ArrayArg& a, const ArrayArg& ref, const std::string& what,
                     const std::string& refWhat);
// Checks a[i] in [0, bound) for all i (in parallel); throws naming the first bad position.
void checkIndices(Napi::Env env, const int32_t* a, int64_t n, int64_t bound, const std::string& what);
// indptr of length rows+1: starts at 0, never decreases, ends at `total`.
void checkIndptr(Napi::Env env, const int32_t* p, int64_t rows, int64_t total, const std::string& what);
// Offsets: start >= 0, never decrease; returns the last offset.
int64_t checkOffsets(Napi::Env env, const int32_t* p, int64_t n, const std::string& what);

std::string shapeStr(const std::vector<int64_t>& s);
int64_t checkedMul(Napi::Env env, int64_t a, int64_t b, const std::string& what);

}  // namespace dg
