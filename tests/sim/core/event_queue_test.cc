#include "sim/core/event_queue.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

using vpcsim::core::EventQueue;
using SimTime = std::chrono::nanoseconds;

TEST_CASE("EventQueue pops in time order") {
  EventQueue<int> q;
  CHECK(q.empty());
  q.push(std::chrono::seconds(3), 3);
  q.push(std::chrono::seconds(1), 1);
  q.push(std::chrono::seconds(2), 2);
  q.push(std::chrono::milliseconds(500), 0);
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
    q.push(std::chrono::seconds(i % 3 == 0 ? 5 : 1), i);
  std::vector<int> at1, at5;
  SimTime last{};
  std::uint64_t last_seq = 0;
  bool first = true;
  while (!q.empty()) {
    const auto e = q.pop();
    CHECK(e.time >= last);
    if (!first && e.time == last) CHECK(e.seq > last_seq);
    first = false;
    last = e.time;
    last_seq = e.seq;
    (e.time == std::chrono::seconds(1) ? at1 : at5).push_back(e.event);
  }
  for (std::size_t i = 1; i < at1.size(); ++i)
    CHECK(at1[i - 1] < at1[i]);
  for (std::size_t i = 1; i < at5.size(); ++i)
    CHECK(at5[i - 1] < at5[i]);
  CHECK(at1.size() + at5.size() == 100);
}

TEST_CASE("EventQueue holds move-only events") {
  EventQueue<std::unique_ptr<int>> q;
  q.push(std::chrono::seconds(2), std::make_unique<int>(2));
  q.push(std::chrono::seconds(1), std::make_unique<int>(1));
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
        const auto t = SimTime(static_cast<std::int64_t>(rng() % times));
        q.push(t, next);
        ref.emplace(t, next);
        ++next;
      } else {
        const auto want = ref.begin();
        const auto got = q.pop();
        if (got.time != want->first || got.event != want->second) {
          FAIL("round ", round, " step ", step, ": popped ", got.event, "@", got.time.count(),
               ", expected ", want->second, "@", want->first.count());
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

namespace {

// Reference: a std::priority_queue of (time, seq, value), smallest first. The seq is the push
// count, as EventQueue assigns it, so a pop must agree on all three.
struct Reference {
  using Item = std::tuple<std::int64_t, std::uint64_t, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  std::uint64_t seq = 0;
  void push(SimTime t, int v) { pq.emplace(t.count(), seq++, v); }
};

// Pops one entry from both and reports the first disagreement.
void pop_both(EventQueue<int>& q, Reference& ref, const char* what, int round, int step) {
  REQUIRE(!ref.pq.empty());
  const auto [time, seq, value] = ref.pq.top();
  ref.pq.pop();
  REQUIRE(!q.empty());
  const auto& top = q.top();
  const bool top_ok = top.time.count() == time && top.seq == seq && top.event == value;
  const auto got = q.pop();
  if (!top_ok || got.time.count() != time || got.seq != seq || got.event != value) {
    FAIL(what, " round ", round, " step ", step, ": popped ", got.event, "@", got.time.count(),
         " seq ", got.seq, ", expected ", value, "@", time, " seq ", seq);
  }
}

// A delay as a simulator draws them: often 0 (ties with now), often tiny (ties with each
// other), sometimes spanning many bits (timers), rarely huge.
std::int64_t engine_like_delay(std::mt19937_64& rng) {
  switch (rng() % 6) {
    case 0:
      return 0;
    case 1:
      return static_cast<std::int64_t>(rng() % 4);
    case 2:
      return static_cast<std::int64_t>(rng() % 1000);
    case 3:
      return static_cast<std::int64_t>(rng() % 1'000'000'000);
    case 4:
      return static_cast<std::int64_t>(rng() >> (rng() % 62 + 2));  // any magnitude (shift 2-63)
    default:
      return static_cast<std::int64_t>(rng() % 100'000);
  }
}

// now + delay, held at the largest time instead of overflowing (a huge delay drawn after
// other huge ones would pass it).
SimTime later(SimTime now, std::int64_t delay) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  return SimTime(delay > kMax - now.count() ? kMax : now.count() + delay);
}

}  // namespace

TEST_CASE(
    "EventQueue agrees with a std::priority_queue reference when used as the engine uses it") {
  // Every push is at or after the time last popped: the radix-heap path, with many ties.
  std::mt19937_64 rng(7);
  for (int round = 0; round < 30; ++round) {
    EventQueue<int> q;
    Reference ref;
    SimTime now{};
    int next = 0;
    const int pending = round % 3 == 0 ? 5 : round % 3 == 1 ? 300 : 5000;
    for (int i = 0; i < pending; ++i) {
      const auto t = later(now, engine_like_delay(rng));
      q.push(t, next);
      ref.push(t, next++);
    }
    for (int step = 0; step < 20000 && !ref.pq.empty(); ++step) {
      now = SimTime(std::get<0>(ref.pq.top()));
      pop_both(q, ref, "engine-like", round, step);
      const int children = static_cast<int>(rng() % 3);  // 0, 1 or 2: the population drifts
      for (int c = 0; c < children; ++c) {
        const auto t = later(now, engine_like_delay(rng));
        q.push(t, next);
        ref.push(t, next++);
      }
      REQUIRE(q.size() == ref.pq.size());
    }
    for (int step = 0; !ref.pq.empty(); ++step)
      pop_both(q, ref, "engine-like drain", round, step);
    CHECK(q.empty());
    CHECK(q.pushed() == ref.seq);
  }
}

TEST_CASE("EventQueue: pushes earlier than the last popped time still pop in (time, seq) order") {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 30; ++round) {
    EventQueue<int> q;
    Reference ref;
    SimTime now = std::chrono::microseconds(round);
    int next = 0;
    for (int step = 0; step < 5000; ++step) {
      const auto r = rng() % 10;
      if (r < 5 || ref.pq.empty()) {
        // Mostly after now; one push in five before it (down to before zero), some ties.
        auto t = now + SimTime(engine_like_delay(rng) % 5000);
        if (rng() % 5 == 0) t = now - SimTime(static_cast<std::int64_t>(rng() % 3000));
        q.push(t, next);
        ref.push(t, next++);
      } else {
        now = SimTime(std::get<0>(ref.pq.top()));
        pop_both(q, ref, "early", round, step);
      }
      REQUIRE(q.size() == ref.pq.size());
    }
    for (int step = 0; !ref.pq.empty(); ++step)
      pop_both(q, ref, "early drain", round, step);
    CHECK(q.empty());
  }
}

TEST_CASE("EventQueue orders extreme and negative times") {
  EventQueue<int> q;
  const std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  const std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  const std::vector<std::int64_t> times{hi, 0, -1, lo, 1, hi, lo, (std::int64_t{1} << 62), -5};
  Reference ref;
  for (std::size_t i = 0; i < times.size(); ++i) {
    q.push(SimTime(times[i]), static_cast<int>(i));
    ref.push(SimTime(times[i]), static_cast<int>(i));
  }
  for (int step = 0; !ref.pq.empty(); ++step) {
    pop_both(q, ref, "extremes", 0, step);
    if (step == 3) {  // after popping 0: push around it, then the queue refills from far away
      for (const std::int64_t t : {std::int64_t{0}, std::int64_t{3}, hi, std::int64_t{-7}}) {
        q.push(SimTime(t), 100 + step);
        ref.push(SimTime(t), 100 + step);
      }
    }
  }
  CHECK(q.empty());
  // Empty again: the next push may be anywhere, earlier than everything popped so far.
  q.push(SimTime(lo), 1);
  q.push(SimTime(lo), 2);
  CHECK(q.pop().event == 1);
  CHECK(q.pop().event == 2);
  CHECK(q.empty());
}

TEST_CASE("EventQueue: a long chain of events at the current time stays FIFO and bounded") {
  // Each popped event schedules the next at the same time, with a few others pending later
  // (this is the path where the queue drops the popped front of its current-time bucket).
  EventQueue<int> q;
  q.push(std::chrono::seconds(2), -1);
  q.push(std::chrono::seconds(1), 0);
  q.push(std::chrono::seconds(1), 1);
  int expected = 0;
  for (int i = 0; i < 200000; ++i) {
    const auto e = q.pop();
    REQUIRE(e.time == std::chrono::seconds(1));
    REQUIRE(e.event == expected);
    ++expected;
    q.push(std::chrono::seconds(1), expected + 1);
    REQUIRE(q.size() == 3);
  }
  CHECK(q.pop().event == expected);
  CHECK(q.pop().event == expected + 1);
  CHECK(q.pop().event == -1);
  CHECK(q.empty());
}

TEST_CASE("EventQueue moves move-only events through its buckets") {
  EventQueue<std::unique_ptr<int>> q;
  std::mt19937_64 rng(3);
  std::multimap<SimTime, int> ref;
  for (int i = 0; i < 2000; ++i) {
    const auto t = SimTime(static_cast<std::int64_t>(rng() % 1'000'000));
    q.push(t, std::make_unique<int>(i));
    ref.emplace(t, i);
  }
  for (const auto& [t, v] : ref) {
    const auto e = q.pop();
    REQUIRE(e.event != nullptr);
    REQUIRE(e.time == t);
    REQUIRE(*e.event == v);
  }
  CHECK(q.empty());
}
