// Operator and reducer tags shared by the sparse kernels.
#pragma once
#include <cmath>
#ifndef DG_FREESTANDING  // the wasm32 build (native/wasm) has no std::string
#include <string>
#endif

namespace dg {

enum class BinOp { Add, Sub, Mul, Div, CopyL, CopyR, Dot };
enum class Red { Sum, Max, Min };

template <BinOp OP> constexpr bool usesLhs() { return OP != BinOp::CopyR; }
template <BinOp OP> constexpr bool usesRhs() { return OP != BinOp::CopyL; }

template <class T, BinOp OP>
inline T applyOp(T l, T r) {
  if constexpr (OP == BinOp::Add) return l + r;
  else if constexpr (OP == BinOp::Sub) return l - r;
  else if constexpr (OP == BinOp::Mul || OP == BinOp::Dot) return l * r;
  else if constexpr (OP == BinOp::Div) return l / r;
  else if constexpr (OP == BinOp::CopyL) { (void)r; return l; }
  else { (void)l; return r; }
}

// The reducer's "better" test, as the TypeScript kernels define it: a NaN never displaces the
// running extreme (it only stays when it came first), and ties keep the earlier candidate.
template <class T, Red R>
inline bool better(T v, T cur) {
  if constexpr (R == Red::Max) return v > cur;
  else return v < cur;
}

#ifndef DG_FREESTANDING
inline bool parseBinOp(const std::string& s, BinOp& op) {
  if (s == "add") op = BinOp::Add;
  else if (s == "sub") op = BinOp::Sub;
  else if (s == "mul") op = BinOp::Mul;
  else if (s == "div") op = BinOp::Div;
  else if (s == "copyLhs") op = BinOp::CopyL;
  else if (s == "copyRhs") op = BinOp::CopyR;
  else if (s == "dot") op = BinOp::Dot;
  else return false;
  return true;
}

inline bool parseRed(const std::string& s, Red& r) {
  if (s == "sum") r = Red::Sum;
  else if (s == "max") r = Red::Max;
  else if (s == "min") r = Red::Min;
  else return false;
  return true;
}

#endif  // DG_FREESTANDING

}  // namespace dg
