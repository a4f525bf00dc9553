// End to end over scenarios/: every bundled scenario runs, and what its `expect` section
// states holds (analysis::check_expectations, what `vpcsim test` runs): flow outcomes with
// the deciding layer, resource and explanation code, reachability answers, and flow-log
// lines that must or must not appear. The flow-log-* scenarios reproduce AWS's
// documented example records (aws-semantics §6.7); their READMEs say which fields differ
// from AWS's lines and why.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "analysis/reach/expectation_check.h"
#include "sim/engine/simulation.h"
#include "sim/observe/flow_log.h"
#include "topology/load/scenario_loader.h"

using namespace vpcsim;

namespace {

std::string flow_log(const model::Scenario& sc, const model::FlowLogExpectation& e) {
  std::ostringstream out;
  observe::FlowLogOptions o;
  if (!e.format.empty()) {
    std::string error;
    auto f = observe::FlowLogFormat::parse(e.format, error);
    REQUIRE_MESSAGE(f, error);
    o.format = *f;
  }
  o.aggregation_seconds = e.aggregation_seconds;
  o.start_time = sc.start_time;
  o.region = sc.region;
  o.account_id = sc.account_id;
  engine::Simulation sim(sc, {sc.seed, core::SimTime::max(), false});
  observe::FlowLog log(*sc.topology, o, out);
  sim.add_observer(log);
  sim.run();
  return out.str();
}

void check_scenario(const std::string& dir) {
  INFO("scenario: " << dir);
  auto r = load::load_scenario(dir);
  for (const auto& e : r.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(r.scenario);
  const auto results = analysis::check_expectations(*r.scenario);
  CHECK_FALSE(results.empty());  // every bundled scenario states what it shows
  for (const auto& c : results) {
    std::string detail;
    for (const auto& d : c.detail)
      detail += fmt::format("{}\n", d);
    CHECK_MESSAGE(c.passed, c.pointer, ": ", c.description, "\n", detail);
  }
}

}  // namespace

TEST_CASE("every bundled scenario meets its expectations") {
  std::vector<std::string> dirs;
  for (const auto& d : std::filesystem::directory_iterator(VPCSIM_SOURCE_DIR "/scenarios")) {
    if (std::filesystem::exists(d.path() / "scenario.json")) dirs.push_back(d.path().string());
  }
  std::sort(dirs.begin(), dirs.end());
  REQUIRE(dirs.size() >= 5);
  for (const auto& d : dirs)
    check_scenario(d);
}

TEST_CASE("the §6.7 example scenarios state AWS's documented records") {
  // Guard against an example losing its expectations: each names the AWS lines it reproduces.
  for (const char* name :
       {"flow-log-ping-nacl", "flow-log-ping-sg", "flow-log-nat-gateway", "flow-log-tcp-flags"}) {
    auto r = load::load_scenario(std::string(VPCSIM_SOURCE_DIR "/scenarios/") + name);
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.scenario->expect.flow_logs.empty());
    CHECK_FALSE(r.scenario->expect.flow_logs.front().contains.empty());
  }
  // The verbatim AWS records this model reproduces field for field (§6.7).
  const auto ping = load::load_scenario(VPCSIM_SOURCE_DIR "/scenarios/flow-log-ping-nacl");
  REQUIRE(ping.scenario);
  const auto text = flow_log(*ping.scenario, ping.scenario->expect.flow_logs.front());
  CHECK(text.find("2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 "
                  "1432917027 1432917142 ACCEPT OK\n") != std::string::npos);
  const auto nat = load::load_scenario(VPCSIM_SOURCE_DIR "/scenarios/flow-log-nat-gateway");
  REQUIRE(nat.scenario);
  const auto nat_text = flow_log(*nat.scenario, nat.scenario->expect.flow_logs.front());
  for (const char* line : {"- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5",
                           "- eni-1235b8ca123456789 10.0.0.220 203.0.113.5 10.0.0.220 203.0.113.5",
                           "- eni-1235b8ca123456789 203.0.113.5 10.0.0.220 203.0.113.5 10.0.0.220",
                           "- eni-1235b8ca123456789 10.0.0.220 10.0.1.5 203.0.113.5 10.0.1.5",
                           "i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 "
                           "10.0.1.5 203.0.113.5",
                           "i-01234567890123456 eni-1111aaaa2222bbbb3 203.0.113.5 10.0.1.5 "
                           "203.0.113.5 10.0.1.5"}) {
    CHECK_MESSAGE(nat_text.find(std::string(line) + "\n") != std::string::npos, line);
  }
}
