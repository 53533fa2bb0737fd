#include "map.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <utility>

#include "program/kernel.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace numpool {
namespace {

std::atomic<std::int64_t> live{0};

// Doubles per piece of a parallel copy: large enough that claiming one
// costs nothing beside it, small enough to spread 10^6 doubles over cores.
constexpr std::size_t kCopyPiece = std::size_t{1} << 16;
// From this many bytes a copy outgrows the last-level cache: the workers
// would read it back from memory anyway, so its stores bypass the cache
// (as glibc's memcpy does above a similar size in one call, which the
// pieces never reach), sparing the read of every destination line.
constexpr std::size_t kStreamBytes = std::size_t{32} << 20;

// Copies `n` doubles with stores that bypass the cache where the CPU has
// them; ordered before any later store by the fence, so a release after it
// publishes the copy.
void streamCopy(double* to, const double* from, std::size_t n) {
#ifdef __SSE2__
  std::size_t i = 0;
  // Streaming stores need 16-byte alignment; a caller's out may be 8 off.
  for (; i < n && reinterpret_cast<std::uintptr_t>(to + i) % 16 != 0; ++i)
    to[i] = from[i];
  for (; i + 2 <= n; i += 2) _mm_stream_pd(to + i, _mm_loadu_pd(from + i));
  for (; i < n; ++i) to[i] = from[i];
  _mm_sfence();
#else
  std::copy_n(from, n, to);
#endif
}

// Mapped values a reduction of a built-in kernel computes into scratch at a
// time before folding them: in L1, and a multiple of every path's block.
constexpr std::size_t kFoldBlock = 512;

struct CopyJob {
  double* to;
  const double* from;
  std::size_t n;
  std::size_t pieces;
  bool stream;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};

  // Copies pieces until none is left to claim.
  void help() {
    for (std::size_t p;
         (p = next.fetch_add(1, std::memory_order_relaxed)) < pieces;) {
      const std::size_t begin = p * kCopyPiece;
      const std::size_t count = std::min(kCopyPiece, n - begin);
      if (stream)
        streamCopy(to + begin, from + begin, count);
      else
        std::copy_n(from + begin, count, to + begin);
      done.fetch_add(1, std::memory_order_release);
    }
  }
};

}  // namespace

void copyInParallel(Pool& pool, double* to, const double* from, std::size_t n) {
  auto job = std::make_shared<CopyJob>();
  job->to = to;
  job->from = from;
  job->n = n;
  job->pieces = (n + kCopyPiece - 1) / kCopyPiece;
  job->stream = n * sizeof(double) >= kStreamBytes;
  if (job->pieces > 1 && pool.threads() > 0) {
    // A worker that starts after every piece is claimed touches nothing:
    // `from` is read only by pieces claimed, and all are done on return.
    const std::size_t helpers =
        std::min<std::size_t>(pool.threads(), job->pieces - 1);
    try {
      pool.submit(std::make_shared<Task>(
          helpers,
          [job](std::size_t) {
            job->help();
            return true;
          },
          [](Outcome) {}, false));
    } catch (const std::bad_alloc&) {
      // No helpers: the calling thread copies it all.
    }
  }
  job->help();
  while (job->done.load(std::memory_order_acquire) < job->pieces)
    std::this_thread::yield();
}

std::int64_t liveMaps() { return live.load(std::memory_order_relaxed); }

Map::Map(const Kernel& kernel, KernelPath path, const double* params)
    : kernel_(&kernel), path_(path) {
  std::copy_n(params, kernel.params.size(), params_);
  live.fetch_add(1, std::memory_order_relaxed);
}

Map::Map(std::unique_ptr<program::ProgramMap> program, double nsPerElement)
    : program_(std::move(program)), nsPerElement_(nsPerElement) {
  if (std::string error = program_->check(); !error.empty())
    throw std::invalid_argument("invalid program: " + error);
  live.fetch_add(1, std::memory_order_relaxed);
}

Map::~Map() { live.fetch_sub(1, std::memory_order_relaxed); }

const char* Map::checkParam(const Kernel& kernel, std::size_t index,
                            double value) {
  const ParamSpec& spec = kernel.params[index];
  if (!(value >= spec.min && value <= spec.max) ||
      (spec.integer && std::trunc(value) != value))
    return spec.name.data();
  return nullptr;
}

void Map::setMemory(std::span<const double* const> inputs,
                    std::vector<BlockPtr> inHolders, double* out,
                    BlockPtr outHolder, std::size_t elements) {
  if (inputs.size() != this->inputs())
    throw std::invalid_argument("wrong number of inputs");
  std::copy(inputs.begin(), inputs.end(), inputs_.begin());
  out_ = out;
  inHolders_ = std::move(inHolders);
  outHolder_ = std::move(outHolder);
  elements_ = elements;
}

bool Map::plan(unsigned threads) {
  if (program_) {
    // One iteration per element: a chunk's progress is all or nothing.
    iterations_ = 1;
    plan_ = program_->plan(elements_, nsPerElement_, threads);
  } else {
    iterations_ = kernel_->iterations(params_);
    plan_ = planMap(elements_, iterations_, path_.nsPerIteration, path_.block,
                    threads);
    state_.resize(elements_ * kernel_->stateSize);
  }
  if (reduceOp_) {
    // A slot per worker, and one for the calling thread's inline run.
    reduction_ = std::make_unique<Reduction>(
        *reduceOp_, threads + std::size_t{1}, plan_.chunks);
    if (program_) program_->reduceInto(reduction_.get());
  }
  return plan_.runInline;
}

bool Map::runInline() {
  if (program_) {
    return holding(0, [&] {
      return program_->runInline({.inputs = inputs_.data(),
                                  .index = 0,
                                  .out = out_,
                                  .count = elements_});
    });
  }
  if (reduction_)
    runFolded(0, 0, elements_, 0);
  else
    path_.run(slice(0, elements_, 0, iterations_));
  return true;
}

std::shared_ptr<Task> Map::task(Task::OnDone onDone) {
  progress_.assign(plan_.chunks, 0);
  auto task = std::make_shared<Task>(
      plan_.chunks,
      [self = shared_from_this()](std::size_t chunk) {
        return self->step(chunk);
      },
      std::move(onDone));
  return task;
}

std::uint64_t Map::elementsDone() const {
  if (iterations_ == 0) return 0;
  const double done = workDone_.load(std::memory_order_relaxed) /
                      static_cast<double>(iterations_);
  return std::min(static_cast<std::uint64_t>(done),
                  static_cast<std::uint64_t>(elements_));
}

Slice Map::slice(std::size_t begin, std::size_t count, std::uint64_t first,
                 std::uint64_t last) {
  return {.in = inputs_[0] + begin,
          .out = out_ == nullptr ? nullptr : out_ + begin,
          .state = state_.data() + begin * kernel_->stateSize,
          .count = count,
          .params = params_,
          .first = first,
          .last = last};
}

bool Map::step(std::size_t c) {
  const std::size_t begin = c * plan_.chunkElements;
  const std::size_t count = std::min(plan_.chunkElements, elements_ - begin);
  if (program_) {
    std::array<const double*, program::kMaxInputs> inputs{};
    for (std::size_t k = 0; k < program_->inputs(); ++k)
      inputs[k] = inputs_[k] + begin;
    const bool complete = holding(c, [&] {
      return program_->step(c, {.inputs = inputs.data(),
                                .index = begin,
                                .out = out_ == nullptr ? nullptr : out_ + begin,
                                .count = count});
    });
    if (complete)
      workDone_.fetch_add(static_cast<double>(count),
                          std::memory_order_relaxed);
    return complete;
  }
  const std::uint64_t first = progress_[c];
  const std::uint64_t last =
      first + std::min(plan_.sliceIterations, iterations_ - first);
  if (reduction_ && last == iterations_)
    runFolded(c, begin, count, first);
  else
    path_.run(slice(begin, count, first, last));
  progress_[c] = last;
  workDone_.fetch_add(
      static_cast<double>(count) * static_cast<double>(last - first),
      std::memory_order_relaxed);
  return last == iterations_;
}

void Map::runFolded(std::size_t c, std::size_t begin, std::size_t count,
                    std::uint64_t first) {
  const Reduction::Hold hold(*reduction_, c);
  if (first == 0) {
    // A slice from the first iteration sets its state up from its input:
    // any block of it can run alone, into a block of scratch.
    std::array<double, kFoldBlock> scratch;
    for (std::size_t at = 0; at < count; at += kFoldBlock) {
      const std::size_t n = std::min(kFoldBlock, count - at);
      Slice s = slice(begin + at, n, 0, iterations_);
      s.out = scratch.data();
      path_.run(s);
      reduction_->fold(c, scratch.data(), n);
    }
    return;
  }
  // The last slice of a chunk of long elements, whose state is laid out for
  // the whole chunk: such chunks are short.
  std::vector<double> scratch(count);
  Slice s = slice(begin, count, first, iterations_);
  s.out = scratch.data();
  path_.run(s);
  reduction_->fold(c, scratch.data(), count);
}

}  // namespace numpool
