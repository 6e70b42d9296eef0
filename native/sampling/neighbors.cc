// Neighbour sampling per seed row, parallel over seeds. Each seed's random
// stream is (seed, seed position), so the picks equal the TypeScript backend's for any thread count.
#include <napi.h>
#include <algorithm>
#include <vector>
#include "compressed.h"
#include "rng.h"
#include "../prefetch.h"

namespace dg {

namespace {

struct NeighborPlan {
  Compressed c;
  const int32_t* seeds;  // a private copy when shared: read twice
  // Each seed row's [lo, hi) as the counting pass read and checked it: the sampling pass never
  // reads indptr again (another thread may rewrite a shared one in between).
  std::vector<int64_t> lo, hi, counts;
  int64_t numSeeds;
  int64_t fanout;  // -1 = all
  bool replace;
  EdgeWeights prob;
  const uint8_t* exclude;
  uint32_t seed;
  bool filtered() const { return prob.present() || exclude != nullptr; }
  bool eligible(int64_t e) const {
    if (exclude && exclude[e]) return false;
    return !prob.present() || prob[e] > 0;  // NaN and non-positive weights are never picked
  }
};

// Per-thread scratch, sized for the largest degree among the seeds.
struct Scratch {
  std::vector<int32_t> cand, picked, mark;
  std::vector<double> weight, keys, prefix;
  int32_t stamp = 0;
};

// Eligible positions of seed row s (after its indptr entries were checked); reads (and checks)
// the row's edge ids only when filters need them.
int64_t eligibleCount(const NeighborPlan& pl, int64_t lo, int64_t hi, ReadCheck& rc) {
  if (!pl.filtered()) return hi - lo;
  int64_t n = 0;
  for (int64_t p = lo; p < hi; p++) {
    int64_t e;
    if (rc.eid(pl.c, p, e)) n += pl.eligible(e);
  }
  return n;
}

int64_t outputCount(const NeighborPlan& pl, int64_t n) {
  if (pl.fanout < 0) return n;
  if (pl.replace) return n > 0 ? pl.fanout : 0;
  return std::min(pl.fanout, n);
}

// Floyd's algorithm: k distinct indices of [0, n) in insertion order (as the TypeScript kernel).
void floyd(rng::ItemStream& r, int64_t n, int64_t k, Scratch& sc) {
  int32_t* picked = sc.picked.data();
  if (k <= 64) {
    int64_t m = 0;
    for (int64_t j = n - k; j < n; j++) {
      const int32_t t = int32_t(r.below(uint64_t(j + 1)));
      bool seen = false;
      for (int64_t q = 0; q < m; q++) seen |= picked[q] == t;
      picked[m++] = seen ? int32_t(j) : t;
    }
    return;
  }
  // Membership by stamping positions: mark[v] == stamp means v was picked for this seed.
  if (++sc.stamp == INT32_MAX) {
    std::fill(sc.mark.begin(), sc.mark.end(), 0);
    sc.stamp = 1;
  }
  int32_t* mark = sc.mark.data();
  int64_t m = 0;
  for (int64_t j = n - k; j < n; j++) {
    const int32_t t = int32_t(r.below(uint64_t(j + 1)));
    const int32_t v = mark[t] == sc.stamp ? int32_t(j) : t;
    mark[v] = sc.stamp;
    picked[m++] = v;
  }
}

// First j with prefix[j] > x, clamped to n - 1 against rounding.
int64_t searchPrefix(const double* prefix, int64_t n, double x) {
  int64_t lo = 0, hi = n - 1;
  while (lo < hi) {
    const int64_t mid = (lo + hi) >> 1;
    if (prefix[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

void drawWithReplacement(rng::ItemStream& r, int64_t n, bool weighted, int64_t k, Scratch& sc) {
  int32_t* picked = sc.picked.data();
  if (!weighted) {
    for (int64_t j = 0; j < k; j++) picked[j] = int32_t(r.below(uint64_t(n)));
    return;
  }
  double total = 0;
  for (int64_t j = 0; j < n; j++) {
    total += sc.weight[j];
    sc.prefix[j] = total;
  }
  for (int64_t j = 0; j < k; j++) picked[j] = int32_t(searchPrefix(sc.prefix.data(), n, r.open01() * total));
}

void siftDown(double* keys, int32_t* idx, int64_t size, double key, int32_t item) {
  int64_t c = 0;
  for (;;) {
    int64_t child = 2 * c + 1;
    if (child >= size) break;
    if (child + 1 < size && keys[child + 1] < keys[child]) child++;
    if (keys[child] >= key) break;
    keys[c] = keys[child];
    idx[c] = idx[child];
    c = child;
  }
  keys[c] = key;
  idx[c] = item;
}

// Efraimidis-Spirakis: the k largest keys log(u) / w in a min-heap, then heap-sorted in place
// (the same heap operations as the TypeScript kernel, so equal keys land in the same order).
void topKeys(rng::ItemStream& r, int64_t n, int64_t k, Scratch& sc) {
  double* keys = sc.keys.data();
  int32_t* picked = sc.picked.data();
  int64_t size = 0;
  for (int64_t j = 0; j < n; j++) {
    const double key = rng::jsLog(r.open01()) / sc.weight[j];
    if (size < k) {
      int64_t c = size++;
      while (c > 0) {
        const int64_t parent = (c - 1) >> 1;
        if (keys[parent] <= key) break;
        keys[c] = keys[parent];
        picked[c] = picked[parent];
        c = parent;
      }
      keys[c] = key;
      picked[c] = int32_t(j);
    } else if (key > keys[0]) {
      siftDown(keys, picked, size, key, int32_t(j));
    }
  }
  for (int64_t end = size - 1; end > 0; end--) {
    const double topKey = keys[0];
    const int32_t topIdx = picked[0];
    siftDown(keys, picked, end, keys[end], picked[end]);
    keys[end] = topKey;
    picked[end] = topIdx;
  }
}

// Samples seed i within the row bounds the counting pass checked; every edge id and column id is
// checked as it is read. Returns false when the row's eligible count differs from the counting
// pass (the arrays changed under the call): nothing more is written.
bool sampleSeed(const NeighborPlan& pl, int64_t i, Scratch& sc, int32_t* rows, int32_t* cols, int32_t* eids,
                ReadCheck& rc) {
  const int32_t s = pl.seeds[i];
  const int64_t lo = pl.lo[size_t(i)], hi = pl.hi[size_t(i)];
  // Candidate j is position cand[j]; without filters that is simply lo + j (no copy).
  const bool filtered = pl.filtered();
  int32_t* cand = sc.cand.data();
  int64_t n = 0;
  if (filtered) {
    for (int64_t p = lo; p < hi; p++) {
      int64_t e;
      if (!rc.eid(pl.c, p, e) || !pl.eligible(e)) continue;
      if (pl.prob.present()) sc.weight[n] = pl.prob[e];
      cand[n++] = int32_t(p);
    }
  } else {
    n = hi - lo;
  }
  if (outputCount(pl, n) != pl.counts[size_t(i)]) return false;
  auto at = [&](int64_t j) { return filtered ? int64_t(cand[j]) : lo + j; };
  auto emit = [&](int64_t j, int64_t p) {
    int64_t col, e;
    rc.col(pl.c, p, col);
    rc.eid(pl.c, p, e);
    rows[j] = s;
    cols[j] = int32_t(col);
    eids[j] = int32_t(e);
  };
  if (pl.fanout < 0 || (!pl.replace && n <= pl.fanout)) {
    for (int64_t j = 0; j < n; j++) emit(j, at(j));
    return true;
  }
  if (n == 0 || pl.fanout == 0) return true;
  rng::ItemStream r;
  r.reset(pl.seed, uint32_t(i));
  if (pl.replace) drawWithReplacement(r, n, pl.prob.present(), pl.fanout, sc);
  else if (pl.prob.present()) topKeys(r, n, pl.fanout, sc);
  else floyd(r, n, pl.fanout, sc);
  for (int64_t j = 0; j < pl.fanout; j++) emit(j, at(sc.picked[j]));
  return true;
}

// Seeds are random rows: fetch the ones a few iterations ahead (their indptr entries, then the
// start of their adjacency and, with weights, the weights) so the misses overlap. Runs after the
// counting pass, which checked every seed row and (when filtered) its edge ids.
void prefetchSeeds(const NeighborPlan& pl, int64_t i) {
  const int64_t S = pl.numSeeds;
  if (i + 8 < S) {
    const int64_t lo = pl.lo[size_t(i + 8)];
    if (lo < pl.c.edges) {
      prefetchLine(pl.c.indices + lo);
      if (pl.c.eids) prefetchLine(pl.c.eids + lo);
    }
  }
  if (pl.filtered() && i + 4 < S) {
    const int64_t lo = pl.lo[size_t(i + 4)], hi = std::min<int64_t>(pl.hi[size_t(i + 4)], lo + 16);
    for (int64_t p = lo; p < hi; p++) {
      const int64_t e = pl.c.eids ? pl.c.eids[p] : p;
      if (e < 0 || e >= pl.c.edges) break;
      if (pl.prob.f32) prefetchLine(pl.prob.f32 + e);
      else if (pl.prob.f64) prefetchLine(pl.prob.f64 + e);
      if (pl.exclude) prefetchLine(pl.exclude + e);
    }
  }
}

}  // namespace

Napi::Value SampleNeighbors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string op = "sampleNeighbors";
  if (info.Length() < 1 || !info[0].IsObject()) throwType(env, op + ": expected an arguments object");
  const Napi::Object a = info[0].As<Napi::Object>();
  NeighborPlan pl;
  pl.c = getCompressed(env, a, op, -1, SharedIndex::ReadOnce);
  const ArrayArg seeds = getIndexArray(a.Get("seeds"), op + ": seeds");
  checkIndices(env, seeds.as<int32_t>(), seeds.length, pl.c.rows, op + ": seeds");
  pl.seeds = seeds.as<int32_t>();
  pl.numSeeds = seeds.length;
  pl.fanout = getIntInRange(a.Get("fanout"), op + ": fanout", -1);
  pl.replace = getBool(a.Get("replace"), op + ": replace");
  pl.prob = getEdgeWeights(env, a.Get("prob"), pl.c.edges, op + ": prob", true);
  pl.exclude = getEdgeMask(env, a.Get("excludeMask"), pl.c.edges, op + ": excludeMask");
  pl.seed = getSeed(a.Get("seed"), op + ": seed");

  const int64_t S = pl.numSeeds;
  pl.lo.assign(size_t(S), 0);
  pl.hi.assign(size_t(S), 0);
  pl.counts.assign(size_t(S), 0);
  std::vector<int64_t>& counts = pl.counts;
  int64_t maxDeg = 0, work = 0;
  // One pass over the seeds: their rows checked, output counts, the largest degree (scratch
  // sizes) and the work (which decides whether the sampling pass is worth a thread team).
  const bool parCount = S > 8192;
  std::vector<ReadCheck> checks(size_t(parCount ? numThreads() : 1));
#pragma omp parallel num_threads(int(checks.size())) if (parCount)
  {
    ReadCheck& rc = checks[size_t(threadIndex())];
#pragma omp for schedule(dynamic, 1024) reduction(max : maxDeg) reduction(+ : work)
    for (int64_t i = 0; i < S; i++) {
      if (i + 16 < S) prefetchLine(pl.c.indptr + pl.seeds[i + 16]);
      int64_t lo, hi;
      if (!rc.row(pl.c, pl.seeds[i], lo, hi)) {
        counts[i] = 0;
        continue;
      }
      pl.lo[size_t(i)] = lo;
      pl.hi[size_t(i)] = hi;
      const int64_t d = hi - lo;
      maxDeg = std::max(maxDeg, d);
      counts[i] = outputCount(pl, eligibleCount(pl, lo, hi, rc));
      // Unfiltered rows cost their picks (a hub costs O(fanout)); filtered ones are scanned whole.
      work += 8 + counts[i] + (pl.filtered() ? d : 0);
    }
  }
  for (size_t t = 1; t < checks.size(); t++) checks[0].merge(checks[t]);
  throwIfBad(env, pl.c, checks[0], op);
  // Waking a thread team costs more than a small batch (and far more on a busy machine).
  const bool par = work > kSamplingGrain;
  std::vector<int64_t> off;
  const int64_t total = prefixOffsets(counts, off);
  checkOutputSize(env, total, op);
  Napi::Int32Array rows = newInt32Array(env, total, op + ": rows");
  Napi::Int32Array cols = newInt32Array(env, total, op + ": cols");
  Napi::Int32Array eids = newInt32Array(env, total, op + ": eids");
  int32_t* R = rows.Data();
  int32_t* C = cols.Data();
  int32_t* E = eids.Data();
  const int64_t pickCap = pl.fanout < 0 ? 0 : pl.replace ? pl.fanout : std::min(pl.fanout, maxDeg);
  // Scratch per thread: candidates, picks and (weighted) 3 doubles per degree.
  checkAllocation(env, (maxDeg * (4 + 4 + 24) + pickCap * 12) * numThreads(), op + ": scratch");
  const int nt = par ? numThreads() : 1;
  std::vector<Scratch> scratch(static_cast<size_t>(nt));
  for (Scratch& sc : scratch) {
    if (pl.filtered()) sc.cand.resize(size_t(maxDeg));
    sc.picked.resize(size_t(pickCap));
    if (pl.prob.present()) {
      sc.weight.resize(size_t(maxDeg));
      sc.prefix.resize(size_t(maxDeg));
      sc.keys.resize(size_t(pickCap));
    }
    if (!pl.replace && pickCap > 64) sc.mark.assign(size_t(maxDeg), 0);
  }
  std::vector<ReadCheck> emitChecks(static_cast<size_t>(nt));
  int64_t changed = S;  // the first seed whose row changed between the passes
#pragma omp parallel num_threads(nt) if (par)
  {
    Scratch& sc = scratch[size_t(threadIndex())];
    ReadCheck& rc = emitChecks[size_t(threadIndex())];
#pragma omp for schedule(dynamic, 256) reduction(min : changed)
    for (int64_t i = 0; i < S; i++) {
      prefetchSeeds(pl, i);
      if (!sampleSeed(pl, i, sc, R + off[i], C + off[i], E + off[i], rc)) changed = std::min(changed, i);
    }
  }
  for (size_t t = 1; t < emitChecks.size(); t++) emitChecks[0].merge(emitChecks[t]);
  throwIfBad(env, pl.c, emitChecks[0], op);
  if (changed < S) {
    throwRange(env, op + ": the graph's arrays changed during the call (seed position " + std::to_string(changed) + ")");
  }
  return edgesResult(env, rows, cols, eids);
}

}  // namespace dg
