// The glue between JavaScript and the native side: it reads a call's
// arguments into a Map (map.h), decides where the map reads and writes (the
// caller's SharedArrayBuffer in place, numpool's own blocks, or a copy), and
// turns the map's outcome back into a value on the JavaScript thread through
// one thread-safe function per environment. Scheduling lives in plan.h and
// pool.h; validation with readable messages lives in lib/; this file only
// guards against misuse, so that a direct caller of the addon cannot crash
// the process either.
//
// Threads: everything here runs on the environment's JavaScript thread,
// except the onDone callback made in MapWrap::submit, which runs on a pool
// worker (or on the thread that cancels) and touches only the thread-safe
// function.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

#include "buffer_cache.h"
#include "cpu_count.h"
#include "kernels/registry.h"
#include "map.h"
#include "pool.h"
#include "program/kernel.h"
#include "program/spec_binding.h"
#include "reduction.h"
#include "simd_dispatch.h"

namespace numpool {
namespace {

constexpr unsigned kMaxThreads = 1024;
// The most free large blocks an environment keeps for its next maps.
constexpr std::size_t kCacheLimitBytes = std::size_t{512} << 20;

class PoolWrap;
class MapWrap;
void deliverCompletion(Napi::Env env, Napi::Function, std::nullptr_t*,
                       MapWrap* map);
using CompletionQueue =
    Napi::TypedThreadSafeFunction<std::nullptr_t, MapWrap, deliverCompletion>;

// Per-environment state (Node-API instance data): the main thread and every
// worker_thread that loads numpool get their own.
struct Addon {
  CompletionQueue completions;
  Napi::FunctionReference onComplete;  // lib's: (owner, result)
  Napi::FunctionReference mapClass;
  std::unordered_set<PoolWrap*> pools;
  std::size_t running = 0;  // maps on workers whose completion is not in
  BufferCache cache{kCacheLimitBytes};
  // Blocks this environment handed to JavaScript as external ArrayBuffers,
  // by address: a view of one is numpool's own memory, which a map can pin.
  std::map<const double*, std::weak_ptr<Block>> blocks;
  // The kernel path every map of this environment runs: the widest the CPU
  // supports unless lib chose a lower one (NUMPOOL_SIMD) through useSimd.
  SimdPath simd = supportedSimdPaths().back();
  // Whether this Node's Math.log is log's fused build (arm64 Node): the
  // built-in kernels that log then run their fusedLog path.
  bool fusedLog = false;
};

Addon& addonOf(Napi::Env env) { return *env.GetInstanceData<Addon>(); }

// A Float64Array's memory, and what it lies in.
struct View {
  Napi::TypedArrayOf<double> array;
  double* data;
  std::size_t length;
  Napi::Value buffer;
  // On a SharedArrayBuffer: never detached, never shrunk.
  bool shared;
};

View viewOf(const Napi::Value& value, const char* what) {
  if (!value.IsTypedArray() ||
      value.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    throw Napi::TypeError::New(value.Env(),
                               std::string(what) + " must be a Float64Array");
  const auto array = value.As<Napi::TypedArrayOf<double>>();
  napi_value buffer;
  void* data;
  std::size_t length;
  NAPI_THROW_IF_FAILED(
      value.Env(),
      napi_get_typedarray_info(value.Env(), array, nullptr, &length, &data,
                               &buffer, nullptr),
      View{});
  const Napi::Value bufferValue(value.Env(), buffer);
  // Node-API tells an ArrayBuffer apart; the only other backing a typed
  // array has is a SharedArrayBuffer.
  const bool shared = !bufferValue.IsArrayBuffer();
  return {array, static_cast<double*>(data), length, bufferValue, shared};
}

// The live block `view` lies in, if it is numpool's own memory.
BlockPtr ownBlock(Addon& addon, const View& view) {
  if (view.shared || view.length == 0) return nullptr;
  auto it = addon.blocks.upper_bound(view.data);
  if (it == addon.blocks.begin()) return nullptr;
  --it;
  BlockPtr block = it->second.lock();
  if (block == nullptr ||
      view.data + view.length > block->data + block->elements)
    return nullptr;
  return block;
}

// A compiled program's throw, as lib reads it: { thrownAt, message }, the
// element's index and the message's id in the compiled kernel's table.
Napi::Value thrownValue(Napi::Env env, const program::Thrown& thrown) {
  Napi::Object value = Napi::Object::New(env);
  value.Set("thrownAt", static_cast<double>(thrown.element));
  value.Set("message", thrown.message);
  return value;
}

// `elements` doubles of `block` as a Float64Array: over the block itself
// (recycled by its finalizer) where it is large and Node allows external
// buffers, else a copy.
Napi::TypedArrayOf<double> arrayOver(Napi::Env env, BlockPtr block,
                                     double* data, std::size_t elements) {
  const std::size_t bytes = elements * sizeof(double);
  if (bytes >= BufferCache::kLargeBytes) {
    auto* holder = new BlockPtr(std::move(block));
    napi_value buffer;
    const napi_status status = napi_create_external_arraybuffer(
        env, data, bytes,
        [](napi_env env, void*, void* hint) {
          auto* held = static_cast<BlockPtr*>(hint);
          const auto size =
              static_cast<std::int64_t>((*held)->elements * sizeof(double));
          delete held;
          std::int64_t ignored;
          napi_adjust_external_memory(env, -size, &ignored);
        },
        holder, &buffer);
    if (status == napi_ok) {
      const Block& owned = **holder;
      auto& blocks = addonOf(env).blocks;
      // Entries outlive their blocks until swept here, a few at a time.
      if (blocks.size() >= 64)
        std::erase_if(blocks,
                      [](const auto& entry) { return entry.second.expired(); });
      blocks[owned.data] = *holder;
      std::int64_t ignored;
      // So that V8 collects results (and recycles their blocks) in step
      // with the memory they hold.
      napi_adjust_external_memory(
          env, static_cast<std::int64_t>(owned.elements * sizeof(double)),
          &ignored);
      return Napi::TypedArrayOf<double>::New(env, elements,
                                             Napi::ArrayBuffer(env, buffer), 0);
    }
    // Refused (a build with the V8 sandbox): a copy instead.
    block = std::move(*holder);
    delete holder;
  }
  auto array = Napi::Float64Array::New(env, elements);
  if (elements > 0) std::memcpy(array.Data(), data, bytes);
  return array;
}

double integerIn(const Napi::Value& value, double min, double max,
                 const char* what) {
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= min && number <= max) || std::trunc(number) != number)
    throw Napi::RangeError::New(value.Env(),
                                std::string(what) + " out of range");
  return number;
}

// A map's inputs: one Float64Array, or an Array of 1 to kMaxInputs of
// equal length (what lib/marshal.ts's marshalInputs makes).
std::vector<View> inputViews(const Napi::Value& value) {
  const Napi::Env env = value.Env();
  if (!value.IsArray()) return {viewOf(value, "input")};
  const auto list = value.As<Napi::Array>();
  const std::uint32_t count = list.Length();
  if (count < 1 || count > program::kMaxInputs)
    throw Napi::RangeError::New(env, "inputs out of range");
  std::vector<View> views;
  for (std::uint32_t k = 0; k < count; ++k) {
    views.push_back(viewOf(list.Get(k), "input"));
    if (views.back().length != views.front().length)
      throw Napi::RangeError::New(env, "inputs differ in length");
  }
  return views;
}

class PoolWrap : public Napi::ObjectWrap<PoolWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "NativePool",
                       {InstanceMethod<&PoolWrap::map>("map"),
                        InstanceMethod<&PoolWrap::mapProgram>("mapProgram"),
                        InstanceMethod<&PoolWrap::stop>("stop"),
                        InstanceMethod<&PoolWrap::stats>("stats")});
  }

  // new NativePool(threads)
  explicit PoolWrap(const Napi::CallbackInfo& info);

  // Runs on the JavaScript thread when the wrapper is collected, or at
  // environment teardown; a map on its workers holds the Pool itself.
  ~PoolWrap() override {
    pool_->stop();
    addon_.pools.erase(this);
  }

  void stopWorkers() { pool_->stop(); }

 private:
  // map(owner, kernelIndex, params, input, out, transfer, reduce)
  Napi::Value map(const Napi::CallbackInfo& info);
  // mapProgram(owner, code, constants, registers, masks, nsPerElement,
  // inputs, out, transfer, reduce); code is an Int32Array (see
  // program/program.h), inputs one Float64Array or an Array of them
  // (inputViews).
  Napi::Value mapProgram(const Napi::CallbackInfo& info);
  Napi::Value start(const Napi::CallbackInfo& info, std::shared_ptr<Map> map,
                    const std::vector<View>& inputs, std::size_t at);
  Napi::Value startChecked(const Napi::CallbackInfo& info,
                           std::shared_ptr<Map> map,
                           const std::vector<View>& inputs, std::size_t at);

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

  Addon& addon_;
  std::shared_ptr<Pool> pool_;
};

// A map on a pool's workers, as JavaScript holds it: cancel() and progress().
// It keeps alive, until its completion is delivered, itself, its Pool, the
// JavaScript values it pins (a SharedArrayBuffer it reads or writes in place)
// and the caller's `out` it fills at the end.
class MapWrap : public Napi::ObjectWrap<MapWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "NativeMap",
                       {InstanceMethod<&MapWrap::cancel>("cancel"),
                        InstanceMethod<&MapWrap::progress>("progress")});
  }

  // Made only by PoolWrap::start; one made from JavaScript does nothing.
  explicit MapWrap(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<MapWrap>(info) {}

  // Submits `map` to `pool`; nothing is left behind if this throws.
  // `out`, when given, is what the map resolves to: written in place, or
  // filled from the map's own block at the end when `copyOut`.
  void submit(Napi::Env env, std::shared_ptr<Pool> pool,
              std::shared_ptr<Map> map, Napi::Object owner,
              std::vector<Napi::Value> pins, Napi::Value out, bool copyOut) {
    Addon& addon = addonOf(env);
    CompletionQueue completions = addon.completions;
    task_ = map->task([completions, this](Outcome outcome) mutable {
      outcome_ = outcome;
      // Fails only once the environment is gone; nobody waits then.
      completions.NonBlockingCall(this);
    });
    pool_ = std::move(pool);
    map_ = std::move(map);
    owner_ = Napi::Persistent(owner);
    for (const Napi::Value& pin : pins) pins_.push_back(Napi::Persistent(pin));
    if (!out.IsEmpty()) out_ = Napi::Persistent(out);
    copyOut_ = copyOut;
    Ref();
    if (addon.running++ == 0) addon.completions.Ref(env);
    try {
      pool_->submit(task_);
    } catch (...) {
      if (--addon.running == 0) addon.completions.Unref(env);
      Unref();
      release();
      throw;
    }
  }

  // On the JavaScript thread, once the workers let go of the map: lib's
  // handler receives the result (undefined when cancelled, null when `out`
  // could not be filled).
  void finish(Napi::Env env) {
    Addon& addon = addonOf(env);
    if (--addon.running == 0) addon.completions.Unref(env);
    Unref();
    Napi::Value result = env.Undefined();
    try {
      if (outcome_ == Outcome::Completed) {
        const auto thrown = map_->thrown();
        result = thrown ? thrownValue(env, *thrown) : resultValue(env);
      }
      if (outcome_ == Outcome::Failed)
        result = Napi::Error::New(
                     env, "numpool: a worker ran out of memory for this map")
                     .Value();
    } catch (const Napi::Error& error) {
      result = error.Value();
    } catch (const std::bad_alloc&) {
      result = Napi::Error::New(env, "numpool: out of memory for the result")
                   .Value();
    }
    const Napi::Value owner = owner_.Value();
    release();
    if (!addon.onComplete.IsEmpty()) addon.onComplete.Call({owner, result});
  }

 private:
  Napi::Value resultValue(Napi::Env env) {
    if (map_->reduces()) return Napi::Number::New(env, map_->reduced());
    if (out_.IsEmpty())
      return arrayOver(env, map_->outHolder(), map_->out(), map_->elements());
    // The caller may have detached or resized its buffer meanwhile (a
    // plain one, or numpool's own, which the map kept alive).
    const View out = viewOf(out_.Value(), "out");
    if (out.length != map_->elements()) return env.Null();
    if (copyOut_) copyInParallel(*pool_, out.data, map_->out(), out.length);
    return out.array;
  }

  void release() {
    task_.reset();
    map_.reset();
    pool_.reset();
    owner_.Reset();
    pins_.clear();
    out_.Reset();
  }

  // cancel(): the map ends soon, as cancelled; idempotent.
  void cancel(const Napi::CallbackInfo&) {
    if (task_ != nullptr) pool_->cancel(task_);
  }

  // progress() -> elements done so far.
  Napi::Value progress(const Napi::CallbackInfo& info) {
    return Napi::Number::New(
        info.Env(),
        map_ == nullptr ? 0 : static_cast<double>(map_->elementsDone()));
  }

  std::shared_ptr<Pool> pool_;
  std::shared_ptr<Map> map_;
  std::shared_ptr<Task> task_;
  Outcome outcome_ = Outcome::Cancelled;  // set by onDone before delivery
  Napi::ObjectReference owner_;
  std::vector<Napi::Reference<Napi::Value>> pins_;
  Napi::Reference<Napi::Value> out_;
  bool copyOut_ = false;
};

PoolWrap::PoolWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<PoolWrap>(info), addon_(addonOf(info.Env())) {
  const auto threads =
      static_cast<unsigned>(integerIn(info[0], 1, kMaxThreads, "threads"));
  try {
    pool_ = std::make_shared<Pool>(threads);
  } catch (const std::system_error& error) {
    throw Napi::Error::New(info.Env(), "numpool: the system refused to start " +
                                           std::to_string(threads) +
                                           " threads: " + error.what());
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(info.Env(), "numpool: out of memory starting " +
                                           std::to_string(threads) +
                                           " threads");
  }
  addon_.pools.insert(this);
}

Napi::Value PoolWrap::map(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const auto index = static_cast<std::size_t>(integerIn(
      info[1], 0, static_cast<double>(kKernels.size() - 1), "kernel"));
  const Kernel& kernel = *kKernels[index];
  const View params = viewOf(info[2], "params");
  if (params.length != kernel.params.size())
    throw Napi::RangeError::New(env, "wrong number of parameters");
  for (std::size_t i = 0; i < params.length; ++i)
    if (const char* name = Map::checkParam(kernel, i, params.data[i]))
      throw Napi::RangeError::New(env, std::string(name) + " out of range");
  const std::vector<View> inputs = inputViews(info[3]);
  if (inputs.size() != 1)
    throw Napi::RangeError::New(env, "a built-in kernel maps one input");
  const KernelPath& path =
      addon_.fusedLog && kernel.fusedLog.run != nullptr
          ? kernel.fusedLog
          : kernel.paths[static_cast<std::size_t>(addon_.simd)];
  auto map = std::make_shared<Map>(kernel, path, params.data);
  return startChecked(info, std::move(map), inputs, 4);
}

Napi::Value PoolWrap::mapProgram(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (!info[1].IsTypedArray() ||
      info[1].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    throw Napi::TypeError::New(env, "code must be an Int32Array");
  const auto code = info[1].As<Napi::Int32Array>();
  if (code.ElementLength() % program::kWords != 0)
    throw Napi::RangeError::New(env, "invalid program: a partial instruction");
  const View constants = viewOf(info[2], "constants");
  const double registers =
      integerIn(info[3], 0, program::kMaxRegisters, "registers");
  const double masks = integerIn(info[4], 0, program::kMaxRegisters, "masks");
  const double nsPerElement = info[5].As<Napi::Number>().DoubleValue();
  if (!(nsPerElement > 0 && nsPerElement < 1e12))
    throw Napi::RangeError::New(env, "nsPerElement out of range");
  // The program is checked against the map's input count: an Input op
  // beyond it makes it invalid.
  const std::vector<View> inputs = inputViews(info[6]);
  std::shared_ptr<Map> map;
  try {
    map = std::make_shared<Map>(
        std::make_unique<program::ProgramMap>(
            std::vector<std::int32_t>(code.Data(),
                                      code.Data() + code.ElementLength()),
            std::vector<double>(constants.data,
                                constants.data + constants.length),
            static_cast<std::size_t>(registers),
            static_cast<std::size_t>(masks), inputs.size(), addon_.simd),
        nsPerElement);
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
  return startChecked(info, std::move(map), inputs, 7);
}

// start(), with the system's refusal of memory as a JavaScript Error: the
// map is then dropped whole, and the pool goes on.
Napi::Value PoolWrap::startChecked(const Napi::CallbackInfo& info,
                                   std::shared_ptr<Map> map,
                                   const std::vector<View>& inputs,
                                   std::size_t at) {
  try {
    return start(info, std::move(map), inputs, at);
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(info.Env(), "numpool: out of memory for this map");
  }
}

// The map of `inputs` (the map's inputs(), of equal length), with the
// arguments from `at` on: out (or undefined), transfer, which applies to
// input 0, and reduce: undefined for a map, else the index of its op in
// kReduceOpNames (with no out; transfer lets it read the input in place).
// Returns the result (a Float64Array, or the reduction's number) when the
// map ran inline, else its NativeMap.
Napi::Value PoolWrap::start(const Napi::CallbackInfo& info,
                            std::shared_ptr<Map> map,
                            const std::vector<View>& inputs, std::size_t at) {
  const Napi::Env env = info.Env();
  if (!info[0].IsObject())
    throw Napi::TypeError::New(env, "owner must be an object");
  const View& in = inputs.front();
  const bool hasOut = !info[at].IsUndefined();
  const View out = hasOut ? viewOf(info[at], "out") : View{};
  const bool transfer = info[at + 1].ToBoolean();
  if (hasOut && out.length != in.length)
    throw Napi::RangeError::New(env, "out length differs from input");
  if (transfer && (in.shared || inputs.size() != 1))
    throw Napi::TypeError::New(env,
                               "only a single input that is not on a "
                               "SharedArrayBuffer can be transferred");
  const bool reduces = !info[at + 2].IsUndefined();
  if (reduces) {
    if (hasOut) throw Napi::TypeError::New(env, "a reduction takes no out");
    map->reduceWith(static_cast<ReduceOp>(
        integerIn(info[at + 2], 0,
                  static_cast<double>(kReduceOpNames.size() - 1), "reduce")));
  }
  const std::size_t n = in.length;
  std::vector<const double*> sources;
  for (const View& input : inputs) sources.push_back(input.data);
  map->setMemory(sources, {}, nullptr, nullptr, n);
  const bool runInline = map->plan(pool_->threads());
  // Hands the caller's buffer over, now that nothing is left to refuse the
  // map; a buffer that cannot be detached (WebAssembly memory) refuses it.
  const auto detachInput = [&] {
    if (transfer && napi_detach_arraybuffer(env, in.buffer) != napi_ok)
      throw Napi::TypeError::New(env, "input's buffer cannot be transferred");
  };

  // What a program's inline run wrote before its budget ran out: it goes
  // on on the workers from where it paused, into memory the map holds.
  const double* partial = nullptr;
  if (runInline && reduces) {
    // Nothing can touch JavaScript memory while this call runs; one that
    // did not complete goes on from its accumulators, on the workers.
    if (map->runInline()) {
      if (const auto thrown = map->thrown()) return thrownValue(env, *thrown);
      return Napi::Number::New(env, map->reduced());
    }
  } else if (runInline) {
    // Nothing can touch JavaScript memory while this call runs.
    Napi::TypedArrayOf<double> result =
        hasOut ? out.array : Napi::Float64Array::New(env, n);
    map->setMemory(sources, {}, result.Data(), nullptr, n);
    if (map->runInline()) {
      // A throw rejects the map: the caller's input stays its own.
      if (const auto thrown = map->thrown()) return thrownValue(env, *thrown);
      detachInput();
      return result;
    }
    partial = result.Data();
  }

  // Where the workers read each input: the caller's shared memory or
  // numpool's own block, in place; else a private copy. A block's result is
  // written after its elements are read, so the result may replace an input
  // that is private to the map (the first such one).
  std::vector<Napi::Value> pins;
  std::vector<BlockPtr> inBlocks;
  BlockPtr writable;
  double* writableData = nullptr;
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    const View& input = inputs[k];
    BlockPtr block = ownBlock(addon_, input);
    bool privateInput = k == 0 && transfer && block != nullptr;
    if (input.shared) {
      pins.push_back(input.array);
    } else if (block == nullptr) {
      block = addon_.cache.take(n);
      copyInParallel(*pool_, block->data, input.data, n);
      sources[k] = block->data;
      privateInput = true;
    }
    if (privateInput && writable == nullptr) {
      writable = block;
      writableData = const_cast<double*>(sources[k]);
    }
    inBlocks.push_back(std::move(block));
  }
  // Where they write: shared memory or numpool's own block given as `out`
  // in place; else a private input (in place), or a new block.
  BlockPtr outBlock = hasOut ? ownBlock(addon_, out) : nullptr;
  double* target = nullptr;
  const bool copyOut = hasOut && !out.shared && outBlock == nullptr;
  if (reduces) {
    // No output: the workers fold what they compute.
  } else if (hasOut && !copyOut) {
    target = out.data;
  } else if (partial == nullptr && writable != nullptr) {
    outBlock = std::move(writable);
    target = writableData;
  } else {
    outBlock = addon_.cache.take(n);
    target = outBlock->data;
  }
  if (partial != nullptr && partial != target) std::copy_n(partial, n, target);
  map->setMemory(sources, std::move(inBlocks), target, std::move(outBlock), n);
  detachInput();
  Napi::Object handle = addon_.mapClass.New({});
  MapWrap::Unwrap(handle)->submit(
      env, pool_, std::move(map), info[0].As<Napi::Object>(), std::move(pins),
      hasOut ? Napi::Value(out.array) : Napi::Value(), copyOut);
  return handle;
}

// Runs on the JavaScript thread; with a null env when the environment is
// being torn down, and then touches nothing.
void deliverCompletion(Napi::Env env, Napi::Function, std::nullptr_t*,
                       MapWrap* map) {
  if (env == nullptr) return;
  try {
    map->finish(env);
  } catch (const Napi::Error& error) {
    // lib's handler never throws; another caller's surfaces as uncaught.
    error.ThrowAsJavaScriptException();
  }
}

// setCompletionHandler(fn): fn(owner, result) is called for every map that
// ran on workers; maps that complete before it is set are dropped.
void setCompletionHandler(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction())
    throw Napi::TypeError::New(info.Env(), "handler must be a function");
  addonOf(info.Env()).onComplete =
      Napi::Persistent(info[0].As<Napi::Function>());
}

// allocate(n) -> a Float64Array of n doubles over numpool's own memory,
// which a map reads (and, transferred, writes) in place.
Napi::Value allocate(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const auto n = static_cast<std::size_t>(
      integerIn(info[0], 0, 9007199254740991.0 / sizeof(double), "length"));
  BlockPtr block = addonOf(env).cache.take(n);
  double* data = block->data;
  return arrayOver(env, std::move(block), data, n);
}

// cachedBytes() -> free blocks this environment keeps for its next maps.
Napi::Value cachedBytes(const Napi::CallbackInfo& info) {
  return Napi::Number::New(
      info.Env(), static_cast<double>(addonOf(info.Env()).cache.cachedBytes()));
}

// releaseCache(): frees them (lib calls it when numpool goes idle).
void releaseCache(const Napi::CallbackInfo& info) {
  addonOf(info.Env()).cache.release();
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
      addonOf(info.Env()).simd = path;
      return;
    }
  throw Napi::RangeError::New(info.Env(), "unsupported SIMD path");
}

// liveMaps() -> maps whose native state is alive, in the whole process.
Napi::Value liveMapsJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(liveMaps()));
}

Napi::Value availableThreadsJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), availableThreads());
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  auto* addon = new Addon();
  env.SetInstanceData(addon);
  const MathChoice& log = mathChoice("log");
  addon->fusedLog =
      program::portOfThisNode(env, log) == &log.candidates[kFusedCandidate];
  addon->completions = CompletionQueue::New(env, "numpool", 0, 1);
  addon->completions.Unref(env);  // an idle numpool never keeps Node alive
  addon->mapClass = Napi::Persistent(MapWrap::define(env));
  // Registered after the thread-safe function, so it runs before that
  // function's own teardown: workers are joined while it still accepts
  // calls, and their last completions are dropped with a null env.
  env.AddCleanupHook([addon] {
    for (PoolWrap* pool : addon->pools) pool->stopWorkers();
    addon->onComplete.Reset();
  });
  exports.Set("NativePool", PoolWrap::define(env));
  exports.Set("setCompletionHandler",
              Napi::Function::New<setCompletionHandler>(env));
  exports.Set("allocate", Napi::Function::New<allocate>(env));
  exports.Set("cachedBytes", Napi::Function::New<cachedBytes>(env));
  exports.Set("releaseCache", Napi::Function::New<releaseCache>(env));
  exports.Set("largeBytes", static_cast<double>(BufferCache::kLargeBytes));
  exports.Set("kernels", Napi::Function::New<describeKernels>(env));
  auto reduceOps = Napi::Array::New(env, kReduceOpNames.size());
  for (std::size_t op = 0; op < kReduceOpNames.size(); ++op)
    reduceOps.Set(op, std::string(kReduceOpNames[op]));
  exports.Set("reduceOps", reduceOps);
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
