#include "map.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "program/kernel.h"

namespace numpool {
namespace {

std::atomic<std::int64_t> live{0};

}  // namespace

std::int64_t liveMaps() { return live.load(std::memory_order_relaxed); }

Map::Map(const Kernel& kernel, KernelPath path, const double* params)
    : kernel_(kernel), path_(path) {
  std::copy_n(params, kernel.params.size(), params_);
  live.fetch_add(1, std::memory_order_relaxed);
}

Map::Map(std::vector<std::int32_t> code, std::vector<double> constants,
         std::size_t registers, std::size_t masks, KernelPath path)
    : kernel_(program::kProgramKernel),
      path_(path),
      code_(std::move(code)),
      constants_(std::move(constants)) {
  if (code_.size() % program::kWords != 0)
    throw std::invalid_argument("invalid program: a partial instruction");
  program_ = {.code = code_.data(),
              .instructions = code_.size() / program::kWords,
              .constants = constants_.data(),
              .constantCount = constants_.size(),
              .registers = registers,
              .masks = masks,
              .stop = nullptr};
  if (std::string error = program::validate(program_); !error.empty())
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

void Map::setMemory(const double* in, BlockPtr inHolder, double* out,
                    BlockPtr outHolder, std::size_t elements) {
  in_ = in;
  out_ = out;
  inHolder_ = std::move(inHolder);
  outHolder_ = std::move(outHolder);
  elements_ = elements;
}

bool Map::plan(unsigned threads) {
  iterations_ = kernel_.iterations(params_);
  plan_ = planMap(elements_, iterations_, path_.nsPerIteration, path_.block,
                  threads);
  state_.resize(elements_ * kernel_.stateSize);
  return plan_.runInline;
}

void Map::runInline() { path_.run(slice(0, elements_, 0, iterations_)); }

std::shared_ptr<Task> Map::task(Task::OnDone onDone) {
  progress_.assign(plan_.chunks, 0);
  auto task = std::make_shared<Task>(
      plan_.chunks,
      [self = shared_from_this()](std::size_t chunk) {
        return self->step(chunk);
      },
      std::move(onDone));
  program_.stop = &task->stopFlag();
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
  return {.in = in_ + begin,
          .out = out_ + begin,
          .state = state_.data() + begin * kernel_.stateSize,
          .count = count,
          .params = params_,
          .first = first,
          .last = last,
          .program = &program_};
}

bool Map::step(std::size_t c) {
  const std::size_t begin = c * plan_.chunkElements;
  const std::size_t count = std::min(plan_.chunkElements, elements_ - begin);
  const std::uint64_t first = progress_[c];
  const std::uint64_t last =
      first + std::min(plan_.sliceIterations, iterations_ - first);
  path_.run(slice(begin, count, first, last));
  progress_[c] = last;
  workDone_.fetch_add(
      static_cast<double>(count) * static_cast<double>(last - first),
      std::memory_order_relaxed);
  return last == iterations_;
}

}  // namespace numpool
