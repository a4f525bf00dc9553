// End to end over scenarios/: every bundled scenario runs, and what its `expect` section
// states holds (analysis::check_expectations, what `vpcsim test` runs): flow outcomes with
// the deciding layer, resource and explanation code, reachability answers, and flow-log
// lines that must or must not appear. The flow-log-* scenarios reproduce AWS's
// documented example records
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html); their
// READMEs say which fields differ from AWS's lines and why. A scenario with an
// `expected/flow-log.txt` (the teaching lessons) must also produce exactly that default flow
// log. A failing scenario reports every failed expectation and does not stop the others from
// being checked.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/analysis/expectation_check.h"
#include "sim/engine/simulation.h"
#include "sim/observe/flow_log.h"
#include "topology/load/scenario_loader.h"

using namespace vpcsim;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

std::string flow_log(const model::Scenario& sc, const model::FlowLogExpectation& e) {
  return vpcsim::analysis::flow_log_of(sc, e);
}

void check_scenario(const std::string& dir) {
  INFO("scenario: " << dir);
  auto r = load::load_scenario(dir);
  for (const auto& e : r.errors)
    FAIL_CHECK(e.to_string());
  if (!r.scenario) return;
  const auto& sc = *r.scenario;
  const auto results = analysis::check_expectations(sc);
  CHECK_FALSE(results.empty());  // every bundled scenario states what it shows
  for (const auto& c : results) {
    std::string detail;
    for (const auto& d : c.detail)
      detail += fmt::format("{}\n", d);
    CHECK_MESSAGE(c.passed, c.pointer, ": ", c.description, "\n", detail);
  }
  // The full default flow log (version 2 format, 60 s windows, NODATA records), as
  // `vpcsim run DIR --flow-log DIR/expected/flow-log.txt -q` writes it.
  const auto golden = std::filesystem::path(dir) / "expected" / "flow-log.txt";
  if (std::filesystem::exists(golden)) {
    INFO("golden file "
         << golden.string()
         << " (regenerate with: vpcsim run DIR --flow-log DIR/expected/flow-log.txt -q)");
    std::ifstream in(golden);
    std::stringstream want;
    want << in.rdbuf();
    const auto got_lines = lines_of(flow_log(sc, model::FlowLogExpectation{}));
    const auto want_lines = lines_of(want.str());
    const auto n = std::min(got_lines.size(), want_lines.size());
    std::size_t first = 0;
    while (first < n && got_lines[first] == want_lines[first])
      ++first;
    CHECK_MESSAGE(got_lines == want_lines,
                  "first difference at line "
                      << first + 1 << ": expected \""
                      << (first < want_lines.size() ? want_lines[first] : "(end)") << "\", got \""
                      << (first < got_lines.size() ? got_lines[first] : "(end)") << "\"");
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

// The example records of
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html.
TEST_CASE("the flow-log example scenarios state AWS's documented records") {
  // Guard against an example losing its expectations: each names the AWS lines it reproduces.
  for (const char* name :
       {"flow-log-ping-nacl", "flow-log-ping-sg", "flow-log-nat-gateway", "flow-log-tcp-flags"}) {
    auto r = load::load_scenario(std::string(VPCSIM_SOURCE_DIR "/scenarios/") + name);
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.scenario->expect.flow_logs.empty());
    CHECK_FALSE(r.scenario->expect.flow_logs.front().contains.empty());
  }
  // The verbatim AWS records this model reproduces field for field (same page).
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

TEST_CASE("every teaching lesson states its whole behaviour and is indexed") {
  // A lesson is a scenario folder with an expected flow log. So that it teaches the whole
  // behaviour it has a README citing AWS's documentation, an expectation for every flow —
  // with the deciding layer, resource and code for every flow that does not get through —
  // and flow-log lines.
  std::ifstream index_file(VPCSIM_SOURCE_DIR "/scenarios/README.md");
  REQUIRE(index_file);
  std::stringstream index;
  index << index_file.rdbuf();
  std::size_t lessons = 0;
  for (const auto& d : std::filesystem::directory_iterator(VPCSIM_SOURCE_DIR "/scenarios")) {
    if (!std::filesystem::exists(d.path() / "scenario.json")) continue;
    const auto name = d.path().filename().string();
    INFO("scenario: " << name);
    CHECK_MESSAGE(index.str().find("](" + name + ")") != std::string::npos,
                  "not listed in scenarios/README.md");
    if (!std::filesystem::exists(d.path() / "expected" / "flow-log.txt")) continue;
    ++lessons;
    std::ifstream readme_file(d.path() / "README.md");
    CHECK_MESSAGE(readme_file, "no README.md");
    std::stringstream readme;
    readme << readme_file.rdbuf();
    CHECK_MESSAGE(readme.str().find("https://docs.aws.amazon.com/") != std::string::npos,
                  "the README cites no AWS documentation page");
    auto r = load::load_scenario(d.path().string());
    REQUIRE(r.scenario);
    const auto& sc = *r.scenario;
    for (const auto& f : sc.traffic.flows) {
      const auto e =
          std::find_if(sc.expect.flows.begin(), sc.expect.flows.end(),
                       [&](const model::FlowExpectation& x) { return x.flow == f.name; });
      CHECK_MESSAGE(e != sc.expect.flows.end(), "no expectation for flow " << f.name);
      if (e == sc.expect.flows.end() || e->outcome == model::FlowOutcome::established) continue;
      CHECK_MESSAGE((!e->layer.empty() && !e->resource.empty() && !e->code.empty()),
                    "flow " << f.name << ": name the layer, resource and code of the drop");
    }
    CHECK_MESSAGE(!sc.expect.flow_logs.empty(), "no flow-log expectation");
  }
  CHECK(lessons >= 14);
}
