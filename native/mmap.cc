// Memory-mapped file ranges as external ArrayBuffers (src/storage reads on-disk datasets through it).
// The mapping is private and writable (copy-on-write): a script writing into the typed array changes
// its own pages, never the file, and never faults on a read-only page.
#include <napi.h>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <string>
#include "napi_util.h"
#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define DG_HAVE_MMAP 1
#endif

namespace dg {

namespace {

// A byte offset or length: a finite non-negative integer below 2^53.
int64_t getByteCount(const Napi::Value& v, const std::string& what) {
  if (!v.IsNumber()) throwType(v.Env(), what + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || d < 0 || d != std::floor(d) || d > 9007199254740991.0) {
    throwRange(v.Env(), what + " must be a non-negative integer, got " + std::to_string(d));
  }
  return int64_t(d);
}

#ifdef DG_HAVE_MMAP
struct Mapping {
  void* base;
  size_t length;
};

void unmap(Napi::Env, void*, Mapping* m) {
  munmap(m->base, m->length);
  delete m;
}
#endif

}  // namespace

// mapFile(path, byteOffset, byteLength): the bytes [byteOffset, byteOffset + byteLength) of the file,
// mapped (paged in on first touch). Throws when the file is shorter than the range.
Napi::Value MapFile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string path = getString(info[0], "mapFile: path");
  const int64_t offset = getByteCount(info[1], "mapFile: byteOffset");
  const int64_t length = getByteCount(info[2], "mapFile: byteLength");
#ifdef DG_HAVE_MMAP
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Napi::Error::New(env, "mapFile: cannot open " + path + ": " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    close(fd);
    throw Napi::Error::New(env, "mapFile: cannot stat " + path + ": " + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    throwRange(env, "mapFile: " + path + " is not a regular file");
  }
  if (offset > int64_t(st.st_size) || length > int64_t(st.st_size) - offset) {
    close(fd);
    throwRange(env, "mapFile: " + path + " has " + std::to_string(int64_t(st.st_size)) + " bytes, the range needs " +
                        std::to_string(offset + length));
  }
  if (length == 0) {
    close(fd);
    return Napi::ArrayBuffer::New(env, 0);
  }
  const int64_t page = int64_t(sysconf(_SC_PAGESIZE));
  const int64_t aligned = offset - offset % page;
  const size_t span = size_t(length + (offset - aligned));
  void* base = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, off_t(aligned));
  const int err = errno;
  close(fd);  // the mapping keeps the file referenced
  if (base == MAP_FAILED) throwRange(env, "mapFile: cannot map " + path + ": " + std::strerror(err));
  auto* m = new (std::nothrow) Mapping{base, span};
  if (m == nullptr) {
    munmap(base, span);
    throwRange(env, "mapFile: out of memory");
  }
  char* data = static_cast<char*>(base) + (offset - aligned);
  return Napi::ArrayBuffer::New(env, data, size_t(length), unmap, m);
#else
  throw Napi::Error::New(env, "mapFile: memory mapping is not available on this platform");
#endif
}

}  // namespace dg
