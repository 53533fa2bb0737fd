// A reducing map's other sink: instead of writing its mapped values out, each
// step folds them, a block at a time, into an accumulator, and the
// accumulators are merged once the map is complete. The sum is exact until
// then (exact_sum.h) and min and max are Math.min's and Math.max's, so the
// result depends neither on the order of the blocks nor on which
// accumulator each went to: steps take whichever accumulator is free, one
// step at a time each, and every thread count and chunking gives the same
// bits.
#pragma once

#include <array>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "exact_sum.h"

namespace numpool {

enum class ReduceOp : std::uint8_t { Sum, Min, Max };
// By ReduceOp; the binding hands them to lib/ (reduceOps).
inline constexpr std::array<std::string_view, 3> kReduceOpNames{"sum", "min",
                                                                "max"};

// Math.min (kMin) or Math.max of two doubles: NaN wins, -0 is below +0.
template <bool kMin>
inline double jsExtreme(double a, double b) {
  if (a != a || b != b) return std::numeric_limits<double>::quiet_NaN();
  if (a == b) return std::signbit(a) == kMin ? a : b;
  return (kMin ? a < b : a > b) ? a : b;
}

class Reduction {
 public:
  // `slots`: accumulators, at least as many as steps that may run at once.
  Reduction(ReduceOp op, std::size_t slots, std::size_t chunks)
      : op_(op),
        accumulators_(slots, Accumulator{.sum = {}, .extreme = initial(op)}),
        busy_(std::make_unique<std::atomic<bool>[]>(slots)),
        slotOf_(chunks, 0) {}

  // One step's accumulator, for chunk `chunk`, until it is destroyed.
  class Hold {
   public:
    Hold(Reduction& reduction, std::size_t chunk) : reduction_(reduction) {
      // A step takes a free slot; there are more slots than steps.
      for (;;) {
        for (slot_ = 0; slot_ < reduction.accumulators_.size(); ++slot_)
          if (!reduction.busy_[slot_].exchange(true, std::memory_order_acquire))
            break;
        if (slot_ < reduction.accumulators_.size()) break;
        std::this_thread::yield();
      }
      reduction.slotOf_[chunk] = slot_;
    }
    ~Hold() { reduction_.busy_[slot_].store(false, std::memory_order_release); }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    Reduction& reduction_;
    std::size_t slot_ = 0;
  };

  // Folds `n` mapped values of chunk `chunk`, which a Hold holds.
  void fold(std::size_t chunk, const double* values, std::size_t n) {
    Accumulator& into = accumulators_[slotOf_[chunk]];
    switch (op_) {
      case ReduceOp::Sum:
        into.sum.add(values, n);
        break;
      case ReduceOp::Min:
        for (std::size_t i = 0; i < n; ++i)
          into.extreme = jsExtreme<true>(into.extreme, values[i]);
        break;
      case ReduceOp::Max:
        for (std::size_t i = 0; i < n; ++i)
          into.extreme = jsExtreme<false>(into.extreme, values[i]);
        break;
    }
  }

  // Once every step has ended: the reduction of every value folded (of none,
  // 0, Infinity or -Infinity).
  double result() const {
    Accumulator all{.sum = {}, .extreme = initial(op_)};
    for (const Accumulator& a : accumulators_) {
      all.sum.merge(a.sum);
      all.extreme = op_ == ReduceOp::Min
                        ? jsExtreme<true>(all.extreme, a.extreme)
                        : jsExtreme<false>(all.extreme, a.extreme);
    }
    return op_ == ReduceOp::Sum ? all.sum.round() : all.extreme;
  }

 private:
  struct Accumulator {
    ExactSum sum;
    double extreme;  // min's or max's, from its identity
  };

  static double initial(ReduceOp op) {
    return op == ReduceOp::Min ? std::numeric_limits<double>::infinity()
                               : -std::numeric_limits<double>::infinity();
  }

  const ReduceOp op_;
  std::vector<Accumulator> accumulators_;
  std::unique_ptr<std::atomic<bool>[]> busy_;
  std::vector<std::size_t> slotOf_;  // each chunk's, while a step holds one
};

}  // namespace numpool
