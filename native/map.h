// One map's life on the native side, from its arguments to its completion:
// the kernel as built for it, its params or program, the memory it reads and
// writes, its plan, its per-element state, its progress and its task on the
// pool. It knows nothing of JavaScript: binding.cc builds it from a call's
// arguments and turns its outcome back into values.
//
// Memory: every byte the workers touch is held by the map for its whole life,
// either a Block it shares (buffer_cache.h) or memory the binding keeps
// pinned by other means (a SharedArrayBuffer, which cannot be detached or
// shrunk). Nothing JavaScript does to its buffers mid-map can free it.
//
// A reducing map (reduceWith) has no output: each step folds its chunk's
// mapped values, a block at a time, into the map's Reduction (reduction.h),
// and reduced() merges them once the map is complete.
//
// Threads: built and started on the JavaScript thread; step() runs on pool
// workers, each on its own chunk; elementsDone() may be read from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "buffer_cache.h"
#include "kernels/kernel.h"
#include "plan.h"
#include "pool.h"
#include "program/kernel.h"
#include "reduction.h"

namespace numpool {

class Map : public std::enable_shared_from_this<Map> {
 public:
  // A built-in kernel with `params` (already checked by checkParams).
  Map(const Kernel& kernel, KernelPath path, const double* params);
  // A compiled program, with the compiler's estimate of its cost per
  // element; throws std::invalid_argument when the program is not valid.
  Map(std::unique_ptr<program::ProgramMap> program, double nsPerElement);
  ~Map();
  Map(const Map&) = delete;
  Map& operator=(const Map&) = delete;

  // Empty when `value` is a valid value for the kernel's param `index`, else
  // the param's name. Compares as doubles only: no value is ever converted to
  // an integer type before it is known to fit.
  static const char* checkParam(const Kernel& kernel, std::size_t index,
                                double value);

  // The inputs the map reads element by element: 1 for a built-in kernel,
  // the program's input count for a program.
  std::size_t inputs() const { return program_ ? program_->inputs() : 1; }

  // Where the map reads and writes: element i of input k is inputs[k][i],
  // inputs() of them; an input and `out` may be the same memory. The holders
  // keep their memory alive for the map's life (null for memory the caller
  // pins otherwise).
  void setMemory(std::span<const double* const> inputs,
                 std::vector<BlockPtr> inHolders, double* out,
                 BlockPtr outHolder, std::size_t elements);

  // Makes the map a reduction by `op`, before it is planned.
  void reduceWith(ReduceOp op) { reduceOp_ = op; }
  bool reduces() const { return reduceOp_.has_value(); }
  // Of a reducing map once complete: the reduction of every mapped value.
  double reduced() const { return reduction_->result(); }

  // Plans the map for `threads` workers and sizes its state; true when it
  // is small enough to run inline.
  bool plan(unsigned threads);
  // True when the map is complete; a program's inline run is bounded, and
  // one that did not complete goes on from where it paused, on the workers.
  bool runInline();
  // The map as a task for the pool; `onDone` is called once it ends.
  std::shared_ptr<Task> task(Task::OnDone onDone);

  std::size_t elements() const { return elements_; }
  double* out() const { return out_; }
  const BlockPtr& outHolder() const { return outHolder_; }
  // Elements whose every iteration is done, summed over chunks.
  std::uint64_t elementsDone() const;
  // Once the map has ended: a compiled program's first element that threw.
  std::optional<program::Thrown> thrown() const {
    return program_ ? program_->thrown() : std::nullopt;
  }

 private:
  Slice slice(std::size_t begin, std::size_t count, std::uint64_t first,
              std::uint64_t last);
  // Runs the next slice of chunk `c`; true once the chunk is complete.
  bool step(std::size_t c);
  // A built-in kernel's last slice of chunk `c` (elements [begin, begin +
  // count)) from iteration `first`, folded into the reduction.
  // run(), holding chunk c's accumulator where the map reduces (a program
  // folds each block it maps into the accumulator its chunk holds).
  template <class Run>
  bool holding(std::size_t c, Run run) {
    if (!reduction_) return run();
    const Reduction::Hold hold(*reduction_, c);
    return run();
  }
  void runFolded(std::size_t c, std::size_t begin, std::size_t count,
                 std::uint64_t first);

  // A built-in kernel, as built for the environment's SIMD path; or a
  // compiled program, which plans and slices by its own cost.
  const Kernel* kernel_ = nullptr;
  const KernelPath path_{};
  double params_[kMaxParams] = {};
  const std::unique_ptr<program::ProgramMap> program_;
  const double nsPerElement_ = 0;

  std::array<const double*, program::kMaxInputs> inputs_{};
  double* out_ = nullptr;
  std::vector<BlockPtr> inHolders_;
  BlockPtr outHolder_;
  std::size_t elements_ = 0;
  std::optional<ReduceOp> reduceOp_;
  std::unique_ptr<Reduction> reduction_;
  std::uint64_t iterations_ = 0;
  MapPlan plan_{};
  std::vector<double> state_;
  std::vector<std::uint64_t> progress_;  // iterations done, per chunk
  // Element-iterations done in all chunks, for elementsDone(); a double, as
  // the product may pass 2^64.
  std::atomic<double> workDone_{0};
};

// Copies `n` doubles with the calling thread and `pool`'s workers side by
// side, and returns once every byte is copied: `from` need only live for the
// call. Large copies pay their page faults and bandwidth on every core
// instead of the JavaScript thread alone; a busy or stopped pool leaves more
// of the work to the calling thread.
void copyInParallel(Pool& pool, double* to, const double* from, std::size_t n);

// Maps alive in the whole process: what the soak test watches return to 0.
std::int64_t liveMaps();

}  // namespace numpool
