// Stress test of the pool alone (no Node), meant to run under ThreadSanitizer:
// many concurrent tasks, cancellation racing completion, stop() while busy,
// submit after stop. It checks results, not just the absence of reports:
// every task's onDone runs exactly once with the right outcome, and every
// step of a completed task ran exactly once, in order, per chunk.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <random>
#include <thread>
#include <vector>

#include "../../native/pool.h"

namespace {

using numpool::Outcome;
using numpool::Pool;
using numpool::Task;

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok && ++failures <= 20) std::fprintf(stderr, "FAILED: %s\n", what);
}

// One task's bookkeeping: each chunk needs `steps` steps; the counters let
// the test see a step run twice, out of order, or after the task ended.
struct Probe {
  std::size_t chunks;
  std::size_t steps;
  std::vector<std::size_t> done;  // steps run per chunk; one writer at a time
  std::atomic<int> onDoneCalls{0};
  std::atomic<int> outcome{-1};
  std::atomic<bool> ended{false};
  std::atomic<int> stepsAfterEnd{0};

  Probe(std::size_t c, std::size_t s) : chunks(c), steps(s), done(c, 0) {}

  std::shared_ptr<Task> task() {
    return std::make_shared<Task>(
        chunks,
        [this](std::size_t c) {
          if (onDoneCalls.load() > 0) stepsAfterEnd.fetch_add(1);
          return ++done[c] == steps;
        },
        [this](Outcome o) {
          onDoneCalls.fetch_add(1);
          outcome.store(static_cast<int>(o));
          ended.store(true);  // last: once it is seen the test frees the Probe
        });
  }

  bool allStepsRan() const {
    for (std::size_t d : done)
      if (d != steps) return false;
    return true;
  }
};

void waitEnded(const std::vector<std::unique_ptr<Probe>>& probes) {
  for (const auto& p : probes)
    while (!p->ended.load()) std::this_thread::yield();
}

// Many tasks from several submitting threads, none cancelled: all complete.
void manyConcurrentTasks() {
  Pool pool(4);
  std::vector<std::unique_ptr<Probe>> probes;
  for (int i = 0; i < 400; ++i)
    probes.push_back(std::make_unique<Probe>(1 + i % 7, 1 + i % 5));
  std::vector<std::thread> submitters;
  for (int t = 0; t < 4; ++t)
    submitters.emplace_back([&, t] {
      for (std::size_t i = t; i < probes.size(); i += 4)
        pool.submit(probes[i]->task());
    });
  for (auto& s : submitters) s.join();
  waitEnded(probes);
  for (const auto& p : probes) {
    check(p->onDoneCalls.load() == 1, "onDone exactly once");
    check(p->outcome.load() == static_cast<int>(Outcome::Completed),
          "uncancelled task completes");
    check(p->allStepsRan(), "every step of every chunk ran exactly once");
  }
  const Pool::Stats stats = pool.stats();
  check(stats.completed == probes.size(), "stats count every completed task");
  check(stats.queued == 0 && stats.running == 0, "stats: nothing left");
  check(stats.busy.size() == 4, "stats: busy time per worker");
}

// Cancellation racing completion, from other threads: whatever wins, onDone
// runs once; Completed means every step ran; no step starts after onDone.
void cancelRacesCompletion() {
  Pool pool(3);
  std::mt19937 random(42);
  std::vector<std::unique_ptr<Probe>> probes;
  std::vector<std::shared_ptr<Task>> tasks;
  for (int i = 0; i < 600; ++i) {
    probes.push_back(
        std::make_unique<Probe>(1 + random() % 6, 1 + random() % 9));
    tasks.push_back(probes.back()->task());
  }
  // The binding cancels only maps it has submitted; so does this test.
  std::atomic<std::size_t> submitted{0};
  std::thread submitter([&] {
    for (auto& t : tasks) {
      pool.submit(t);
      submitted.fetch_add(1);
    }
  });
  std::thread canceller([&] {
    for (std::size_t i = 0; i < tasks.size(); i += 2) {
      while (submitted.load() <= i) std::this_thread::yield();
      pool.cancel(tasks[i]);
    }
  });
  submitter.join();
  canceller.join();
  waitEnded(probes);
  // Cancelling after the end changes nothing.
  for (auto& t : tasks) pool.cancel(t);
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const Probe& p = *probes[i];
    check(p.onDoneCalls.load() == 1, "onDone exactly once under cancel");
    check(p.stepsAfterEnd.load() == 0, "no step after onDone");
    if (p.outcome.load() == static_cast<int>(Outcome::Completed))
      check(p.allStepsRan(), "a completed task ran all its steps");
    else
      check(i % 2 == 0, "only cancelled tasks end Cancelled");
  }
}

// A task cancelled before it is submitted ends once; submit ignores it.
void cancelBeforeSubmit() {
  Pool pool(2);
  Probe probe(4, 3);
  const auto task = probe.task();
  pool.cancel(task);
  pool.submit(task);
  const Pool::Stats stats = pool.stats();
  check(stats.queued + stats.running == 0,
        "cancel before submit queues nothing");
  pool.stop();
  check(probe.onDoneCalls.load() == 1 &&
            probe.outcome.load() == static_cast<int>(Outcome::Cancelled),
        "cancel before submit ends the task once, as Cancelled");
  check(probe.done[0] == 0, "cancel before submit runs no step");
}

// stop() while busy with long tasks, then submit after stop.
void stopWhileBusy() {
  std::vector<std::unique_ptr<Probe>> probes;
  {
    Pool pool(4);
    for (int i = 0; i < 50; ++i) {
      probes.push_back(std::make_unique<Probe>(8, 100000));
      pool.submit(probes.back()->task());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::thread second([&] { pool.stop(); });  // concurrent stop() calls
    pool.stop();
    second.join();
    for (const auto& p : probes) {
      check(p->onDoneCalls.load() == 1, "stop ends every task once");
      check(p->outcome.load() == static_cast<int>(Outcome::Cancelled),
            "stop cancels unfinished tasks");
    }
    Probe late(3, 2);
    pool.submit(late.task());
    check(late.onDoneCalls.load() == 1 &&
              late.outcome.load() == static_cast<int>(Outcome::Cancelled),
          "submit after stop ends at once as Cancelled");
    check(late.done[0] == 0, "submit after stop runs no step");
    Probe empty(0, 1);
    pool.submit(empty.task());
    check(empty.onDoneCalls.load() == 1 &&
              empty.outcome.load() == static_cast<int>(Outcome::Completed),
          "a task of no chunks completes at once");
  }  // the destructor's stop() after stop() is harmless
}

// One chunk stepped many times across workers: each step must see the
// previous step's plain (non-atomic) write, which TSan checks.
void stepsRequeuedAcrossWorkers() {
  Pool pool(4);
  std::vector<std::unique_ptr<Probe>> probes;
  for (int i = 0; i < 16; ++i) {
    probes.push_back(std::make_unique<Probe>(1, 2000));
    pool.submit(probes.back()->task());
  }
  waitEnded(probes);
  for (const auto& p : probes)
    check(p->allStepsRan() && p->onDoneCalls.load() == 1,
          "a re-queued chunk's steps all ran once");
}

// A step that throws (memory refused) fails its task, once, with the rest of
// its chunks dropped; the workers live on and run the other tasks.
void throwingStepFails() {
  Pool pool(4);
  std::atomic<int> onDoneCalls{0};
  std::atomic<int> outcome{-1};
  std::atomic<bool> ended{false};
  std::atomic<int> steps{0};
  pool.submit(std::make_shared<Task>(
      64,
      [&](std::size_t chunk) -> bool {
        steps.fetch_add(1);
        if (chunk == 3) throw std::bad_alloc();
        return false;  // never completes: only the failure ends it
      },
      [&](Outcome o) {
        outcome.store(static_cast<int>(o));
        onDoneCalls.fetch_add(1);
        ended.store(true);
      }));
  std::vector<std::unique_ptr<Probe>> probes;
  for (int i = 0; i < 8; ++i) {
    probes.push_back(std::make_unique<Probe>(4, 50));
    pool.submit(probes.back()->task());
  }
  while (!ended.load()) std::this_thread::yield();
  waitEnded(probes);
  check(onDoneCalls.load() == 1, "a failed task ends once");
  check(outcome.load() == static_cast<int>(Outcome::Failed),
        "a throwing step ends its task as Failed");
  for (const auto& p : probes)
    check(p->allStepsRan() &&
              p->outcome.load() == static_cast<int>(Outcome::Completed),
          "other tasks complete beside a failed one");
  const Pool::Stats stats = pool.stats();
  check(stats.queued + stats.running == 0, "a failed task leaves nothing");
}

}  // namespace

int main() {
  for (int round = 0; round < 10; ++round) {
    manyConcurrentTasks();
    cancelRacesCompletion();
    stopWhileBusy();
    cancelBeforeSubmit();
    stepsRequeuedAcrossWorkers();
    throwingStepFails();
  }
  if (failures > 0) {
    std::fprintf(stderr, "%d check(s) failed\n", failures);
    return EXIT_FAILURE;
  }
  std::puts("pool_stress: all checks passed");
  return EXIT_SUCCESS;
}
