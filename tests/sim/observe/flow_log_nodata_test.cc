// FlowLog's NODATA records: an interface without traffic in a capture window gets one
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html, log-status), at
// most nodata_gap_limit per idle gap, the other idle windows counted; window numbers that do
// not overflow at the end of simulated time.
#include "sim/observe/flow_log.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/engine/replay.h"
#include "tests/sim/engine/engine_fixture.h"
#include "tests/sim/observe/flow_log_fixture.h"
#include "tests/sim/path/path_fixture.h"

using namespace vpcsim;
using namespace vpcsim::test::flow_log_fixture;

namespace {

// eni-idle (never any traffic) and eni-web, for the idle-gap tests below.
std::string idle_and_web() {
  return test::with_instance(
      test::web_fixed(),
      R"({"id": "i-idle", "name": "idle", "subnet": "subnet-web", "private_ip": "10.0.1.20", "security_groups": ["sg-web"]})");
}

// A SYN from the internet to web's public address (an ingress record of eni-web) at each
// of `times`, replayed into a flow log whose options `configure` adjusts (start_time is
// kStart, the format "${interface-id} ${start} ${end} ${log-status}").
struct Replayed {
  model::Scenario scenario;
  std::string text;
  std::vector<std::string> lines;
  std::uint64_t omitted_idle = 0, omitted_web = 0, omitted = 0;
};
template <class Configure>
Replayed replay_logged(const std::vector<net::SimTime>& times, Configure configure) {
  Replayed r{test::load(idle_and_web()), {}, {}};
  const auto& t = *r.scenario.topology;
  observe::FlowLogOptions opt;
  opt.start_time = kStart;
  opt.format = format("${interface-id} ${start} ${end} ${log-status}");
  configure(opt);
  std::ostringstream out;
  observe::FlowLog log(t, opt, out);
  engine::Replay replay(t, {});
  replay.add_observer(log);
  std::uint16_t port = 50000;
  for (const auto time : times)
    replay.packet(time, test::tcp("203.0.113.5", port++, "198.51.100.10", 443, path::tcp::kSyn));
  replay.finish();
  r.text = out.str();
  r.lines = test::lines_of(r.text);
  r.omitted_idle = log.nodata_omitted(test::eni(t, "idle"));
  r.omitted_web = log.nodata_omitted(test::eni(t, "web"));
  r.omitted = log.nodata_omitted();
  CHECK(log.records_written() == r.lines.size());
  return r;
}

std::string nodata_line(const char* eni, std::int64_t window, std::int64_t seconds = 60) {
  return fmt::format("{} {} {} NODATA", eni, kStart + window * seconds,
                     kStart + (window + 1) * seconds);
}
std::string record_line(net::SimTime time) {
  const auto at = kStart + net::whole_seconds(time);
  return fmt::format("eni-web {} {} OK", at, at);
}

constexpr std::int64_t kTenYears = std::int64_t{10} * 365 * 86400;  // 5,256,000 windows of 60 s

}  // namespace

TEST_CASE("NODATA records for interfaces without traffic in a window, unless turned off") {
  // log-status NODATA: "There was no network traffic to or from the network interface
  // during the aggregation interval"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html); AWS's example:
  // "2 123456789010 eni-… - - - - - - - 1431280876 1431280934 - NODATA"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
  const auto topology = test::with_instance(
      test::web_fixed(),
      R"({"id": "i-idle", "name": "idle", "subnet": "subnet-web", "private_ip": "10.0.1.20", "security_groups": ["sg-web"]})");
  // Exchanges at ≈0 s and ≈120 s: eni-web is idle in the window [60 s, 120 s).
  const auto scenario = test::scenario_json(
      topology,
      R"([{"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "exchanges": 2, "gap": "120s"}])");
  const auto nodata = [](const char* eni, std::int64_t window) {
    return fmt::format("2 123456789012 {} - - - - - - - {} {} - NODATA", eni, kStart + window * 60,
                       kStart + window * 60 + 60);
  };
  const auto l = run_logged(scenario, [](observe::FlowLogOptions&, const model::Topology&) {});
  CAPTURE(l.text);
  // eni-idle in each of the three windows; eni-web only in the middle one.
  for (std::int64_t w = 0; w < 3; ++w)
    CHECK(std::count(l.lines.begin(), l.lines.end(), nodata("eni-idle", w)) == 1);
  CHECK(std::count(l.lines.begin(), l.lines.end(), nodata("eni-web", 0)) == 0);
  CHECK(std::count(l.lines.begin(), l.lines.end(), nodata("eni-web", 1)) == 1);
  CHECK(std::count(l.lines.begin(), l.lines.end(), nodata("eni-web", 2)) == 0);
  // Each window's lines come in interface-id order: eni-idle before eni-web.
  CHECK(l.lines.front() == nodata("eni-idle", 0));
  CHECK(l.lines.size() == 3 + 1 + 2 + 2);  // NODATA lines + two records in windows 0 and 2

  const auto quiet = run_logged(
      scenario, [](observe::FlowLogOptions& o, const model::Topology&) { o.nodata = false; });
  CHECK(quiet.lines.size() == 4);
  for (const auto& line : quiet.lines) {
    CHECK_FALSE(test::contains(line, "NODATA"));
    CHECK(test::contains(line, " eni-web "));
  }
}

TEST_CASE(
    "idle windows under nodata_gap_limit: exactly their NODATA lines, in window and interface "
    "order; nothing omitted") {
  // Traffic in windows 0, 4 and 9; eni-idle has none. Every idle window of every interface
  // gets its NODATA record, as before the limit existed
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html, log-status).
  using std::chrono::seconds;
  const std::vector<net::SimTime> times = {seconds(0), seconds(241), seconds(545)};
  const auto r = replay_logged(times, [](observe::FlowLogOptions&) {});
  std::vector<std::string> expected;
  for (std::int64_t w = 0; w <= 9; ++w) {
    expected.push_back(nodata_line("eni-idle", w));
    const auto busy = std::find_if(times.begin(), times.end(),
                                   [&](net::SimTime t) { return net::whole_seconds(t) / 60 == w; });
    expected.push_back(busy != times.end() ? record_line(*busy) : nodata_line("eni-web", w));
  }
  CHECK(r.lines == expected);
  CHECK(r.omitted == 0);

  // The same with the writer on a worker thread.
  core::Worker worker;
  const auto threaded =
      replay_logged(times, [&](observe::FlowLogOptions& o) { o.worker = &worker; });
  CHECK(threaded.text == r.text);
  CHECK(threaded.omitted == 0);
}

TEST_CASE(
    "an idle gap longer than nodata_gap_limit: NODATA for its first windows, the others "
    "counted per interface") {
  // Limit 3. eni-web: traffic in windows 0, 4 and 9, gaps of 3 (all written) and 4 windows
  // (windows 5-7 written, 8 omitted). eni-idle: one gap of windows 0-9 (0-2 written).
  using std::chrono::seconds;
  const std::vector<net::SimTime> times = {seconds(0), seconds(241), seconds(545)};
  const auto configure = [](observe::FlowLogOptions& o) { o.nodata_gap_limit = 3; };
  const auto r = replay_logged(times, configure);
  const std::vector<std::string> expected = {
      nodata_line("eni-idle", 0), record_line(times[0]),      // window 0
      nodata_line("eni-idle", 1), nodata_line("eni-web", 1),  // window 1
      nodata_line("eni-idle", 2), nodata_line("eni-web", 2),  // window 2
      nodata_line("eni-web", 3),                              // window 3: eni-idle at its limit
      record_line(times[1]),                                  // window 4: eni-web's gap ends
      nodata_line("eni-web", 5),  nodata_line("eni-web", 6), nodata_line("eni-web", 7),
      record_line(times[2]),  // window 9 (window 8 omitted)
  };
  CHECK(r.lines == expected);
  CHECK(r.omitted_web == 1);
  CHECK(r.omitted_idle == 7);
  CHECK(r.omitted == 8);

  core::Worker worker;
  const auto threaded = replay_logged(times, [&](observe::FlowLogOptions& o) {
    configure(o);
    o.worker = &worker;
  });
  CHECK(threaded.text == r.text);
  CHECK(threaded.omitted_web == 1);
  CHECK(threaded.omitted_idle == 7);

  // Nothing is counted as omitted where no NODATA record would be written anyway.
  const auto quiet = replay_logged(times, [&](observe::FlowLogOptions& o) {
    configure(o);
    o.nodata = false;
  });
  CHECK(quiet.lines.size() == 3);
  CHECK(quiet.omitted == 0);
  const auto web_only = replay_logged(times, [&](observe::FlowLogOptions& o) {
    configure(o);
    o.only = test::eni(*test::load(idle_and_web()).topology, "web");
  });
  CHECK(web_only.omitted_idle == 0);
  CHECK(web_only.omitted_web == 1);
  CHECK(web_only.lines.size() == 3 + 6);
}

TEST_CASE(
    "traffic at 0, 10 years and 9e9 s: bounded output (nodata_gap_limit lines per gap), the "
    "other idle windows counted, in no time") {
  // Before the limit, every window between was written: 10 years are 5,256,000 windows of
  // 60 s per idle interface, 9e9 s 150,000,000.
  using std::chrono::seconds;
  const auto limit = std::int64_t{observe::FlowLogOptions{}.nodata_gap_limit};
  REQUIRE(limit == 1440);
  const std::int64_t w10 = kTenYears / 60;
  const std::int64_t w9e9 = std::int64_t{9'000'000'000} / 60;
  SUBCASE("0 and 10 years") {
    const std::vector<net::SimTime> times = {seconds(0), seconds(kTenYears)};
    const auto r = replay_logged(times, [](observe::FlowLogOptions&) {});
    REQUIRE(r.lines.size() == 2 + 2 * limit);
    CHECK(std::count(r.lines.begin(), r.lines.end(), record_line(times[1])) == 1);
    CHECK(r.lines.back() == record_line(times[1]));
    // Each gap's NODATA records are its first windows: eni-idle's 0 …, eni-web's 1 … .
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-idle", limit - 1)) == 1);
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-idle", limit)) == 0);
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-web", limit)) == 1);
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-web", limit + 1)) == 0);
    CHECK(r.omitted_idle == static_cast<std::uint64_t>(w10 + 1 - limit));  // windows 0 … w10
    CHECK(r.omitted_web == static_cast<std::uint64_t>(w10 - 1 - limit));   // windows 1 … w10-1
  }
  SUBCASE("0, 10 years and 9e9 s") {
    const std::vector<net::SimTime> times = {seconds(0), seconds(kTenYears),
                                             seconds(9'000'000'000)};
    const auto r = replay_logged(times, [](observe::FlowLogOptions&) {});
    // eni-web: two gaps; eni-idle: one.
    REQUIRE(r.lines.size() == 3 + 3 * limit);
    CHECK(r.lines.back() == record_line(times[2]));
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-web", w10 + limit)) == 1);
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-web", w10 + limit + 1)) == 0);
    CHECK(r.omitted_idle == static_cast<std::uint64_t>(w9e9 + 1 - limit));
    CHECK(r.omitted_web ==
          static_cast<std::uint64_t>((w10 - 1 - limit) + (w9e9 - w10 - 1 - limit)));
  }
}

TEST_CASE("a flow that starts after 10 simulated years: one day of NODATA per idle gap") {
  // The engine's run, as `vpcsim run` makes it: eni-web's conversations at 0 and 10 years.
  const auto scenario = test::scenario_json(
      idle_and_web(),
      fmt::format(
          R"([{{"name": "now", "from": "internet", "to": "web", "protocol": "tcp", "port": 443}},
              {{"name": "later", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "start": "{}s"}}])",
          kTenYears));
  const auto l = run_logged(scenario, [](observe::FlowLogOptions&, const model::Topology&) {});
  CHECK(l.run.result("later").outcome == model::FlowOutcome::established);
  const auto nodata = std::count_if(l.lines.begin(), l.lines.end(),
                                    [](const std::string& s) { return s.ends_with(" NODATA"); });
  // 2 records per conversation (ingress, egress); 1440 NODATA lines for eni-idle's one gap
  // (windows 0 … the run's last) and for eni-web's gap between the two conversations.
  const std::int64_t last = net::whole_seconds(l.run.sim->end_time()) / 60;
  REQUIRE(last == kTenYears / 60);  // "later" ends within its first minute
  CHECK(l.lines.size() == 4 + 2 * 1440);
  CHECK(nodata == 2 * 1440);
  CHECK(l.nodata_omitted == static_cast<std::uint64_t>((last + 1 - 1440) + (last - 1 - 1440)));
}

TEST_CASE("window numbers near the end of std::chrono::nanoseconds do not overflow") {
  // 2^63 - 1 ns is 9,223,372,036 s: window 153,722,867 of 60 s, 15,372,286 of 600 s. Driven
  // directly (the engine's own timers have no room left there).
  const auto sc = test::load(idle_and_web());
  const auto& t = *sc.topology;
  const auto web = test::eni(t, "web");
  for (const std::int64_t seconds : {60, 600}) {
    CAPTURE(seconds);
    observe::FlowLogOptions opt;
    opt.start_time = kStart;
    opt.aggregation_seconds = static_cast<std::uint32_t>(seconds);
    opt.format = format("${interface-id} ${start} ${end} ${log-status}");
    opt.nodata_gap_limit = 2;
    std::ostringstream out;
    observe::FlowLog log(t, opt, out);
    const model::FlowSpec flow;
    const auto packet = test::tcp("203.0.113.5", 50000, "10.0.1.10", 443, path::tcp::kSyn);
    path::PathResult result;
    result.observations.push_back({web, model::Direction::inbound, packet, true, 0});
    const auto max = net::SimTime::max();
    for (const auto time : {net::SimTime(0), max})
      log.on_packet(engine::PacketEvent{time, flow, 0, packet, true, model::EniIndex(), result});
    log.on_finish(max);
    const std::int64_t last = net::whole_seconds(max) / seconds;
    const std::vector<std::string> expected = {
        nodata_line("eni-idle", 0, seconds), record_line(net::SimTime(0)),
        nodata_line("eni-idle", 1, seconds), nodata_line("eni-web", 1, seconds),
        nodata_line("eni-web", 2, seconds),  record_line(max),
    };
    CHECK(test::lines_of(out.str()) == expected);
    CHECK(log.nodata_omitted(test::eni(t, "idle")) == static_cast<std::uint64_t>(last + 1 - 2));
    CHECK(log.nodata_omitted(web) == static_cast<std::uint64_t>(last - 1 - 2));
  }
}
