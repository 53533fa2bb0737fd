// The glue between JavaScript and the pool: it converts arguments, keeps the
// JavaScript buffers of each map alive while workers use them, and carries
// completions back to the JavaScript thread through one thread-safe function
// per environment. Scheduling lives in plan.h and pool.h; validation with
// readable messages lives in lib/; this file only guards against misuse.
//
// Threads: every function here runs on the environment's JavaScript thread,
// except the Task callbacks created in submit(), which run on pool workers
// (or on the thread that cancels) and touch nothing but the thread-safe
// function.
#include <napi.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cpu_count.h"
#include "kernels/registry.h"
#include "plan.h"
#include "pool.h"
#include "program/kernel.h"
#include "program/spec_binding.h"
#include "simd_dispatch.h"

namespace numpool {
namespace {

constexpr unsigned kMaxThreads = 1024;

// Maps whose native buffers are alive, across every environment: what the
// soak test watches return to its baseline.
std::atomic<std::int64_t> liveMaps{0};

struct Completion {
  double taskId;
  Outcome outcome;
};

class PoolWrap;
void deliverCompletion(Napi::Env env, Napi::Function, std::nullptr_t*,
                       Completion* completion);
using CompletionQueue =
    Napi::TypedThreadSafeFunction<std::nullptr_t, Completion,
                                  deliverCompletion>;

// A map running on workers: what it needs kept alive until it completes.
struct InFlight {
  PoolWrap* owner;
  std::shared_ptr<Task> task;
  Napi::Reference<Napi::TypedArrayOf<double>> input;
  Napi::Reference<Napi::TypedArrayOf<double>> output;
};

// Per-environment state (Node-API instance data): the main thread and every
// worker_thread that loads numpool get their own.
struct Addon {
  CompletionQueue completions;
  Napi::FunctionReference onComplete;  // lib's dispatcher: (taskId, completed)
  std::unordered_set<PoolWrap*> pools;
  std::unordered_map<double, InFlight> inFlight;
  double nextTaskId = 1;
  // The kernel path every map of this environment runs: the widest the CPU
  // supports unless lib chose a lower one (NUMPOOL_SIMD) through useSimd.
  SimdPath simd = supportedSimdPaths().back();
};

Napi::TypedArrayOf<double> float64Array(const Napi::Value& value,
                                        const char* what) {
  if (!value.IsTypedArray() ||
      value.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    throw Napi::TypeError::New(value.Env(),
                               std::string(what) + " must be a Float64Array");
  return value.As<Napi::TypedArrayOf<double>>();
}

class PoolWrap : public Napi::ObjectWrap<PoolWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(
        env, "NativePool",
        {InstanceMethod<&PoolWrap::submit>("submit"),
         InstanceMethod<&PoolWrap::submitProgram>("submitProgram"),
         InstanceMethod<&PoolWrap::cancel>("cancel"),
         InstanceMethod<&PoolWrap::stop>("stop"),
         InstanceMethod<&PoolWrap::stats>("stats")});
  }

  // new NativePool(threads)
  explicit PoolWrap(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<PoolWrap>(info),
        addon_(*info.Env().GetInstanceData<Addon>()) {
    const double threads = info[0].As<Napi::Number>().DoubleValue();
    if (!(threads >= 1 && threads <= kMaxThreads) ||
        threads != static_cast<unsigned>(threads))
      throw Napi::RangeError::New(info.Env(), "threads out of range");
    pool_ = std::make_unique<Pool>(static_cast<unsigned>(threads));
    addon_.pools.insert(this);
  }

  // Runs on the JavaScript thread when the wrapper is collected, or at
  // environment teardown; lib keeps a wrapper alive while it has maps.
  ~PoolWrap() override {
    pool_->stop();
    addon_.pools.erase(this);
  }

  void stopWorkers() { pool_->stop(); }

 private:
  struct MapArgs;

  // submit(kernelIndex, input, output, params) -> task id, or 0 when the map
  // was small enough to run inline and `output` already holds the result.
  Napi::Value submit(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    const double index = info[0].As<Napi::Number>().DoubleValue();
    if (!(index >= 0 && index < kKernels.size()))
      throw Napi::RangeError::New(env, "unknown kernel");
    auto map = std::make_shared<MapArgs>();
    const Kernel& kernel = *kKernels[static_cast<std::size_t>(index)];
    map->kernel = &kernel;
    map->path = kernel.paths[static_cast<std::size_t>(addon_.simd)];
    readParams(float64Array(info[3], "params"), *map);
    return start(env, std::move(map), float64Array(info[1], "input"),
                 float64Array(info[2], "output"));
  }

  // submitProgram(code, constants, registers, masks, nsPerElement, input,
  // output) -> as submit(); code is an Int32Array (see program/program.h).
  Napi::Value submitProgram(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    if (!info[0].IsTypedArray() ||
        info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
      throw Napi::TypeError::New(env, "code must be an Int32Array");
    const auto code = info[0].As<Napi::Int32Array>();
    const auto constants = float64Array(info[1], "constants");
    const double registers = info[2].As<Napi::Number>().DoubleValue();
    const double masks = info[3].As<Napi::Number>().DoubleValue();
    const double nsPerElement = info[4].As<Napi::Number>().DoubleValue();
    if (!(registers >= 0 && registers <= program::kMaxRegisters && masks >= 0 &&
          masks <= program::kMaxRegisters && nsPerElement > 0 &&
          nsPerElement < 1e12) ||
        code.ElementLength() % program::kWords != 0)
      throw Napi::RangeError::New(env, "invalid program");
    auto map = std::make_shared<MapArgs>();
    map->program = std::make_unique<program::ProgramMap>(
        std::vector<std::int32_t>(code.Data(),
                                  code.Data() + code.ElementLength()),
        std::vector<double>(constants.Data(),
                            constants.Data() + constants.ElementLength()),
        static_cast<std::size_t>(registers), static_cast<std::size_t>(masks),
        addon_.simd);
    if (const std::string error = map->program->check(); !error.empty())
      throw Napi::RangeError::New(env, "invalid program: " + error);
    map->path.nsPerIteration = nsPerElement;
    return start(env, std::move(map), float64Array(info[5], "input"),
                 float64Array(info[6], "output"));
  }

  Napi::Value start(Napi::Env env, std::shared_ptr<MapArgs> map,
                    Napi::TypedArrayOf<double> input,
                    Napi::TypedArrayOf<double> output) {
    if (output.ElementLength() != input.ElementLength())
      throw Napi::RangeError::New(env, "output length differs from input");
    map->in = input.Data();
    map->out = output.Data();
    map->elements = input.ElementLength();
    if (map->program) {
      map->plan = map->program->plan(map->elements, map->path.nsPerIteration,
                                     pool_->threads());
    } else {
      map->iterations = map->kernel->iterations(map->params);
      map->plan =
          planMap(map->elements, map->iterations, map->path.nsPerIteration,
                  map->path.block, pool_->threads());
      map->state.resize(map->elements * map->kernel->stateSize);
    }
    // A program's inline run is bounded: unfinished, it goes on on workers.
    if (map->plan.runInline && map->runInline())
      return Napi::Number::New(env, 0);
    return Napi::Number::New(env, enqueue(env, std::move(map), input, output));
  }

  // cancel(taskId): the map ends soon as Cancelled; unknown ids are ignored.
  void cancel(const Napi::CallbackInfo& info) {
    const auto found =
        addon_.inFlight.find(info[0].As<Napi::Number>().DoubleValue());
    if (found != addon_.inFlight.end() && found->second.owner == this)
      pool_->cancel(found->second.task);
  }

  // stop(): cancels every map of this pool and joins its workers.
  void stop(const Napi::CallbackInfo&) { pool_->stop(); }

  // stats() -> { queued, running, completed, busyMs: [per thread] }
  Napi::Value stats(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    const Pool::Stats stats = pool_->stats();
    auto busy = Napi::Array::New(env, stats.busy.size());
    for (std::size_t i = 0; i < stats.busy.size(); ++i)
      busy.Set(
          i, std::chrono::duration<double, std::milli>(stats.busy[i]).count());
    auto result = Napi::Object::New(env);
    result.Set("queued", static_cast<double>(stats.queued));
    result.Set("running", static_cast<double>(stats.running));
    result.Set("completed", static_cast<double>(stats.completed));
    result.Set("busyMs", busy);
    return result;
  }

  // One map's arguments and progress. Workers touch only their own chunk's
  // slice of `out`, `state` and `progress`.
  struct MapArgs {
    MapArgs() { liveMaps.fetch_add(1, std::memory_order_relaxed); }
    ~MapArgs() { liveMaps.fetch_sub(1, std::memory_order_relaxed); }
    MapArgs(const MapArgs&) = delete;
    MapArgs& operator=(const MapArgs&) = delete;

    // A built-in kernel, as built for the environment's SIMD path; or a
    // compiled program, with the compiler's cost estimate in
    // path.nsPerIteration.
    const Kernel* kernel = nullptr;
    KernelPath path{};
    std::unique_ptr<program::ProgramMap> program;
    const double* in;
    double* out;
    std::size_t elements;
    double params[kMaxParams];
    std::uint64_t iterations;
    MapPlan plan;
    std::vector<double> state;
    std::vector<std::uint64_t> progress;  // iterations done, per chunk

    Slice slice(std::size_t begin, std::size_t count, std::uint64_t first,
                std::uint64_t last) {
      return {.in = in + begin,
              .out = out + begin,
              .state = state.data() + begin * kernel->stateSize,
              .count = count,
              .params = params,
              .first = first,
              .last = last};
    }

    // True when the map is complete.
    bool runInline() {
      if (program) return program->runInline(in, out, elements);
      path.run(slice(0, elements, 0, iterations));
      return true;
    }

    // Runs the next slice of chunk `c`; true once the chunk is complete.
    bool step(std::size_t c) {
      const std::size_t begin = c * plan.chunkElements;
      if (program)
        return program->step(c, in + begin, out + begin,
                             std::min(plan.chunkElements, elements - begin));
      const std::uint64_t first = progress[c];
      const std::uint64_t last =
          first + std::min(plan.sliceIterations, iterations - first);
      path.run(slice(begin, std::min(plan.chunkElements, elements - begin),
                     first, last));
      progress[c] = last;
      return last == iterations;
    }
  };

  // Checks each value against the kernel's limits: lib/ gives the readable
  // errors; this guard keeps a direct caller from reaching undefined
  // behaviour (a NaN iteration count, say).
  static void readParams(Napi::TypedArrayOf<double> values, MapArgs& map) {
    const auto& specs = map.kernel->params;
    if (values.ElementLength() != specs.size())
      throw Napi::RangeError::New(values.Env(), "wrong number of parameters");
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const double value = values[i];
      const bool integral =
          value == static_cast<double>(static_cast<std::int64_t>(value));
      if (!(value >= specs[i].min && value <= specs[i].max) ||
          (specs[i].integer && !integral))
        throw Napi::RangeError::New(
            values.Env(), std::string(specs[i].name) + " out of range");
      map.params[i] = value;
    }
  }

  double enqueue(Napi::Env env, std::shared_ptr<MapArgs> map,
                 Napi::TypedArrayOf<double> input,
                 Napi::TypedArrayOf<double> output) {
    const double id = addon_.nextTaskId++;
    map->progress.assign(map->plan.chunks, 0);
    CompletionQueue completions = addon_.completions;
    auto task = std::make_shared<Task>(
        map->plan.chunks, [map](std::size_t chunk) { return map->step(chunk); },
        [completions, id](Outcome outcome) mutable {
          auto* completion = new Completion{id, outcome};
          if (completions.NonBlockingCall(completion) != napi_ok)
            delete completion;  // the environment is gone; nobody waits
        });
    if (addon_.inFlight.empty()) addon_.completions.Ref(env);
    addon_.inFlight.emplace(id, InFlight{this, task, Napi::Persistent(input),
                                         Napi::Persistent(output)});
    pool_->submit(task);
    return id;
  }

  Addon& addon_;
  std::unique_ptr<Pool> pool_;
};

// Runs on the JavaScript thread; with a null env when the environment is
// being torn down, and then touches nothing of JavaScript.
void deliverCompletion(Napi::Env env, Napi::Function, std::nullptr_t*,
                       Completion* completion) {
  const std::unique_ptr<Completion> owned(completion);
  if (env == nullptr) return;
  Addon& addon = *env.GetInstanceData<Addon>();
  if (addon.inFlight.erase(owned->taskId) == 0) return;
  if (addon.inFlight.empty()) addon.completions.Unref(env);
  addon.onComplete.Call(
      {Napi::Number::New(env, owned->taskId),
       Napi::Boolean::New(env, owned->outcome == Outcome::Completed)});
}

// setCompletionHandler(fn): fn(taskId, completed) is called for every map
// that ran on workers.
void setCompletionHandler(const Napi::CallbackInfo& info) {
  info.Env().GetInstanceData<Addon>()->onComplete =
      Napi::Persistent(info[0].As<Napi::Function>());
}

// kernels() -> [{ name, params: [{ name, default, min, max, integer }] }]
Napi::Value describeKernels(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  auto list = Napi::Array::New(env, kKernels.size());
  for (std::size_t k = 0; k < kKernels.size(); ++k) {
    auto params = Napi::Array::New(env, kKernels[k]->params.size());
    for (std::size_t p = 0; p < kKernels[k]->params.size(); ++p) {
      const ParamSpec& spec = kKernels[k]->params[p];
      auto entry = Napi::Object::New(env);
      entry.Set("name", std::string(spec.name));
      entry.Set("default", spec.defaultValue);
      entry.Set("min", spec.min);
      entry.Set("max", spec.max);
      entry.Set("integer", spec.integer);
      params.Set(p, entry);
    }
    auto kernel = Napi::Object::New(env);
    kernel.Set("name", std::string(kKernels[k]->name));
    kernel.Set("params", params);
    list.Set(k, kernel);
  }
  return list;
}

// simdPaths() -> the kernel paths this CPU runs, lowest first.
Napi::Value simdPaths(const Napi::CallbackInfo& info) {
  const auto paths = supportedSimdPaths();
  auto list = Napi::Array::New(info.Env(), paths.size());
  for (std::size_t p = 0; p < paths.size(); ++p)
    list.Set(p,
             std::string(kSimdPathNames[static_cast<std::size_t>(paths[p])]));
  return list;
}

// useSimd(name): later maps of this environment run that path; lib checks
// the name, this only refuses a path the CPU cannot run.
void useSimd(const Napi::CallbackInfo& info) {
  const std::string name = info[0].As<Napi::String>();
  for (SimdPath path : supportedSimdPaths())
    if (kSimdPathNames[static_cast<std::size_t>(path)] == name) {
      info.Env().GetInstanceData<Addon>()->simd = path;
      return;
    }
  throw Napi::RangeError::New(info.Env(), "unsupported SIMD path");
}

// liveMaps() -> maps whose native buffers are alive, in the whole process.
Napi::Value liveMapsJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(liveMaps.load()));
}

Napi::Value availableThreadsJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), availableThreads());
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  auto* addon = new Addon();
  env.SetInstanceData(addon);
  addon->completions = CompletionQueue::New(env, "numpool", 0, 1);
  addon->completions.Unref(env);  // an idle numpool never keeps Node alive
  // Registered after the thread-safe function, so it runs before that
  // function's own teardown: workers are joined while it still accepts
  // calls, and their last completions are dropped with a null env.
  env.AddCleanupHook([addon] {
    for (PoolWrap* pool : addon->pools) pool->stopWorkers();
    addon->inFlight.clear();
    addon->onComplete.Reset();
  });
  exports.Set("NativePool", PoolWrap::define(env));
  exports.Set("setCompletionHandler",
              Napi::Function::New<setCompletionHandler>(env));
  exports.Set("kernels", Napi::Function::New<describeKernels>(env));
  exports.Set("simdPaths", Napi::Function::New<simdPaths>(env));
  exports.Set("useSimd", Napi::Function::New<useSimd>(env));
  exports.Set("programSpec", Napi::Function::New<program::programSpec>(env));
  exports.Set("availableThreads", Napi::Function::New<availableThreadsJs>(env));
  exports.Set("liveMaps", Napi::Function::New<liveMapsJs>(env));
  return exports;
}

}  // namespace
}  // namespace numpool

static Napi::Object initModule(Napi::Env env, Napi::Object exports) {
  return numpool::init(env, exports);
}

NODE_API_MODULE(numpool, initModule)
