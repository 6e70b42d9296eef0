// The wasm module's runtime: the memory routines the compiler may call, and the interface version
// the loader (src/kernels/wasm/module.ts) checks before using any kernel.
#include "wasm.h"

extern "C" {

// The compiler turns copy and fill loops into calls of these; -mbulk-memory makes them one instruction.
void* memcpy(void* d, const void* s, size_t n) {
  __builtin_memcpy(d, s, n);
  return d;
}
void* memmove(void* d, const void* s, size_t n) {
  __builtin_memmove(d, s, n);
  return d;
}
void* memset(void* d, int c, size_t n) {
  __builtin_memset(d, c, n);
  return d;
}

DG_EXPORT(dg_interface_version) int dg_interface_version() { return DG_WASM_INTERFACE; }

}  // extern "C"
