#include "buffer_cache.h"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <utility>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define NUMPOOL_MMAP 1
#endif

namespace numpool {
namespace {

// Large blocks are sized in steps of a huge page, so that maps of nearby
// lengths recycle one another's blocks and no huge page is left half used.
constexpr std::size_t kGranule = std::size_t{2} << 20;

void* mapLarge(std::size_t bytes) {
#ifdef NUMPOOL_MMAP
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  // 512 times fewer page faults on first touch where the kernel grants it.
  madvise(memory, bytes, MADV_HUGEPAGE);
#endif
  return memory;
#else
  void* memory = std::malloc(bytes);
  if (memory == nullptr) throw std::bad_alloc();
  return memory;
#endif
}

void unmapLarge(void* memory, std::size_t bytes) {
#ifdef NUMPOOL_MMAP
  munmap(memory, bytes);
#else
  (void)bytes;
  std::free(memory);
#endif
}

}  // namespace

struct BufferCache::Shared {
  struct Free {
    void* memory;
    std::size_t bytes;
  };
  std::mutex mutex;
  std::vector<Free> free;  // guarded by mutex
  std::size_t cachedBytes = 0;
  const std::size_t limitBytes;

  explicit Shared(std::size_t limit) : limitBytes(limit) {}
  // The last block came back after the cache itself was gone.
  ~Shared() {
    for (const Free& block : free) unmapLarge(block.memory, block.bytes);
  }

  // A block's last holder let go: cache it if it fits, else unmap it.
  void giveBack(void* memory, std::size_t bytes) {
    {
      std::lock_guard lock(mutex);
      if (cachedBytes + bytes <= limitBytes) {
        free.push_back({memory, bytes});
        cachedBytes += bytes;
        return;
      }
    }
    unmapLarge(memory, bytes);
  }

  std::vector<Free> takeAll() {
    std::lock_guard lock(mutex);
    cachedBytes = 0;
    return std::exchange(free, {});
  }
};

BufferCache::BufferCache(std::size_t limitBytes)
    : shared_(std::make_shared<Shared>(limitBytes)) {}

BufferCache::~BufferCache() { release(); }

BlockPtr BufferCache::take(std::size_t elements) {
  const std::size_t bytes = std::max<std::size_t>(elements, 1) * sizeof(double);
  if (bytes < kLargeBytes) {
    auto* data = static_cast<double*>(std::malloc(bytes));
    if (data == nullptr) throw std::bad_alloc();
    return BlockPtr(new Block{data, elements}, [](Block* block) {
      std::free(block->data);
      delete block;
    });
  }
  const std::size_t rounded = (bytes + kGranule - 1) / kGranule * kGranule;
  void* memory = nullptr;
  std::size_t size = rounded;
  {
    std::lock_guard lock(shared_->mutex);
    auto& free = shared_->free;
    // The smallest cached block that fits and wastes at most a quarter.
    auto best = free.end();
    for (auto it = free.begin(); it != free.end(); ++it)
      if (it->bytes >= rounded && it->bytes <= rounded + rounded / 4 &&
          (best == free.end() || it->bytes < best->bytes))
        best = it;
    if (best != free.end()) {
      memory = best->memory;
      size = best->bytes;
      shared_->cachedBytes -= size;
      free.erase(best);
    }
  }
  if (memory == nullptr) memory = mapLarge(size);
  std::unique_ptr<Block> block;
  try {
    block =
        std::make_unique<Block>(Block{static_cast<double*>(memory), elements});
  } catch (...) {
    unmapLarge(memory, size);
    throw;
  }
  std::shared_ptr<Shared> shared = shared_;
  return BlockPtr(block.release(), [shared, size](Block* released) {
    shared->giveBack(released->data, size);
    delete released;
  });
}

void BufferCache::release() {
  for (const Shared::Free& block : shared_->takeAll())
    unmapLarge(block.memory, block.bytes);
}

std::size_t BufferCache::cachedBytes() {
  std::lock_guard lock(shared_->mutex);
  return shared_->cachedBytes;
}

}  // namespace numpool
