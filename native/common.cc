#include "common.h"

namespace dg {

static int gThreads = 0;
// A thread's own count (0: the process-wide one): DataLoader workers run their sampling kernels on
// fewer threads without changing the training thread's count.
static thread_local int tThreads = 0;

int numThreads() {
  if (tThreads > 0) return tThreads;
  if (gThreads <= 0) {
#ifdef _OPENMP
    gThreads = omp_get_num_procs();
#else
    gThreads = 1;
#endif
  }
  return gThreads;
}

void setNumThreads(int n) {
#ifdef _OPENMP
  gThreads = n < 1 ? 1 : n;
#else
  (void)n;
  gThreads = 1;
#endif
}

void setThreadNumThreads(int n) {
#ifdef _OPENMP
  tThreads = n < 0 ? 0 : n;
#else
  (void)n;
  tThreads = 0;
#endif
}

bool makeBcast(const std::vector<int64_t>& lhs, const std::vector<int64_t>& rhs,
               const std::vector<int64_t>& out, Bcast& b) {
  const size_t nd = out.size();
  if (lhs.size() > nd || rhs.size() > nd) return false;
  // Right-align both operand shapes against out; missing leading dims are 1.
  std::vector<int64_t> l(nd, 1), r(nd, 1);
  for (size_t i = 0; i < lhs.size(); i++) l[nd - lhs.size() + i] = lhs[i];
  for (size_t i = 0; i < rhs.size(); i++) r[nd - rhs.size() + i] = rhs[i];
  for (size_t d = 0; d < nd; d++) {
    const int64_t want = l[d] != 1 ? l[d] : r[d];
    if ((l[d] != 1 && l[d] != want) || (r[d] != 1 && r[d] != want) || out[d] != want) return false;
  }
  b.outLen = prod(out);
  b.lhsLen = prod(lhs);
  b.rhsLen = prod(rhs);
  b.trivial = (b.lhsLen == b.outLen && b.rhsLen == b.outLen);
  if (b.trivial) return true;
  // Strides of each operand seen through out (0 along broadcast dims), walked as an odometer.
  std::vector<int64_t> sl(nd, 0), sr(nd, 0);
  int64_t a = 1, c = 1;
  for (size_t d = nd; d-- > 0;) {
    sl[d] = l[d] == 1 ? 0 : a;
    sr[d] = r[d] == 1 ? 0 : c;
    a *= l[d];
    c *= r[d];
  }
  b.lhsOff.assign(b.outLen, 0);
  b.rhsOff.assign(b.outLen, 0);
  std::vector<int64_t> idx(nd, 0);
  int64_t ol = 0, orr = 0;
  for (int64_t i = 0; i < b.outLen; i++) {
    b.lhsOff[i] = ol;
    b.rhsOff[i] = orr;
    for (size_t d = nd; d-- > 0;) {
      idx[d]++;
      ol += sl[d];
      orr += sr[d];
      if (idx[d] < out[d]) break;
      ol -= sl[d] * out[d];
      orr -= sr[d] * out[d];
      idx[d] = 0;
    }
  }
  return true;
}

}  // namespace dg
