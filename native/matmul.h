// Shared by the dense (matmul.cc) and sparse-left (matmul_sparse.cc) product kernels.
#pragma once
#include <cstdint>

namespace dg {

// out[t] = op(A[t]) @ op(B[t]) for t < batch; op(A) is m x k (stored k x m when ta), op(B) k x n
// (stored n x k when tb); operand t starts at t * stride (0 broadcasts one matrix).
struct Mm {
  int64_t batch, m, k, n, aStride, bStride;
  bool ta, tb;
};

// When op(A) is mostly zeros, computes the product by skipping them and returns true; returns
// false (having written nothing) when the dense kernel should run instead. See matmul_sparse.cc.
bool sparseLeftMatmul(const Mm& p, const float* a, const float* b, float* c);
bool sparseLeftMatmul(const Mm& p, const double* a, const double* b, double* c);

// Test hook: "auto" (decide by density), "never" or "always" (whenever it is exact).
bool setSparseMatmulMode(const char* mode);

}  // namespace dg
