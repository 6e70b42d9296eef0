// Collectives through Gloo (PyTorch's CPU engine): a context over TCP, found through a file store
// or a Redis store, and allReduce (sum) / broadcast / barrier / allGather on typed arrays. Every
// call runs on libuv's thread pool and returns a promise, so the event loop (heartbeats, the
// store's client) keeps running while a collective waits for its peers. Built only where
// native/detect-gloo.cjs finds libgloo; otherwise glooAvailable() is false and the TypeScript ring
// in src/distributed is used.
#include <napi.h>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>
#include "../napi_util.h"

#ifdef DG_HAVE_GLOO
#include <gloo/allgather.h>
#include <gloo/allreduce.h>
#include <gloo/barrier.h>
#include <gloo/broadcast.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/file_store.h>
#include <gloo/rendezvous/prefix_store.h>
#include <gloo/rendezvous/redis_store.h>
#include <gloo/transport/tcp/device.h>
#endif

namespace dg {

#ifdef DG_HAVE_GLOO
namespace {

// One process group. `busy` serialises collectives: Gloo's context allows one at a time per tag,
// and the TypeScript side queues them, but a misuse must not corrupt memory.
struct Group {
  std::shared_ptr<gloo::rendezvous::Context> context;
  std::mutex busy;
  bool closed = false;
};

struct StoreSpec {
  std::string fileDir, redisHost, prefix, hostname;
  int redisPort = 0;
};

std::shared_ptr<Group> groupOf(const Napi::Value& v, const std::string& what) {
  if (!v.IsExternal()) throwType(v.Env(), what + " must be a Gloo group handle from glooConnect");
  auto* holder = v.As<Napi::External<std::shared_ptr<Group>>>().Data();
  if ((*holder)->closed) throw Napi::Error::New(v.Env(), what + ": the Gloo group was closed");
  return *holder;
}

// Base of every collective: holds the typed arrays alive until the work finishes and settles the
// promise with the error Gloo threw (a peer that vanished, a timeout) as a JS Error.
class GlooWork : public Napi::AsyncWorker {
 public:
  GlooWork(Napi::Env env, std::string op) : Napi::AsyncWorker(env, op.c_str()), op_(std::move(op)), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() { return deferred_.Promise(); }
  void keep(const Napi::Value& v) { refs_.emplace_back(Napi::Persistent(v.As<Napi::Object>())); }
  void OnOK() override { deferred_.Resolve(result(Env())); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }
  virtual Napi::Value result(Napi::Env env) { return env.Undefined(); }

 protected:
  void run(const std::function<void()>& body) {
    try {
      body();
    } catch (const std::exception& e) {
      SetError(op_ + ": " + e.what());
    }
  }
  std::string op_;

 private:
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::ObjectReference> refs_;
};

class ConnectWork : public GlooWork {
 public:
  ConnectWork(Napi::Env env, StoreSpec spec, int rank, int size, int64_t timeoutMs, int64_t opTimeoutMs)
      : GlooWork(env, "glooConnect"), spec_(std::move(spec)), rank_(rank), size_(size), timeoutMs_(timeoutMs), opTimeoutMs_(opTimeoutMs) {}
  void Execute() override {
    run([&] {
      std::unique_ptr<gloo::rendezvous::Store> base;
      if (!spec_.fileDir.empty()) base = std::make_unique<gloo::rendezvous::FileStore>(spec_.fileDir);
      else base = std::make_unique<gloo::rendezvous::RedisStore>(spec_.redisHost, spec_.redisPort);
      gloo::rendezvous::PrefixStore store(spec_.prefix, *base);
      gloo::transport::tcp::attr attr;
      attr.hostname = spec_.hostname;
      auto device = gloo::transport::tcp::CreateDevice(attr);
      auto context = std::make_shared<gloo::rendezvous::Context>(rank_, size_);
      context->setTimeout(std::chrono::milliseconds(timeoutMs_));
      context->connectFullMesh(store, device);
      context->setTimeout(std::chrono::milliseconds(opTimeoutMs_));
      group_ = std::make_shared<Group>();
      group_->context = context;
    });
  }
  Napi::Value result(Napi::Env env) override {
    return Napi::External<std::shared_ptr<Group>>::New(env, new std::shared_ptr<Group>(group_),
                                                       [](Napi::Env, std::shared_ptr<Group>* g) { delete g; });
  }

 private:
  StoreSpec spec_;
  int rank_, size_;
  int64_t timeoutMs_, opTimeoutMs_;
  std::shared_ptr<Group> group_;
};

// A typed array's bytes as the work sees them.
struct Bytes {
  void* data = nullptr;
  size_t bytes = 0;
  napi_typedarray_type type = napi_uint8_array;
};

Bytes bytesOf(const Napi::Value& v, const std::string& what) {
  if (!v.IsTypedArray()) throwType(v.Env(), what + " must be a typed array");
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  Bytes b;
  b.data = static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset();
  b.bytes = a.ByteLength();
  b.type = a.TypedArrayType();
  return b;
}

class CollectiveWork : public GlooWork {
 public:
  using Body = std::function<void(gloo::Context*)>;
  CollectiveWork(Napi::Env env, std::string op, std::shared_ptr<Group> group, Body body)
      : GlooWork(env, std::move(op)), group_(std::move(group)), body_(std::move(body)) {}
  void Execute() override {
    run([&] {
      std::lock_guard<std::mutex> lock(group_->busy);
      if (group_->closed) throw std::runtime_error("the Gloo group was closed");
      body_(group_->context.get());
    });
  }

 private:
  std::shared_ptr<Group> group_;
  Body body_;
};

template <class T>
void sumInto(void* out, const void* a, const void* b, size_t n) {
  T* o = static_cast<T*>(out);
  const T* x = static_cast<const T*>(a);
  const T* y = static_cast<const T*>(b);
  for (size_t i = 0; i < n; i++) o[i] = x[i] + y[i];
}

uint32_t tagOf(const Napi::Value& v, const std::string& what) { return uint32_t(getCount(v, what)); }

Napi::Value start(CollectiveWork* work, std::initializer_list<Napi::Value> keep) {
  for (const auto& v : keep) work->keep(v);
  Napi::Promise p = work->promise();
  work->Queue();
  return p;
}

// glooConnect({rank, size, fileDir | redisHost+redisPort, prefix, hostname, timeoutMs, opTimeoutMs}) -> Promise<handle>
// timeoutMs bounds the rendezvous, opTimeoutMs every later collective.
Napi::Value GlooConnect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) throwType(env, "glooConnect: options must be an object");
  Napi::Object o = info[0].As<Napi::Object>();
  const int64_t size = getCount(o.Get("size"), "glooConnect: size");
  const int64_t rank = getCount(o.Get("rank"), "glooConnect: rank");
  if (size < 1 || rank >= size) throwRange(env, "glooConnect: rank " + std::to_string(rank) + " is outside a group of size " + std::to_string(size));
  StoreSpec spec;
  if (o.Get("fileDir").IsString()) spec.fileDir = getString(o.Get("fileDir"), "glooConnect: fileDir");
  else {
    spec.redisHost = getString(o.Get("redisHost"), "glooConnect: redisHost");
    spec.redisPort = int(getCount(o.Get("redisPort"), "glooConnect: redisPort"));
  }
  spec.prefix = getString(o.Get("prefix"), "glooConnect: prefix");
  spec.hostname = getString(o.Get("hostname"), "glooConnect: hostname");
  const int64_t timeoutMs = getCount(o.Get("timeoutMs"), "glooConnect: timeoutMs", true);
  const int64_t opTimeoutMs = getCount(o.Get("opTimeoutMs"), "glooConnect: opTimeoutMs", true);
  auto* work = new ConnectWork(env, spec, int(rank), int(size), timeoutMs, opTimeoutMs);
  Napi::Promise p = work->promise();
  work->Queue();
  return p;
}

// glooAllReduce(handle, Float32Array | Float64Array, tag): sums in place across the group.
Napi::Value GlooAllReduce(const Napi::CallbackInfo& info) {
  auto group = groupOf(info[0], "glooAllReduce: group");
  const Bytes b = bytesOf(info[1], "glooAllReduce: data");
  const uint32_t tag = tagOf(info[2], "glooAllReduce: tag");
  if (b.type != napi_float32_array && b.type != napi_float64_array) throwType(info.Env(), "glooAllReduce: data must be a Float32Array or a Float64Array");
  const bool f64 = b.type == napi_float64_array;
  auto body = [b, tag, f64](gloo::Context* ctx) {
    if (b.bytes == 0) return;
    std::shared_ptr<gloo::Context> shared(ctx, [](gloo::Context*) {});
    gloo::AllreduceOptions opts(shared);
    opts.setTag(tag);
    if (f64) {
      opts.setOutput(static_cast<double*>(b.data), b.bytes / 8);
      opts.setReduceFunction(gloo::AllreduceOptions::Func(&sumInto<double>));
    } else {
      opts.setOutput(static_cast<float*>(b.data), b.bytes / 4);
      opts.setReduceFunction(gloo::AllreduceOptions::Func(&sumInto<float>));
    }
    gloo::allreduce(opts);
  };
  return start(new CollectiveWork(info.Env(), "glooAllReduce", group, body), {info[1]});
}

// glooBroadcast(handle, typedArray, root, tag): root's bytes overwrite everyone else's.
Napi::Value GlooBroadcast(const Napi::CallbackInfo& info) {
  auto group = groupOf(info[0], "glooBroadcast: group");
  const Bytes b = bytesOf(info[1], "glooBroadcast: data");
  const int64_t root = getCount(info[2], "glooBroadcast: root");
  const uint32_t tag = tagOf(info[3], "glooBroadcast: tag");
  if (root >= group->context->size) throwRange(info.Env(), "glooBroadcast: root " + std::to_string(root) + " is outside a group of size " + std::to_string(group->context->size));
  auto body = [b, root, tag](gloo::Context* ctx) {
    if (b.bytes == 0) return;
    std::shared_ptr<gloo::Context> shared(ctx, [](gloo::Context*) {});
    gloo::BroadcastOptions opts(shared);
    opts.setTag(tag);
    opts.setRoot(int(root));
    opts.setOutput(static_cast<uint8_t*>(b.data), b.bytes);
    gloo::broadcast(opts);
  };
  return start(new CollectiveWork(info.Env(), "glooBroadcast", group, body), {info[1]});
}

Napi::Value GlooBarrier(const Napi::CallbackInfo& info) {
  auto group = groupOf(info[0], "glooBarrier: group");
  const uint32_t tag = tagOf(info[1], "glooBarrier: tag");
  auto body = [tag](gloo::Context* ctx) {
    std::shared_ptr<gloo::Context> shared(ctx, [](gloo::Context*) {});
    gloo::BarrierOptions opts(shared);
    opts.setTag(tag);
    gloo::barrier(opts);
  };
  return start(new CollectiveWork(info.Env(), "glooBarrier", group, body), {});
}

// glooAllGather(handle, input, output, tag): output (same element type, size x input) receives
// every rank's input in rank order.
Napi::Value GlooAllGather(const Napi::CallbackInfo& info) {
  auto group = groupOf(info[0], "glooAllGather: group");
  const Bytes in = bytesOf(info[1], "glooAllGather: input");
  const Bytes out = bytesOf(info[2], "glooAllGather: output");
  const uint32_t tag = tagOf(info[3], "glooAllGather: tag");
  const size_t size = size_t(group->context->size);
  if (in.type != out.type) throwType(info.Env(), "glooAllGather: input and output must have the same element type");
  if (out.bytes != in.bytes * size) throwRange(info.Env(), "glooAllGather: output has " + std::to_string(out.bytes) + " bytes, expected " + std::to_string(in.bytes * size) + " (group size x input)");
  auto body = [in, out, tag](gloo::Context* ctx) {
    if (in.bytes == 0) return;
    std::shared_ptr<gloo::Context> shared(ctx, [](gloo::Context*) {});
    gloo::AllgatherOptions opts(shared);
    opts.setTag(tag);
    opts.setInput(static_cast<uint8_t*>(in.data), in.bytes);
    opts.setOutput(static_cast<uint8_t*>(out.data), out.bytes);
    gloo::allgather(opts);
  };
  return start(new CollectiveWork(info.Env(), "glooAllGather", group, body), {info[1], info[2]});
}

// Closes the sockets at once (peers see the group end) and makes later calls fail.
Napi::Value GlooClose(const Napi::CallbackInfo& info) {
  if (!info[0].IsExternal()) throwType(info.Env(), "glooClose: group must be a Gloo group handle");
  auto group = *info[0].As<Napi::External<std::shared_ptr<Group>>>().Data();
  if (!group->closed) {
    std::unique_lock<std::mutex> lock(group->busy, std::try_to_lock);
    group->closed = true;
    if (lock.owns_lock()) group->context->closeConnections();
  }
  return info.Env().Undefined();
}

}  // namespace
#endif

// Adds the Gloo functions to the addon's exports (only glooAvailable without libgloo).
void registerGloo(Napi::Env env, Napi::Object exports) {
#ifdef DG_HAVE_GLOO
  const bool have = true;
  exports.Set("glooConnect", Napi::Function::New(env, GlooConnect, "glooConnect"));
  exports.Set("glooAllReduce", Napi::Function::New(env, GlooAllReduce, "glooAllReduce"));
  exports.Set("glooBroadcast", Napi::Function::New(env, GlooBroadcast, "glooBroadcast"));
  exports.Set("glooBarrier", Napi::Function::New(env, GlooBarrier, "glooBarrier"));
  exports.Set("glooAllGather", Napi::Function::New(env, GlooAllGather, "glooAllGather"));
  exports.Set("glooClose", Napi::Function::New(env, GlooClose, "glooClose"));
#else
  const bool have = false;
#endif
  exports.Set("glooAvailable", Napi::Boolean::New(env, have));
}

}  // namespace dg
