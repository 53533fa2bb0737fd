#include "pool.h"

#include <algorithm>
#include <utility>

namespace numpool {

Task::Task(std::size_t chunks, Step step, OnDone onDone, bool isMap)
    : chunks_(chunks),
      step_(std::move(step)),
      onDone_(std::move(onDone)),
      isMap_(isMap),
      unfinished_(chunks) {}

Pool::Pool(unsigned threads) : threadCount_(threads), busy_(threads) {
  try {
    workers_.reserve(threads);
    for (unsigned i = 0; i < threads; ++i)
      workers_.emplace_back([this, i] { work(i); });
  } catch (...) {
    // The system refused a thread (or memory): join those already started,
    // as no destructor runs for a constructor that throws.
    stop();
    throw;
  }
}

Pool::Stats Pool::stats() {
  std::lock_guard lock(mutex_);
  Stats stats{.completed = completed_, .busy = busy_};
  for (const auto& [raw, task] : active_)
    if (raw->isMap_) ++(raw->nextChunk_ == 0 ? stats.queued : stats.running);
  return stats;
}

Pool::~Pool() { stop(); }

void Pool::submit(const std::shared_ptr<Task>& task) {
  if (task->chunks_ == 0) {
    task->onDone_(Outcome::Completed);
    return;
  }
  bool accepted;
  {
    std::lock_guard lock(mutex_);
    // Cancelled before it was submitted: cancel() already ended it.
    if (task->stop_.load(std::memory_order_relaxed)) return;
    accepted = !stopping_;
    if (accepted) {
      active_.emplace(task.get(), task);
      try {
        enqueueLocked(task);
      } catch (...) {  // out of memory: the task was never submitted
        active_.erase(task.get());
        throw;
      }
    }
  }
  if (!accepted) {
    task->stop_.store(true, std::memory_order_relaxed);
    task->onDone_(Outcome::Cancelled);
    return;
  }
  const std::size_t wakeups =
      std::min<std::size_t>(task->chunks_, threadCount_);
  for (std::size_t i = 0; i < wakeups; ++i) wake_.notify_one();
}

bool Pool::hasWorkLocked(const Task& task) {
  return task.nextChunk_ < task.chunks_ || !task.paused_.empty();
}

void Pool::enqueueLocked(const std::shared_ptr<Task>& task) {
  if (task->queued_) return;
  ready_.push_back(task);
  task->queued_ = true;
}

std::size_t Pool::dropQueuedLocked(Task& task) {
  const std::size_t dropped =
      task.chunks_ - task.nextChunk_ + task.paused_.size();
  task.nextChunk_ = task.chunks_;
  task.paused_.clear();
  if (task.queued_) {
    task.queued_ = false;
    std::erase_if(ready_, [&](const auto& t) { return t.get() == &task; });
  }
  return dropped;
}

void Pool::cancel(const std::shared_ptr<Task>& task) {
  task->stop_.store(true, std::memory_order_relaxed);
  std::size_t dropped;
  {
    std::lock_guard lock(mutex_);
    dropped = dropQueuedLocked(*task);
  }
  if (dropped > 0) finishChunks(task, dropped);
}

void Pool::stop() {
  std::lock_guard joinLock(joinMutex_);
  std::vector<std::pair<std::shared_ptr<Task>, std::size_t>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [raw, task] : active_) {
      task->stop_.store(true, std::memory_order_relaxed);
      if (const std::size_t n = dropQueuedLocked(*task); n > 0)
        dropped.emplace_back(task, n);
    }
  }
  wake_.notify_all();
  for (auto& [task, n] : dropped) finishChunks(task, n);
  for (auto& worker : workers_)
    if (worker.joinable()) worker.join();
}

void Pool::finishChunks(const std::shared_ptr<Task>& task, std::size_t count) {
  if (task->unfinished_.fetch_sub(count, std::memory_order_acq_rel) != count)
    return;
  const bool cancelled = task->stop_.load(std::memory_order_relaxed);
  {
    std::lock_guard lock(mutex_);
    active_.erase(task.get());
    if (!cancelled && task->isMap_) ++completed_;
  }
  task->onDone_(task->failed_.load(std::memory_order_relaxed) ? Outcome::Failed
                : cancelled ? Outcome::Cancelled
                            : Outcome::Completed);
}

void Pool::work(unsigned worker) {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
    if (ready_.empty()) return;  // stopping, and nothing left to claim
    std::shared_ptr<Task> task = std::move(ready_.front());
    ready_.pop_front();
    task->queued_ = false;
    std::size_t chunk;
    if (task->nextChunk_ < task->chunks_) {
      chunk = task->nextChunk_++;
    } else {
      chunk = task->paused_.front();
      task->paused_.pop_front();
    }
    if (hasWorkLocked(*task)) enqueueLocked(task);
    lock.unlock();
    const auto started = std::chrono::steady_clock::now();
    bool complete = true;
    try {
      complete =
          task->stop_.load(std::memory_order_relaxed) || task->step_(chunk);
    } catch (...) {
      // A step that throws fails its task, and the worker goes on: the
      // stop flag drops the task's other chunks as cancellation does.
      task->failed_.store(true, std::memory_order_relaxed);
      task->stop_.store(true, std::memory_order_relaxed);
    }
    const auto elapsed = std::chrono::steady_clock::now() - started;
    lock.lock();
    busy_[worker] += elapsed;
    if (!complete && !task->stop_.load(std::memory_order_relaxed)) {
      task->paused_.push_back(chunk);
      enqueueLocked(task);
      continue;
    }
    const std::size_t dropped = task->failed_.load(std::memory_order_relaxed)
                                    ? dropQueuedLocked(*task)
                                    : 0;
    lock.unlock();
    finishChunks(task, 1 + dropped);
    lock.lock();
  }
}

}  // namespace numpool
