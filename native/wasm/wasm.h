// Shared declarations of the wasm32 kernels (built by scripts/build-wasm.mjs, loaded by
// src/kernels/wasm/). Pointers are offsets into the module's memory, filled by the TypeScript side,
// which validates every argument (lengths, ids, shapes) before a call: these loops trust them.
#pragma once
#include <stddef.h>
#include <stdint.h>

#define DG_EXPORT(name) __attribute__((export_name(#name)))
#define DG_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
// On a loop body that the exports dispatch to by dtype and operator. Inlined, they made each export
// one large function (dg_spmm 72 KB of code): V8 runs a module's first calls on baseline code and
// recompiles a hot function whole on a background thread, which for dg_spmm took 150-300 ms of CPU
// beside the kernel's own threads. Outlined, only the loops a program uses are compiled, each alone.
#define DG_OUTLINE __attribute__((noinline))

// Bumped whenever an export's signature or meaning changes (src/kernels/wasm/module.ts checks it).
#define DG_WASM_INTERFACE 1

extern "C" {
// JavaScript's Math functions, so that results equal the TypeScript backend's bit for bit.
DG_IMPORT(exp) double js_exp(double);
DG_IMPORT(log) double js_log(double);
}

namespace dgw {

// Operator codes shared with src/kernels/wasm/codes.ts.
enum Op { kAdd = 0, kSub, kMul, kDiv, kCopyL, kCopyR, kDot, kMaximum, kMinimum };
enum Red { kSum = 0, kMax, kMin, kProd };

template <class T>
inline T binop(int op, T l, T r) {
  switch (op) {
    case kAdd: return l + r;
    case kSub: return l - r;
    case kMul: return l * r;
    case kDiv: return l / r;
    case kCopyL: return l;
    case kCopyR: return r;
    case kMaximum: return l >= r || l != l ? l : r;
    case kMinimum: return l <= r || l != l ? l : r;
    default: return l * r;
  }
}

}  // namespace dgw
