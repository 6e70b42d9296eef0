// Process plumbing for the `deepgraph` command (src/cli/relaunch.ts). The command may re-execute
// itself with Node flags that cannot be set at run time; the re-executed child must not outlive
// its parent, even one killed with SIGKILL, or it would go on writing checkpoints nobody waits for.
#include <napi.h>
#include <cmath>
#include "napi_util.h"
#if defined(__linux__)
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace dg {

// dieWithParent(parentPid): asks the kernel to SIGKILL this process when its parent dies. Returns
// true when that is armed and the parent is still parentPid; false when the parent is already gone
// (the caller exits), or when the platform has no such request (Linux only; the caller then does
// not re-execute at all).
Napi::Value DieWithParent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) throwType(env, "dieWithParent: parentPid must be a number");
  const double pid = info[0].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(pid) || pid < 1 || pid != std::floor(pid) || pid > 4194304.0) {
    throwRange(env, "dieWithParent: parentPid must be a positive integer process id");
  }
#if defined(__linux__)
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return Napi::Boolean::New(env, false);
  // The parent may have died before the request was armed: then this process was re-parented.
  return Napi::Boolean::New(env, getppid() == pid_t(pid));
#else
  return Napi::Boolean::New(env, false);
#endif
}

}  // namespace dg
