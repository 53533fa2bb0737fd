// How a map is scheduled, decided from the kernel's cost estimate alone:
// inline on the calling thread when threads would cost more than they save;
// else chunks of elements, each run in slices of iterations long enough to
// amortise a trip through the pool's queue, and short enough to balance the
// workers, to let other maps take turns and to notice cancellation soon.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace numpool {

// Below this much estimated work, waking a worker and coming back through
// the event loop (tens of microseconds) costs more than the work itself.
inline constexpr double kInlineBudgetNs = 20'000;
// A slice's target duration: a trip through the queue costs well under 1 µs.
inline constexpr double kSliceTargetNs = 250'000;
// Chunks per thread a large map is cut into, at least, so that uneven
// elements and busy cores even out.
inline constexpr std::size_t kChunksPerThread = 4;

struct MapPlan {
  bool runInline;
  std::size_t chunkElements;
  std::size_t chunks;
  std::uint64_t sliceIterations;
};

// `nsPerIteration`: per element and iteration; `block`: the kernel's
// preferred multiple of elements per chunk.
inline MapPlan planMap(std::size_t elements, std::uint64_t iterations,
                       double nsPerIteration, std::size_t block,
                       unsigned threads) {
  const double elementNs = static_cast<double>(iterations) * nsPerIteration;
  if (elements == 0 ||
      static_cast<double>(elements) * elementNs < kInlineBudgetNs)
    return {.runInline = true,
            .chunkElements = elements,
            .chunks = 1,
            .sliceIterations = iterations};
  const double byCost = std::clamp(kSliceTargetNs / elementNs, 1.0, 1e15);
  const std::size_t byBalance = (elements + threads * kChunksPerThread - 1) /
                                (threads * kChunksPerThread);
  const std::size_t wanted =
      std::min(static_cast<std::size_t>(byCost), byBalance);
  const std::size_t chunkElements = std::max(block, wanted / block * block);
  const double perIteration =
      static_cast<double>(chunkElements) * nsPerIteration;
  const double slice = std::clamp(kSliceTargetNs / perIteration, 1.0,
                                  static_cast<double>(iterations));
  return {.runInline = false,
          .chunkElements = chunkElements,
          .chunks = (elements + chunkElements - 1) / chunkElements,
          .sliceIterations = static_cast<std::uint64_t>(slice)};
}

// `plan` with at most `most` chunks, each a multiple of `block`: for a
// kernel whose every paused chunk holds much state (a program's registers).
inline MapPlan withChunksAtMost(MapPlan plan, std::size_t elements,
                                std::size_t block, std::size_t most) {
  if (plan.chunks <= most) return plan;
  const std::size_t each = (elements + most - 1) / most;
  plan.chunkElements = (each + block - 1) / block * block;
  plan.chunks = (elements + plan.chunkElements - 1) / plan.chunkElements;
  return plan;
}

}  // namespace numpool
