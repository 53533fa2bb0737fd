// A fixed set of std::thread workers that run tasks step by step.
// It knows nothing of Node-API or of kernels: a task is a number of chunks
// and a function that advances one chunk by one step (a slice of its work)
// and says whether the chunk is complete.
//
// Concurrency protocol (every rule below is relied on by pool.cc):
// 1. `mutex_` guards `ready_`, `active_`, `stopping_` and every task's
//    `nextChunk_`, `paused_` and `queued_`. Work is claimed only under it, so
//    each chunk is started once and each step of it is run by one worker at
//    a time.
// 2. `ready_` is the round-robin queue of tasks that have work to hand out:
//    a chunk not yet started, or a started chunk paused between two steps.
//    A worker takes the front task, claims one step of it (starting a new
//    chunk first, so that all chunks advance together and none is left to
//    run alone at the end), puts the task at the back if it has more to hand
//    out, and runs the step. An incomplete chunk is paused at the back of its
//    task's own queue. Maps in flight thus share the workers step by step,
//    however many chunks each has: a short map never waits for a long one.
// 3. A chunk passes from worker to worker only through its task's queue,
//    under the mutex: that is what orders one step's writes before the next.
// 4. Every chunk is accounted exactly once in `unfinished_`: when its last
//    step has run, or when it is dropped by cancellation. Whichever thread
//    brings the count to zero removes the task from `active_` and calls
//    `onDone` exactly once, outside the lock. The acquire-release decrement
//    makes every chunk's writes visible to that thread.
// 5. Cancelling raises the task's stop flag and drops its unstarted and
//    paused chunks at once; a step already running finishes and is then
//    dropped. No step starts once the flag is seen. A task cancelled before
//    submit() ends there; submit() then ignores it.
// 6. `busy_` (per worker step time) and `completed_` are guarded by
//    `mutex_` too: a worker adds its step's time when it relocks after the
//    step, so stats() reads a consistent snapshot without atomics.
// 7. `stop()` cancels every task, lets workers drain, and joins them; it is
//    idempotent and the destructor calls it. Tasks submitted afterwards end
//    at once as Cancelled. It must not be called from a worker.
// 8. A step that throws (memory refused) fails its task: the worker raises
//    its failed and stop flags, and, relocked, drops the task's queued
//    chunks with its own; the task ends as Failed once its running steps
//    are done (rule 4). The worker goes on with other tasks.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace numpool {

// Failed: a step threw (rule 8).
enum class Outcome { Completed, Cancelled, Failed };

class Task {
 public:
  // Advances chunk `index` by one step; returns true once it is complete.
  using Step = std::function<bool(std::size_t index)>;
  // Called once, on whichever thread finishes the task (a worker, or the
  // thread that cancels it).
  using OnDone = std::function<void(Outcome)>;

  // A task that is not a map (a parallel copy) is left out of stats().
  Task(std::size_t chunks, Step step, OnDone onDone, bool isMap = true);

 private:
  friend class Pool;
  const std::size_t chunks_;
  const Step step_;
  const OnDone onDone_;
  const bool isMap_;
  // Guarded by Pool::mutex_:
  std::size_t nextChunk_ = 0;
  std::deque<std::size_t> paused_;  // started chunks between two steps
  bool queued_ = false;             // in Pool::ready_
  std::atomic<std::size_t> unfinished_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> failed_{false};
};

class Pool {
 public:
  // Throws std::system_error when the system refuses a thread, after
  // joining those it started.
  explicit Pool(unsigned threads);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  unsigned threads() const { return threadCount_; }

  // A snapshot for diagnostics: tasks waiting for their first step, tasks
  // started and not ended, tasks ended Completed, and each worker's time
  // spent in steps.
  struct Stats {
    std::size_t queued = 0;
    std::size_t running = 0;
    std::uint64_t completed = 0;
    std::vector<std::chrono::nanoseconds> busy;
  };
  Stats stats();

  // Throws only std::bad_alloc, and then leaves no trace of the task.
  void submit(const std::shared_ptr<Task>& task);
  void cancel(const std::shared_ptr<Task>& task);
  // Cancels everything in flight and joins the workers. Idempotent.
  void stop();

 private:
  void work(unsigned worker);
  static bool hasWorkLocked(const Task& task);
  // Puts `task` at the back of `ready_` unless it is there already.
  void enqueueLocked(const std::shared_ptr<Task>& task);
  // Drops `task`'s unstarted and paused chunks; returns how many.
  std::size_t dropQueuedLocked(Task& task);
  void finishChunks(const std::shared_ptr<Task>& task, std::size_t count);

  const unsigned threadCount_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Task>> ready_;
  std::unordered_map<Task*, std::shared_ptr<Task>> active_;
  bool stopping_ = false;
  std::vector<std::chrono::nanoseconds> busy_;  // per worker
  std::uint64_t completed_ = 0;
  std::vector<std::thread> workers_;
  std::mutex joinMutex_;  // serialises concurrent stop() calls
};

}  // namespace numpool
