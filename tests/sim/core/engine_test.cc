#include "sim/core/engine.h"

#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

using vpcsim::core::Engine;
using SimTime = std::chrono::nanoseconds;

TEST_CASE("Engine runs events in time order and stops at `until` (inclusive)") {
  Engine<int> e;
  e.schedule_at(std::chrono::seconds(3), 3);
  e.schedule_at(std::chrono::seconds(1), 1);
  e.schedule_at(std::chrono::seconds(2), 2);
  std::vector<std::pair<std::int64_t, int>> seen;
  const auto handler = [&](Engine<int>& eng, SimTime t, int& ev) {
    CHECK(eng.now() == t);
    seen.emplace_back(std::chrono::duration_cast<std::chrono::seconds>(t).count(), ev);
  };
  CHECK(e.run(handler, std::chrono::seconds(2)) == 2);
  CHECK(seen == std::vector<std::pair<std::int64_t, int>>{{1, 1}, {2, 2}});
  CHECK(e.now() == std::chrono::seconds(2));
  CHECK(e.pending() == 1);
  CHECK(e.run(handler, std::chrono::milliseconds(2500)) == 0);  // nothing due yet
  CHECK(e.pending() == 1);
  CHECK(e.run(handler) == 1);
  CHECK(seen.back() == std::pair<std::int64_t, int>{3, 3});
  CHECK(e.pending() == 0);
  CHECK(e.executed() == 3);
  CHECK(e.now() == std::chrono::seconds(3));
}

TEST_CASE("Engine: handlers schedule more events, relative to now") {
  Engine<int> e;
  e.schedule_in(std::chrono::milliseconds(100), 0);
  std::vector<SimTime> times;
  e.run([&](Engine<int>& eng, SimTime t, int& n) {
    times.push_back(t);
    if (n < 4) eng.schedule_in(std::chrono::seconds(1), n + 1);
  });
  REQUIRE(times.size() == 5);
  for (int i = 0; i < 5; ++i)
    CHECK(times[i] == std::chrono::milliseconds(100) + std::chrono::seconds(i));
  CHECK(e.executed() == 5);
}

TEST_CASE("Engine: time never goes back; an event scheduled in the past runs now") {
  Engine<std::string> e;
  e.schedule_at(std::chrono::seconds(10), "first");
  std::vector<std::pair<SimTime, std::string>> log;
  e.run([&](Engine<std::string>& eng, SimTime t, std::string& ev) {
    log.emplace_back(t, ev);
    if (ev == "first") {
      eng.schedule_at(std::chrono::seconds(2), "past");   // before now: runs at now
      eng.schedule_at(std::chrono::seconds(10), "same");  // equal time: after "past" (FIFO)
      eng.schedule_in(SimTime(0), "zero");
    }
  });
  REQUIRE(log.size() == 4);
  CHECK(log[1] == std::pair<SimTime, std::string>{std::chrono::seconds(10), "past"});
  CHECK(log[2].second == "same");
  CHECK(log[3].second == "zero");
  for (std::size_t i = 1; i < log.size(); ++i)
    CHECK(log[i].first >= log[i - 1].first);
  CHECK(e.now() == std::chrono::seconds(10));
}

TEST_CASE("Engine: events at equal times run in scheduling order; the rng is seeded") {
  Engine<int> a(77), b(77), c(78);
  CHECK(a.rng().next() == b.rng().next());
  CHECK(a.rng().next() != c.rng().next());
  for (int i = 0; i < 50; ++i)
    a.schedule_at(std::chrono::seconds(1), i);
  std::vector<int> order;
  a.run([&](Engine<int>&, SimTime, int& ev) { order.push_back(ev); });
  for (int i = 0; i < 50; ++i)
    CHECK(order[i] == i);
}
