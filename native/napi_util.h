// Argument validation at the N-API boundary. Every pointer a kernel touches comes from here,
// after its length, dtype and (for index arrays) every value have been checked.
#pragma once
#include <napi.h>
#include <cmath>
#include <cstdint>
#include <memory>
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
  std::shared_ptr<void> owned;  // a private copy of a SharedArrayBuffer's contents (see getIndexArray)
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
// How an index array over a SharedArrayBuffer is read. Another thread may rewrite such an array
// while a kernel runs, so a value checked once may differ when read again:
// Copy takes a private snapshot that is validated and read (the default); ReadOnce is for kernels
// that validate every value in the same read that uses it (the sampling kernels, which read a few
// rows of graphs too large to copy per call).
enum class SharedIndex { Copy, ReadOnce };
// An Int32Array input; see SharedIndex.
ArrayArg getIndexArray(const Napi::Value& v, const std::string& what, bool nullable = false,
                       SharedIndex shared = SharedIndex::Copy);
// An Int32Array the kernel only writes (argmax outputs): never copied.
ArrayArg getIndexOutput(const Napi::Value& v, const std::string& what, bool nullable = false);

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

// Largest result a kernel allocates, in bytes (DEEPGRAPH_MAX_RESULT_BYTES overrides): a request
// above it, or one the allocator refuses, is a RangeError naming the op and the size instead of
// V8's fatal "ArrayBuffer allocation failed".
int64_t maxResultBytes();
// A new Int32Array of n entries (checked as above); `what` names the op and result.
Napi::Int32Array newInt32Array(Napi::Env env, int64_t n, const std::string& what);
// Throws the RangeError above unless `bytes` can be allocated now.
void checkAllocation(Napi::Env env, int64_t bytes, const std::string& what);

std::string shapeStr(const std::vector<int64_t>& s);
int64_t checkedMul(Napi::Env env, int64_t a, int64_t b, const std::string& what);

}  // namespace dg
