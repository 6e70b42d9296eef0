// Top-k selection per seed row by edge weight, parallel over seeds.
#include <napi.h>
#include <algorithm>
#include <vector>
#include "compressed.h"

namespace dg {

Napi::Value SelectTopk(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string op = "selectTopk";
  if (info.Length() < 1 || !info[0].IsObject()) throwType(env, op + ": expected an arguments object");
  const Napi::Object a = info[0].As<Napi::Object>();
  // Rows and edge ids are read again after the counting pass: a private copy when shared.
  const Compressed c = getCompressed(env, a, op, -1, SharedIndex::Copy);
  const ArrayArg seedsArr = getIndexArray(a.Get("seeds"), op + ": seeds");
  checkIndices(env, seedsArr.as<int32_t>(), seedsArr.length, c.rows, op + ": seeds");
  const int32_t* seeds = seedsArr.as<int32_t>();
  const int64_t S = seedsArr.length;
  const int64_t k = getIntInRange(a.Get("k"), op + ": k", -1);
  const EdgeWeights w = getEdgeWeights(env, a.Get("weights"), c.edges, op + ": weights", false);
  const bool ascending = getBool(a.Get("ascending"), op + ": ascending");
  const uint8_t* exclude = getEdgeMask(env, a.Get("excludeMask"), c.edges, op + ": excludeMask");
  std::vector<int64_t> counts(S);
  int64_t work = 0, maxDeg = 0;
  std::vector<ReadCheck> checks(1);
  for (int64_t i = 0; i < S; i++) {
    int64_t lo, hi;
    if (!checks[0].row(c, seeds[i], lo, hi)) continue;
    work += hi - lo;
    maxDeg = std::max(maxDeg, hi - lo);
  }
  throwIfBad(env, c, checks[0], op);
  const bool par = work > kSamplingGrain / 4;  // sorting makes each edge costlier
  const int nt = par ? numThreads() : 1;
  checks.resize(size_t(nt));
  // Every position of a seed row is a candidate: its edge id and weight are read (and checked)
  // here. A NaN weight has no place in the order (the TypeScript comparator is inconsistent on
  // it): the smallest such position is reported.
  std::vector<int64_t> nanAt(size_t(nt), ReadCheck::kNone);
#pragma omp parallel num_threads(nt) if (par)
  {
    ReadCheck& rc = checks[size_t(threadIndex())];
    int64_t& nan = nanAt[size_t(threadIndex())];
#pragma omp for schedule(dynamic, 256)
    for (int64_t i = 0; i < S; i++) {
      int64_t n = 0;
      for (int64_t p = c.indptr[seeds[i]]; p < c.indptr[seeds[i] + 1]; p++) {
        int64_t e;
        if (!rc.eid(c, p, e)) continue;
        if (std::isnan(w[e])) nan = std::min(nan, p);
        n += !exclude || !exclude[e];
      }
      counts[i] = k < 0 ? n : std::min(k, n);
    }
  }
  for (int t = 1; t < nt; t++) {
    checks[0].merge(checks[size_t(t)]);
    nanAt[0] = std::min(nanAt[0], nanAt[size_t(t)]);
  }
  throwIfBad(env, c, checks[0], op);
  if (nanAt[0] != ReadCheck::kNone) {
    throwRange(env, op + ": weights[" + std::to_string(c.eid(nanAt[0])) + "] is NaN");
  }
  auto keep = [&](int64_t p) { return !exclude || !exclude[c.eid(p)]; };
  std::vector<int64_t> off;
  const int64_t total = prefixOffsets(counts, off);
  checkOutputSize(env, total, op);
  Napi::Int32Array rows = newInt32Array(env, total, op + ": rows");
  Napi::Int32Array cols = newInt32Array(env, total, op + ": cols");
  Napi::Int32Array eids = newInt32Array(env, total, op + ": eids");
  int32_t* R = rows.Data();
  int32_t* C = cols.Data();
  int32_t* E = eids.Data();
  std::vector<std::vector<int32_t>> cands(static_cast<size_t>(nt));
  for (auto& v : cands) v.reserve(size_t(maxDeg));
#pragma omp parallel num_threads(nt) if (par)
  {
    std::vector<int32_t>& cand = cands[size_t(threadIndex())];
    ReadCheck& rc = checks[size_t(threadIndex())];
#pragma omp for schedule(dynamic, 256)
    for (int64_t i = 0; i < S; i++) {
      const int32_t s = seeds[i];
      cand.clear();
      for (int64_t p = c.indptr[s]; p < c.indptr[s + 1]; p++) if (keep(p)) cand.push_back(int32_t(p));
      // Larger (ascending: smaller) weight first, ties to the lower position: a strict total order.
      auto before = [&](int32_t x, int32_t y) {
        const double wx = w[c.eid(x)], wy = w[c.eid(y)];
        if (wx != wy) return ascending ? wx < wy : wx > wy;
        return x < y;
      };
      const int64_t take = counts[i];
      if (take < int64_t(cand.size())) std::partial_sort(cand.begin(), cand.begin() + take, cand.end(), before);
      else std::sort(cand.begin(), cand.end(), before);
      for (int64_t j = 0; j < take; j++) {
        int64_t col;
        rc.col(c, cand[j], col);
        R[off[i] + j] = s;
        C[off[i] + j] = int32_t(col);
        E[off[i] + j] = int32_t(c.eid(cand[j]));
      }
    }
  }
  for (int t = 1; t < nt; t++) checks[0].merge(checks[size_t(t)]);
  throwIfBad(env, c, checks[0], op);
  return edgesResult(env, rows, cols, eids);
}

}  // namespace dg
