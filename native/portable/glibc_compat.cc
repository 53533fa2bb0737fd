// Linked into the linux prebuilds only (binding.gyp's numpool_portable, set
// by scripts/prebuild.sh) with a static libstdc++ and libgcc, so that a
// binary built against Debian 12's glibc 2.36 loads on glibc 2.28 and later;
// scripts/check-glibc-policy.js checks the result. The linker's --wrap sends
// every reference to the functions below, from our objects and the static
// libraries alike, to __wrap_<name>.
#include <dlfcn.h>
#include <link.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>

#if defined(__x86_64__)
#define NUMPOOL_GLIBC_BASE "GLIBC_2.2.5"
#define NUMPOOL_JUMP(target) "jmp " target "@PLT"
// _STAT_VER of glibc before 2.33: the layout of struct stat64 asked for.
#define NUMPOOL_STAT_VER 1
#elif defined(__aarch64__)
#define NUMPOOL_GLIBC_BASE "GLIBC_2.17"
#define NUMPOOL_JUMP(target) "b " target
#define NUMPOOL_STAT_VER 0
#else
#error "portable prebuilds are made for x86_64 and aarch64"
#endif

// The pthread functions that moved from libpthread into libc in glibc 2.34
// got a 2.34 version there; their first version stays, as the same code.
// __wrap_<name> jumps to that one, passing every argument on unchanged.
#define NUMPOOL_PIN(name) \
  __asm__(".symver numpool_pinned_" #name ", " #name "@" NUMPOOL_GLIBC_BASE "\n" \
          ".text\n"                                                             \
          ".globl __wrap_" #name "\n"                                           \
          ".hidden __wrap_" #name "\n"                                          \
          ".type __wrap_" #name ", %function\n"                                 \
          "__wrap_" #name ":\n\t" NUMPOOL_JUMP("numpool_pinned_" #name) "\n"     \
          ".size __wrap_" #name ", .-__wrap_" #name "\n");
NUMPOOL_PIN(pthread_create)
NUMPOOL_PIN(pthread_join)
NUMPOOL_PIN(pthread_once)
NUMPOOL_PIN(__pthread_key_create)
// pow got a new version in glibc 2.29, the same computation without the old
// SVID error wrapper; the first version is what Node's own binaries (built
// against an older glibc) call, so Math.pow on Node 24 and later and the
// compiled pow it is matched against take the same path.
NUMPOOL_PIN(pow)

extern "C" {

// glibc 2.32's flag that lets libstdc++ skip atomic reference counting in a
// single-threaded process; 0 means "maybe threaded", always true in Node.
char __libc_single_threaded = 0;

// fstat64 became a libc function in glibc 2.33 (libstdc++'s basic_file calls
// it); before, it was an inline call of __fxstat64, which newer glibcs keep.
int numpool_pinned_fxstat64(int version, int fd, struct stat64* buffer);
__asm__(".symver numpool_pinned_fxstat64, __fxstat64@" NUMPOOL_GLIBC_BASE);
int __wrap_fstat64(int fd, struct stat64* buffer) {
  return numpool_pinned_fxstat64(NUMPOOL_STAT_VER, fd, buffer);
}

// GCC 12's unwinder finds a frame's unwind tables with glibc 2.35's
// _dl_find_object; this answers the same from dl_iterate_phdr, as GCC 11's
// unwinder did: the loaded object whose segments hold pc, and its
// PT_GNU_EH_FRAME segment.
int __wrap__dl_find_object(void* pc, dl_find_object* result) {
  struct Search {
    std::uintptr_t pc;
    dl_find_object* result;
    bool found;
  } search{reinterpret_cast<std::uintptr_t>(pc), result, false};
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        auto& search = *static_cast<Search*>(data);
        std::uintptr_t start = UINTPTR_MAX, end = 0;
        bool holds = false;
        void* eh_frame = nullptr;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[i];
          const std::uintptr_t low = info->dlpi_addr + segment.p_vaddr;
          if (segment.p_type == PT_LOAD) {
            start = std::min(start, low);
            end = std::max(end, low + segment.p_memsz);
            holds = holds ||
                    (search.pc >= low && search.pc < low + segment.p_memsz);
          } else if (segment.p_type == PT_GNU_EH_FRAME) {
            eh_frame = reinterpret_cast<void*>(low);
          }
        }
        if (!holds) return 0;
        *search.result = dl_find_object{};
        search.result->dlfo_map_start = reinterpret_cast<void*>(start);
        search.result->dlfo_map_end = reinterpret_cast<void*>(end);
        search.result->dlfo_eh_frame = eh_frame;
        search.found = true;
        return 1;
      },
      &search);
  return search.found ? 0 : -1;
}

}  // extern "C"
