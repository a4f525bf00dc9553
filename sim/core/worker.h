#pragma once
// Worker: one background thread that runs tasks in the order they were posted. For moving a
// self-contained stage of per-packet work (flow-log aggregation and formatting) off the
// simulation's thread: the results are the same as running each task inline, in order,
// because only the worker touches the stage's state until wait() returns.
//
// post() blocks while `max_queued` tasks are waiting, so a slow worker holds the producer
// back instead of letting the queue (and memory) grow. Urgent tasks (reading ahead for a
// consumer that may be waiting) run before the others, in their own order; the caller keeps
// their number small. The destructor finishes every posted task, then stops the thread.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace vpcsim::core {

class Worker {
 public:
  explicit Worker(std::size_t max_queued = 64) : max_queued_(max_queued == 0 ? 1 : max_queued) {
    thread_ = std::thread([this] { run(); });
  }
  ~Worker() {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void post(std::function<void()> task) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return tasks_.size() < max_queued_; });
      tasks_.push_back(std::move(task));
    }
    changed_.notify_all();
  }
  void post_urgent(std::function<void()> task) {
    {
      const std::lock_guard lock(mutex_);
      urgent_.push_back(std::move(task));
    }
    changed_.notify_all();
  }

  // Returns once every task posted so far has run. A task that threw: the first such
  // exception is thrown here (once), as if the task had run on the caller's thread.
  void wait() {
    settle();
    const std::lock_guard lock(mutex_);
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }
  // wait() without the exception, for destructors.
  void settle() noexcept {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return tasks_.empty() && urgent_.empty() && !busy_; });
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return !tasks_.empty() || !urgent_.empty() || stop_; });
      if (tasks_.empty() && urgent_.empty()) return;  // stopping, and nothing left to do
      auto& from = urgent_.empty() ? tasks_ : urgent_;
      auto task = std::move(from.front());
      from.pop_front();
      busy_ = true;
      lock.unlock();
      changed_.notify_all();  // room in the queue
      std::exception_ptr failed;
      try {
        task();
      } catch (...) {  // kept for wait(); the thread goes on with the next task
        failed = std::current_exception();
      }
      lock.lock();
      if (failed && !error_) error_ = failed;
      busy_ = false;
      changed_.notify_all();  // for wait()
    }
  }

  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> tasks_;
  std::deque<std::function<void()>> urgent_;
  std::exception_ptr error_;  // the first exception a task threw, until wait() throws it
  bool busy_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace vpcsim::core
