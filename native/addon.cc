// Module entry: exports the kernels and the thread / SIMD controls.
#include <napi.h>
#include <algorithm>
#include <cstdlib>
#include <mutex>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <new>
#include "napi_util.h"
#include "matmul.h"
#include "sampling/rng.h"

namespace dg {

Napi::Value Gspmm(const Napi::CallbackInfo& info);
Napi::Value Gsddmm(const Napi::CallbackInfo& info);
Napi::Value EdgeSoftmax(const Napi::CallbackInfo& info);
Napi::Value EdgeSoftmaxBackward(const Napi::CallbackInfo& info);
Napi::Value SegmentReduce(const Napi::CallbackInfo& info);
Napi::Value GatherRows(const Napi::CallbackInfo& info);
Napi::Value ScatterAddRows(const Napi::CallbackInfo& info);
Napi::Value Matmul(const Napi::CallbackInfo& info);
Napi::Value Unary(const Napi::CallbackInfo& info);
Napi::Value Binary(const Napi::CallbackInfo& info);
Napi::Value Reduce(const Napi::CallbackInfo& info);
Napi::Value Softmax(const Napi::CallbackInfo& info);
Napi::Value DropoutMask(const Napi::CallbackInfo& info);
Napi::Value AdamStep(const Napi::CallbackInfo& info);
Napi::Value ReluBackward(const Napi::CallbackInfo& info);
Napi::Value SampleNeighbors(const Napi::CallbackInfo& info);
Napi::Value SelectTopk(const Napi::CallbackInfo& info);
Napi::Value RandomWalk(const Napi::CallbackInfo& info);
Napi::Value Node2vecWalk(const Napi::CallbackInfo& info);
Napi::Value GlobalUniformNegative(const Napi::CallbackInfo& info);
Napi::Value MapFile(const Napi::CallbackInfo& info);
Napi::Value DieWithParent(const Napi::CallbackInfo& info);
Napi::Value MetisPartition(const Napi::CallbackInfo& info);
Napi::Value HaveMetis(const Napi::CallbackInfo& info);
bool selectSimd(const std::string& want);
std::vector<std::string> simdLevels();
std::string simdName();
bool haveCblas();
void setBlasThreads(int n);
void registerGloo(Napi::Env env, Napi::Object exports);

namespace {

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  const int64_t n = getCount(info[0], "setNumThreads: n");
  if (n < 1) throwRange(info.Env(), "setNumThreads: n must be at least 1, got 0");
  setNumThreads(int(n));
  setBlasThreads(numThreads());
  return info.Env().Undefined();
}

// Only this thread's kernels (a DataLoader worker's); OpenBLAS keeps the process-wide count.
Napi::Value SetThreadNumThreads(const Napi::CallbackInfo& info) {
  const int64_t n = getCount(info[0], "setThreadNumThreads: n");
  setThreadNumThreads(int(std::min<int64_t>(n, 1 << 16)));
  return info.Env().Undefined();
}

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), numThreads());
}

Napi::Value SetSimd(const Napi::CallbackInfo& info) {
  const std::string want = getString(info[0], "setSimd: level");
  if (!selectSimd(want)) throwRange(info.Env(), "setSimd: level '" + want + "' is not available on this CPU");
  return Napi::String::New(info.Env(), simdName());
}

// Test hook: the addon's port of V8's Math.log, applied to a Float64Array in place.
Napi::Value FdlibmLog(const Napi::CallbackInfo& info) {
  const ArrayArg x = getArray(info[0], "fdlibmLog: x");
  if (x.dtype != DType::F64) throwType(info.Env(), "fdlibmLog: x must be a Float64Array");
  double* d = x.as<double>();
  for (int64_t i = 0; i < x.length; i++) d[i] = rng::jsLog(d[i]);
  return info.Env().Undefined();
}

// Test hook: how matmul treats a mostly-zero left operand ("auto", "never", "always").
Napi::Value SetSparseMatmul(const Napi::CallbackInfo& info) {
  const std::string mode = getString(info[0], "setSparseMatmul: mode");
  if (!setSparseMatmulMode(mode.c_str())) throwRange(info.Env(), "setSparseMatmul: mode must be 'auto', 'never' or 'always', got '" + mode + "'");
  return info.Env().Undefined();
}

Napi::Value BuildInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("cblas", haveCblas());
#ifdef _OPENMP
  o.Set("openmp", true);
#else
  o.Set("openmp", false);
#endif
  o.Set("simd", simdName());
  const std::vector<std::string> levels = simdLevels();
  Napi::Array arr = Napi::Array::New(env, levels.size());
  for (size_t i = 0; i < levels.size(); i++) arr.Set(uint32_t(i), levels[i]);
  o.Set("simdLevels", arr);
  return o;
}

}  // namespace

// Tensors are typed arrays that V8 allocates with calloc. glibc serves large ones with a fresh
// mmap and gives them back with munmap (and trims the heap top after a GC frees many), so nearly
// every tensor of a training step lands on pages never touched before; on this kind of VM a first
// touch costs ~0.6 ms per MB (a [1M, 64] float tensor: ~150 ms of page faults, more than the kernel
// that fills it). Serving everything from the heap and never trimming it keeps freed tensor memory
// for the next allocation, as PyTorch's caching allocator does on GPUs: RSS stays at its peak
// instead of falling back between steps. DEEPGRAPH_SYSTEM_MALLOC=1 keeps glibc's defaults.
void keepFreedMemory() {
#if defined(__GLIBC__)
  const char* opt = std::getenv("DEEPGRAPH_SYSTEM_MALLOC");
  if (opt != nullptr && opt[0] == '1') return;
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, -1);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Init runs once per environment (the main thread and every worker thread that loads the addon),
  // but the SIMD level, thread count and malloc options are process-wide: a DataLoader worker
  // starting must not reset a level the main thread chose, nor write it while the main thread's
  // kernels read it.
  static std::once_flag processDefaults;
  std::call_once(processDefaults, [] {
    keepFreedMemory();
    selectSimd("auto");
    setBlasThreads(numThreads());
  });
  const std::pair<const char*, Napi::Value (*)(const Napi::CallbackInfo&)> fns[] = {
      {"gspmm", Gspmm}, {"gsddmm", Gsddmm}, {"edgeSoftmax", EdgeSoftmax},
      {"edgeSoftmaxBackward", EdgeSoftmaxBackward}, {"segmentReduce", SegmentReduce},
      {"gatherRows", GatherRows}, {"scatterAddRows", ScatterAddRows}, {"matmul", Matmul}, {"unary", Unary},
      {"binary", Binary}, {"reduce", Reduce}, {"softmax", Softmax}, {"dropoutMask", DropoutMask}, {"adamStep", AdamStep}, {"reluBackward", ReluBackward}, {"setNumThreads", SetNumThreads},
      {"setThreadNumThreads", SetThreadNumThreads},
      {"getNumThreads", GetNumThreads}, {"setSimd", SetSimd}, {"buildInfo", BuildInfo},
      {"sampleNeighbors", SampleNeighbors}, {"selectTopk", SelectTopk}, {"randomWalk", RandomWalk},
      {"node2vecWalk", Node2vecWalk}, {"fdlibmLog", FdlibmLog}, {"setSparseMatmul", SetSparseMatmul}, {"globalUniformNegative", GlobalUniformNegative},
      {"mapFile", MapFile}, {"dieWithParent", DieWithParent},
      {"metisPartition", MetisPartition}, {"haveMetis", HaveMetis},
  };
  for (const auto& [name, fn] : fns) {
    // A std::bad_alloc (a scratch vector the allocator refused) becomes a RangeError naming the op,
    // not a generic Error nor an abort.
    const std::string op = name;
    auto guarded = [fn, op](const Napi::CallbackInfo& info) -> Napi::Value {
      try {
        return fn(info);
      } catch (const std::bad_alloc&) {
        throw Napi::RangeError::New(info.Env(), op + ": out of memory (a scratch or result buffer could not be allocated)");
      }
    };
    exports.Set(name, Napi::Function::New(env, guarded, name));
  }
  registerGloo(env, exports);
  // The loader (src/kernels/native/binding.ts) accepts a file only when it exports this number,
  // equal to its own ADDON_INTERFACE_VERSION: bumped whenever the kernels' argument contract changes.
  exports.Set("deepgraphAddonInterface", Napi::Number::New(env, 2));
  return exports;
}

}  // namespace dg

static Napi::Object InitDeepgraph(Napi::Env env, Napi::Object exports) { return dg::Init(env, exports); }

NODE_API_MODULE(deepgraph, InitDeepgraph)
