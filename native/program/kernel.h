// One map of a compiled program. Its slices are cut by a budget of executed
// instructions, not by iterations: a program's loops have no count known
// beforehand, so any program, looping for ever or not, gives its worker back
// within one slice (where the pool sees cancellation and other maps take
// their turn), and a run on the calling thread is bounded the same way.
// A chunk paused mid-program keeps its blocks' registers and positions until
// its next slice, on whichever worker runs it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../kernels/simd_path.h"
#include "../plan.h"
#include "program.h"

namespace numpool {
class Reduction;
}

namespace numpool::program {

// A chunk's blocks of lanes in progress (blocks.h).
struct Frame;

// Chunks of one map, at most, per thread: enough to balance elements of
// uneven cost, few enough that their paused frames stay small.
inline constexpr std::size_t kProgramChunksPerThread = 16;
// And at most this many bytes of frames per map, for programs of many
// registers (a block is 512 bytes per register and mask; a loop refilled
// from a spare block doubles it).
inline constexpr std::size_t kFramesBytes = std::size_t{256} << 20;

// The budget of a run on the calling thread: twice what the plan puts
// there, so that a map its estimate puts inline ends there, the copying of
// each block's input and result included.
inline constexpr double kInlineRunNs = 2 * kInlineBudgetNs;

// An element that threw (Op::Throw) and the id of its message.
struct Thrown {
  std::size_t element;
  double message;
};

// What one chunk reads and writes: element j of the chunk is inputs[k][j]
// of input k (one pointer per input of the program) and out[j]; `index` is
// its first element's index in the whole map, which the Index op counts on
// from.
struct Chunk {
  const double* const* inputs;
  std::uint64_t index;
  double* out;
  std::size_t count;
};

class ProgramMap {
 public:
  // `inputs`: the map's input count, which the program's Input ops are
  // checked against.
  ProgramMap(std::vector<std::int32_t> code, std::vector<double> constants,
             std::size_t registers, std::size_t masks, std::size_t inputs,
             SimdPath simd);
  ~ProgramMap();
  ProgramMap(const ProgramMap&) = delete;
  ProgramMap& operator=(const ProgramMap&) = delete;

  // Empty when the program is safe to run, else what is wrong.
  std::string check() const { return validate(program_); }

  // Chunks for `elements`, from the compiler's estimate per element: inline
  // when it is small. Each chunk holds a block's registers while paused, so
  // there are a bounded number per thread.
  MapPlan plan(std::size_t elements, double nsPerElement, unsigned threads);

  // A reducing map's: each block's results are folded into `reduction` as
  // the block ends, instead of written out (`out` is then unused).
  void reduceInto(Reduction* reduction) { reduction_ = reduction; }

  // Runs the inline plan's one chunk on the calling thread for a slice of
  // at most kInlineRunNs; false when it did not complete, and is paused for
  // the workers to go on with.
  bool runInline(const Chunk& all);

  // Advances chunk `chunk`, whose memory is `memory`, by one slice; true
  // once it is complete.
  bool step(std::size_t chunk, const Chunk& memory);

  std::size_t inputs() const { return program_.inputs; }

  // Once the map has ended: the lowest element that threw, if any (what a
  // JavaScript loop over the elements would meet first, whatever the
  // threads). Chunks after the first that threw are skipped.
  std::optional<Thrown> thrown() const;

 private:
  bool advance(std::size_t chunk, const Chunk& memory, double budgetNs);

  std::vector<std::int32_t> code_;
  std::vector<double> constants_;
  Program program_;
  SimdPath simd_;
  Reduction* reduction_ = nullptr;
  // Per chunk: null before its first slice and once complete.
  std::vector<std::unique_ptr<Frame>> frames_;
  std::size_t chunkElements_ = 0;
  // Per chunk, written by the worker that runs it: its first element that
  // threw, within the chunk.
  std::vector<std::optional<Thrown>> thrown_;
  // The lowest chunk that threw; those after it need not run.
  std::atomic<std::size_t> firstThrown_{SIZE_MAX};
};

}  // namespace numpool::program
