#include "sim/core/worker.h"

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

using vpcsim::core::Worker;

TEST_CASE("Worker runs tasks in the order they were posted; wait() returns when all have run") {
  std::vector<int> ran;  // touched only by the worker until wait() returns
  Worker w(2);           // a short queue: post() has to wait for room most of the time
  for (int i = 0; i < 10'000; ++i)
    w.post([&ran, i] { ran.push_back(i); });
  w.wait();
  REQUIRE(ran.size() == 10'000);
  for (int i = 0; i < 10'000; ++i)
    CHECK(ran[static_cast<std::size_t>(i)] == i);
  w.post([&ran] { ran.push_back(-1); });
  w.wait();
  CHECK(ran.back() == -1);
}

TEST_CASE("Worker: the destructor runs every task still queued") {
  std::atomic<int> done{0};
  {
    Worker w;
    for (int i = 0; i < 1000; ++i)
      w.post([&done] { ++done; });
  }
  CHECK(done == 1000);
}

TEST_CASE("Worker: urgent tasks run before the tasks already waiting") {
  std::mutex gate;
  std::unique_lock hold(gate);  // the first task waits here: the others queue up behind it
  std::vector<std::string> ran;
  Worker w;
  w.post([&] { const std::lock_guard g(gate); });
  w.post([&] { ran.push_back("normal 1"); });
  w.post([&] { ran.push_back("normal 2"); });
  w.post_urgent([&] { ran.push_back("urgent 1"); });
  w.post_urgent([&] { ran.push_back("urgent 2"); });
  hold.unlock();
  w.wait();
  CHECK(ran == std::vector<std::string>{"urgent 1", "urgent 2", "normal 1", "normal 2"});
}

TEST_CASE("Worker: a task's exception comes out of wait(), once; later tasks still run") {
  Worker w;
  int ran = 0;
  w.post([] { throw std::runtime_error("disk full"); });
  w.post([&ran] { ++ran; });
  CHECK_THROWS_WITH_AS(w.wait(), "disk full", std::runtime_error);
  CHECK(ran == 1);
  CHECK_NOTHROW(w.wait());  // reported once
  w.post([] { throw std::runtime_error("again"); });
  CHECK_NOTHROW(w.settle());  // for destructors: waits, never throws
}
