// The memory a map's workers read and write: blocks numpool allocates itself,
// so that no JavaScript code can detach, resize or free them while workers
// use them (a block lives while any holder keeps its shared_ptr), and so that
// large ones are recycled instead of being faulted in afresh by every map.
//
// Large blocks are mapped with huge pages asked for (as numpy does), and
// kept, up to a bound, in a per-environment cache when their last holder lets
// go; release() frees the cached ones (on idle and on close). Small blocks
// come from malloc, which recycles them already.
//
// Threads: take() runs on the JavaScript thread; a block's last holder may
// let go on any thread (a worker finishing a map), so the free list is
// guarded by a mutex.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace numpool {

class BufferCache;

// `elements` doubles, uninitialised.
struct Block {
  double* data;
  std::size_t elements;
};
using BlockPtr = std::shared_ptr<Block>;

class BufferCache {
 public:
  // Blocks of at least this many bytes are mapped, cached and recycled.
  static constexpr std::size_t kLargeBytes = std::size_t{1} << 20;

  // Keeps at most `limitBytes` of free large blocks.
  explicit BufferCache(std::size_t limitBytes);
  ~BufferCache();
  BufferCache(const BufferCache&) = delete;
  BufferCache& operator=(const BufferCache&) = delete;

  // A block of `elements` doubles: a cached one of that size if any, else a
  // fresh one. Throws std::bad_alloc when the system refuses the memory.
  BlockPtr take(std::size_t elements);
  // Frees every cached block; blocks in use return later and are cached again.
  void release();
  std::size_t cachedBytes();

 private:
  struct Shared;
  // Outlives the cache while blocks are in use: their deleters hold it.
  std::shared_ptr<Shared> shared_;
};

}  // namespace numpool
