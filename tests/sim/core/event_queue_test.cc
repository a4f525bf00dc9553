#include "sim/core/event_queue.h"

#include <map>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

using vpcsim::core::EventQueue;
using vpcsim::core::SimTime;

TEST_CASE("EventQueue pops in time order") {
  EventQueue<int> q;
  CHECK(q.empty());
  q.push(SimTime::s(3), 3);
  q.push(SimTime::s(1), 1);
  q.push(SimTime::s(2), 2);
  q.push(SimTime::ms(500), 0);
  CHECK(q.size() == 4);
  CHECK(q.top().event == 0);
  std::vector<int> order;
  while (!q.empty())
    order.push_back(q.pop().event);
  CHECK(order == std::vector<int>{0, 1, 2, 3});
  CHECK(q.pushed() == 4);
}

TEST_CASE("EventQueue is FIFO for equal times (sequence numbers break ties)") {
  EventQueue<int> q;
  for (int i = 0; i < 100; ++i)
    q.push(SimTime::s(i % 3 == 0 ? 5 : 1), i);
  std::vector<int> at1, at5;
  SimTime last;
  std::uint64_t last_seq = 0;
  bool first = true;
  while (!q.empty()) {
    const auto e = q.pop();
    CHECK(e.time >= last);
    if (!first && e.time == last) CHECK(e.seq > last_seq);
    first = false;
    last = e.time;
    last_seq = e.seq;
    (e.time == SimTime::s(1) ? at1 : at5).push_back(e.event);
  }
  for (std::size_t i = 1; i < at1.size(); ++i)
    CHECK(at1[i - 1] < at1[i]);
  for (std::size_t i = 1; i < at5.size(); ++i)
    CHECK(at5[i - 1] < at5[i]);
  CHECK(at1.size() + at5.size() == 100);
}

TEST_CASE("EventQueue holds move-only events") {
  EventQueue<std::unique_ptr<int>> q;
  q.push(SimTime::s(2), std::make_unique<int>(2));
  q.push(SimTime::s(1), std::make_unique<int>(1));
  auto e = q.pop();
  REQUIRE(e.event != nullptr);
  CHECK(*e.event == 1);
  CHECK(*q.pop().event == 2);
  CHECK(q.empty());
}

TEST_CASE("EventQueue agrees with a std::multimap reference under random pushes and pops") {
  // std::multimap inserts equal keys at the end of their range, so begin() is the earliest
  // time and, among equal times, the earliest pushed: exactly the (time, seq) contract.
  std::mt19937_64 rng(99);
  for (int round = 0; round < 20; ++round) {
    EventQueue<int> q;
    std::multimap<SimTime, int> ref;
    int next = 0;
    const int times = round % 2 ? 8 : 100000;  // few distinct times: many ties
    for (int step = 0; step < 5000; ++step) {
      if (ref.empty() || rng() % 3 != 0) {
        const auto t = SimTime::ns(static_cast<std::int64_t>(rng() % times));
        q.push(t, next);
        ref.emplace(t, next);
        ++next;
      } else {
        const auto want = ref.begin();
        const auto got = q.pop();
        if (got.time != want->first || got.event != want->second) {
          FAIL("round ", round, " step ", step, ": popped ", got.event, "@", got.time.count_ns(),
               ", expected ", want->second, "@", want->first.count_ns());
        }
        ref.erase(want);
      }
      REQUIRE(q.size() == ref.size());
    }
    while (!ref.empty()) {
      const auto got = q.pop();
      REQUIRE(got.event == ref.begin()->second);
      ref.erase(ref.begin());
    }
    CHECK(q.empty());
  }
}
