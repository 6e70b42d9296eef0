// Random walks (metapath, node2vec) and global uniform negative sampling, parallel over walks /
// candidates. Walk i and candidate i draw from stream (seed, i): results match the TypeScript
// backend exactly and do not depend on the thread count.
#include <napi.h>
#include <algorithm>
#include <atomic>
#include <unordered_set>
#include <vector>
#include "compressed.h"
#include "rng.h"

namespace dg {

namespace {

struct Step {
  Compressed c;
  EdgeWeights prob;
};

// One transition from row `cur`: a position picked uniformly or by weight, -1 at a dead end.
// The row's indptr entries and (weighted) its edge ids are checked as they are read; a bad one
// also ends the walk (the call throws after the parallel region).
int64_t stepFrom(const Compressed& c, const EdgeWeights& prob, int64_t cur, rng::ItemStream& r, ReadCheck& rc) {
  int64_t lo, hi;
  if (!rc.row(c, cur, lo, hi) || hi == lo) return -1;
  if (!prob.present()) return lo + int64_t(r.below(uint64_t(hi - lo)));
  double total = 0;
  for (int64_t p = lo; p < hi; p++) {
    int64_t e;
    if (!rc.eid(c, p, e)) return -1;
    total += prob[e];
  }
  if (!(total > 0)) return -1;
  const double x = r.open01() * total;
  double acc = 0;
  int64_t last = -1;
  for (int64_t p = lo; p < hi; p++) {
    int64_t e;
    if (!rc.eid(c, p, e)) return -1;
    const double w = prob[e];
    if (w <= 0) continue;
    acc += w;
    last = p;
    if (acc > x) return p;
  }
  return last;
}

// The node and edge id at the position a transition picked (checked); false stops the walk.
bool follow(const Compressed& c, int64_t p, ReadCheck& rc, int64_t& node, int64_t& eid) {
  return rc.col(c, p, node) & rc.eid(c, p, eid);
}

Napi::Object walkResult(Napi::Env env, Napi::Int32Array traces, Napi::Int32Array eids) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("traces", traces);
  o.Set("eids", eids);
  return o;
}

Napi::Int32Array filledInt32(Napi::Env env, int64_t n, int32_t v, const std::string& what) {
  Napi::Int32Array a = newInt32Array(env, n, what);
  std::fill(a.Data(), a.Data() + n, v);
  return a;
}

double getNumber(const Napi::Value& v, const std::string& what) {
  if (!v.IsNumber()) throwType(v.Env(), what + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

}  // namespace

Napi::Value RandomWalk(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string op = "randomWalk";
  if (info.Length() < 1 || !info[0].IsObject()) throwType(env, op + ": expected an arguments object");
  const Napi::Object a = info[0].As<Napi::Object>();
  const Napi::Value stepsV = a.Get("steps");
  if (!stepsV.IsArray()) throwType(env, op + ": steps must be an array");
  const Napi::Array stepsArr = stepsV.As<Napi::Array>();
  // S relations; step t walks steps[t % S] (a long walk on one relation passes it once).
  const int64_t S = stepsArr.Length();
  const Napi::Value lengthV = a.Get("length");
  const int64_t L = lengthV.IsUndefined() ? S : getCount(lengthV, op + ": length");
  if (L > 0 && S == 0) throwRange(env, op + ": length is " + std::to_string(L) + " but steps is empty");
  std::vector<Step> steps(static_cast<size_t>(S));
  for (int64_t t = 0; t < S; t++) {
    const std::string what = op + ": steps[" + std::to_string(t) + "]";
    const Napi::Value sv = stepsArr.Get(uint32_t(t));
    if (!sv.IsObject()) throwType(env, what + " must be an object");
    const Napi::Object so = sv.As<Napi::Object>();
    steps[t].c = getCompressed(env, so, what, -1, SharedIndex::ReadOnce);
    steps[t].prob = getEdgeWeights(env, so.Get("prob"), steps[t].c.edges, what + ".prob", true);
  }
  const ArrayArg nodesArr = getIndexArray(a.Get("nodes"), op + ": nodes");
  const int32_t* nodes = nodesArr.as<int32_t>();
  const int64_t N = nodesArr.length;
  if (L > 0) checkIndices(env, nodes, N, steps[0].c.rows, op + ": nodes");
  const double restartProb = getNumber(a.Get("restartProb"), op + ": restartProb");
  const uint32_t seed = getSeed(a.Get("seed"), op + ": seed");

  // Both results together within the limit (each alone could pass it while the pair does not fit).
  checkAllocation(env, 4 * (checkedMul(env, N, L + 1, op + ": traces") + N * L), op + ": traces and eids");
  Napi::Int32Array tracesA = filledInt32(env, checkedMul(env, N, L + 1, op + ": traces"), -1, op + ": traces");
  Napi::Int32Array eidsA = filledInt32(env, N * L, -1, op + ": eids");
  int32_t* traces = tracesA.Data();
  int32_t* eids = eidsA.Data();
  // A node that is not a row of the next step stops the run; the lowest such walk is reported.
  int64_t badWalk = N, badStep = 0, badNode = 0;
  const bool par = N * L > kSamplingGrain / 8;
  const int nt = par ? numThreads() : 1;
  std::vector<ReadCheck> checks(static_cast<size_t>(nt * S));  // per thread and relation
#pragma omp parallel num_threads(nt) if (par)
  {
    ReadCheck* rcs = checks.data() + threadIndex() * S;
#pragma omp for schedule(dynamic, 64)
    for (int64_t i = 0; i < N; i++) {
      rng::ItemStream r;
      r.reset(seed, uint32_t(i));
      int64_t cur = nodes[i];
      traces[i * (L + 1)] = int32_t(cur);
      for (int64_t t = 0; t < L; t++) {
        const int64_t k = t % S;
        const Step& st = steps[size_t(k)];
        if (cur >= st.c.rows) {
#pragma omp critical(dg_walk_error)
          if (i < badWalk) { badWalk = i; badStep = t; badNode = cur; }
          break;
        }
        const int64_t p = stepFrom(st.c, st.prob, cur, r, rcs[k]);
        int64_t eid;
        if (p < 0 || !follow(st.c, p, rcs[k], cur, eid)) break;
        traces[i * (L + 1) + t + 1] = int32_t(cur);
        eids[i * L + t] = int32_t(eid);
        if (restartProb > 0 && t + 1 < L && r.open01() < restartProb) break;
      }
    }
  }
  for (int64_t t = 0; t < S; t++) {
    for (int k = 1; k < nt; k++) checks[size_t(t)].merge(checks[size_t(k * S + t)]);
    throwIfBad(env, steps[t].c, checks[size_t(t)], op + ": steps[" + std::to_string(t) + "]");
  }
  if (badWalk < N) {
    throwRange(env, op + ": node " + std::to_string(badNode) + " is not a row of metapath step " +
                        std::to_string(badStep));
  }
  return walkResult(env, tracesA, eidsA);
}

Napi::Value Node2vecWalk(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string op = "node2vecWalk";
  if (info.Length() < 1 || !info[0].IsObject()) throwType(env, op + ": expected an arguments object");
  const Napi::Object a = info[0].As<Napi::Object>();
  const ArrayArg indptrArr = getIndexArray(a.Get("indptr"), op + ": indptr", false, SharedIndex::ReadOnce);
  const int64_t numNodes = indptrArr.length - 1;
  // A square adjacency: every column is again a row.
  const Compressed c = getCompressed(env, a, op, std::max<int64_t>(numNodes, 0), SharedIndex::ReadOnce);
  const ArrayArg nodesArr = getIndexArray(a.Get("nodes"), op + ": nodes");
  checkIndices(env, nodesArr.as<int32_t>(), nodesArr.length, c.rows, op + ": nodes");
  const int32_t* nodes = nodesArr.as<int32_t>();
  const int64_t N = nodesArr.length;
  const double p = getNumber(a.Get("p"), op + ": p"), q = getNumber(a.Get("q"), op + ": q");
  // Non-positive or infinite p / q would make the rejection loop never accept.
  if (!(p > 0 && p < INFINITY)) throwRange(env, op + ": p must be a positive finite number");
  if (!(q > 0 && q < INFINITY)) throwRange(env, op + ": q must be a positive finite number");
  const int64_t L = getCount(a.Get("walkLength"), op + ": walkLength");
  const EdgeWeights prob = getEdgeWeights(env, a.Get("prob"), c.edges, op + ": prob", true);
  const uint32_t seed = getSeed(a.Get("seed"), op + ": seed");
  // Both results together within the limit (each alone could pass it while the pair does not fit).
  checkAllocation(env, 4 * (checkedMul(env, N, L + 1, op + ": traces") + N * L), op + ": traces and eids");
  Napi::Int32Array tracesA = filledInt32(env, checkedMul(env, N, L + 1, op + ": traces"), -1, op + ": traces");
  Napi::Int32Array eidsA = filledInt32(env, N * L, -1, op + ": eids");
  int32_t* traces = tracesA.Data();
  int32_t* eids = eidsA.Data();
  const double bound = std::max(std::max(1 / p, 1.0), 1 / q);
  const bool par = N * L > kSamplingGrain / 8;
  const int nt = par ? numThreads() : 1;
  // stamp[x] == mark when the previous node has an edge to x (re-marked after every step).
  std::vector<std::vector<uint32_t>> stamps(static_cast<size_t>(nt));
  if (N > 0 && L > 1) for (auto& st : stamps) st.assign(size_t(c.rows), 0);
  std::vector<ReadCheck> checks(static_cast<size_t>(nt));
#pragma omp parallel num_threads(nt) if (par)
  {
    std::vector<uint32_t>& stamp = stamps[size_t(threadIndex())];
    ReadCheck& rc = checks[size_t(threadIndex())];
    uint32_t mark = 0;
    rng::ItemStream r;
#pragma omp for schedule(dynamic, 16)
    for (int64_t i = 0; i < N; i++) {
      r.reset(seed, uint32_t(i));
      int64_t prev = -1, cur = nodes[i];
      traces[i * (L + 1)] = int32_t(cur);
      for (int64_t t = 0; t < L; t++) {
        int64_t pos, next = -1, eid = -1;
        if (prev < 0) {
          pos = stepFrom(c, prob, cur, r, rc);
          if (pos >= 0 && !follow(c, pos, rc, next, eid)) pos = -1;
        } else {
          if (++mark == 0) {
            std::fill(stamp.begin(), stamp.end(), 0);
            mark = 1;
          }
          int64_t plo, phi;
          if (!rc.row(c, prev, plo, phi)) break;
          for (int64_t k = plo; k < phi; k++) {
            int64_t x;
            if (rc.col(c, k, x)) stamp[x] = mark;
          }
          for (;;) {
            pos = stepFrom(c, prob, cur, r, rc);
            if (pos < 0) break;
            if (!follow(c, pos, rc, next, eid)) {
              pos = -1;
              break;
            }
            const double w = next == prev ? 1 / p : stamp[next] == mark ? 1.0 : 1 / q;
            if (r.open01() * bound < w) break;
          }
        }
        if (pos < 0) break;
        prev = cur;
        cur = next;
        traces[i * (L + 1) + t + 1] = int32_t(cur);
        eids[i * L + t] = int32_t(eid);
      }
    }
  }
  for (int k = 1; k < nt; k++) checks[0].merge(checks[size_t(k)]);
  throwIfBad(env, c, checks[0], op);
  return walkResult(env, tracesA, eidsA);
}

Napi::Value GlobalUniformNegative(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string op = "globalUniformNegative";
  if (info.Length() < 1 || !info[0].IsObject()) throwType(env, op + ": expected an arguments object");
  const Napi::Object a = info[0].As<Napi::Object>();
  const int64_t numSrc = getCount(a.Get("numSrc"), op + ": numSrc");
  const int64_t numDst = getCount(a.Get("numDst"), op + ": numDst");
  // Column ids are destination nodes.
  const Compressed c = getCompressed(env, a, op, numDst, SharedIndex::ReadOnce);
  if (c.rows != numSrc) {
    throwRange(env, op + ": indptr has length " + std::to_string(c.rows + 1) + ", expected " +
                        std::to_string(numSrc + 1));
  }
  const int64_t numSamples = getCount(a.Get("numSamples"), op + ": numSamples");
  const bool excludeSelfLoops = getBool(a.Get("excludeSelfLoops"), op + ": excludeSelfLoops");
  const bool replace = getBool(a.Get("replace"), op + ": replace");
  const double redundancy = getNumber(a.Get("redundancy"), op + ": redundancy");
  const uint32_t seed = getSeed(a.Get("seed"), op + ": seed");
  const double candidatesD = std::ceil(double(numSamples) * redundancy);
  if (numSrc == 0 || numDst == 0 || numSamples == 0 || !(candidatesD > 0)) {
    if (std::isnan(redundancy)) throwRange(env, op + ": redundancy is NaN");
    Napi::Object o = Napi::Object::New(env);
    o.Set("src", Napi::Int32Array::New(env, 0));
    o.Set("dst", Napi::Int32Array::New(env, 0));
    return o;
  }
  if (!(candidatesD <= 9007199254740992.0)) throwRange(env, op + ": numSamples * redundancy is too large");
  const int64_t numCandidates = int64_t(candidatesD);
  // The result (two int32 per pair), plus the set of pairs seen when sampling without replacement.
  const int64_t maxOut = std::min(numSamples, numCandidates);
  checkAllocation(env, maxOut * (replace ? 8 : 8 + 48), op + ": up to " + std::to_string(maxOut) + " pairs");
  // Candidates are drawn and tested in parallel blocks; acceptance (dedup, the numSamples cap)
  // then runs in candidate order, so the result is the sequential one.
  const int64_t block = 1 << 16;
  std::vector<int32_t> cu(block), cv(block);
  std::vector<uint8_t> ok(block);  // 0 rejected, 1 accepted, 2 read a bad entry
  std::vector<int32_t> outU, outV;
  outU.reserve(size_t(std::min<int64_t>(numSamples, 1 << 24)));
  outV.reserve(outU.capacity());
  std::unordered_set<uint64_t> seen;
  // Is (u, v) a non-edge? 2 when row u or one of its column ids is bad.
  auto test = [&](int32_t u, int32_t v, ReadCheck& rc) -> uint8_t {
    if (excludeSelfLoops && u == v) return 0;
    int64_t lo, hi;
    if (!rc.row(c, u, lo, hi)) return 2;
    for (int64_t p = lo; p < hi; p++) {
      int64_t x;
      if (!rc.col(c, p, x)) return 2;
      if (x == v) return 0;
    }
    return 1;
  };
  for (int64_t b0 = 0; b0 < numCandidates && int64_t(outU.size()) < numSamples; b0 += block) {
    const int64_t n = std::min(block, numCandidates - b0);
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (n > kSamplingGrain / 8)
    for (int64_t j = 0; j < n; j++) {
      rng::ItemStream r;
      r.reset(seed, uint32_t(uint64_t(b0 + j)));
      const int32_t u = int32_t(r.below(uint64_t(numSrc))), v = int32_t(r.below(uint64_t(numDst)));
      ReadCheck rc;
      cu[j] = u;
      cv[j] = v;
      ok[j] = test(u, v, rc);
    }
    // Acceptance in candidate order; a bad entry counts only if the sequential kernel reaches its
    // candidate (candidates past the numSamples-th acceptance are never looked at).
    for (int64_t j = 0; j < n && int64_t(outU.size()) < numSamples; j++) {
      if (ok[j] == 2) {
        ReadCheck rc;
        test(cu[j], cv[j], rc);
        throwIfBad(env, c, rc, op);
      }
      if (!ok[j]) continue;
      if (!replace && !seen.insert(uint64_t(cu[j]) * uint64_t(numDst) + uint64_t(cv[j])).second) continue;
      outU.push_back(cu[j]);
      outV.push_back(cv[j]);
    }
  }
  Napi::Int32Array src = newInt32Array(env, int64_t(outU.size()), op + ": src");
  Napi::Int32Array dst = newInt32Array(env, int64_t(outV.size()), op + ": dst");
  std::copy(outU.begin(), outU.end(), src.Data());
  std::copy(outV.begin(), outV.end(), dst.Data());
  Napi::Object o = Napi::Object::New(env);
  o.Set("src", src);
  o.Set("dst", dst);
  return o;
}

}  // namespace dg
