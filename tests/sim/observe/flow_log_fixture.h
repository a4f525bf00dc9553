#pragma once
// Shared helpers for the FlowLog tests: the start time of AWS's examples, custom formats, and
// a run of a whole scenario with one FlowLog observing it.

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "sim/observe/flow_log.h"
#include "tests/sim/engine/engine_fixture.h"
#include "topology/load/flow_log_format_reader.h"

namespace vpcsim::test::flow_log_fixture {

// AWS's TCP-flag example starts here
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
inline constexpr std::int64_t kStart = 1566848875;

inline model::FlowLogFormat format(const std::string& text) {
  std::string error;
  auto f = load::parse_flow_log_format(text, error);
  INFO(error);
  REQUIRE(f);
  return *f;
}

// Runs `scenario` with one FlowLog; `configure` adjusts the options (start_time is kStart).
struct Logged {
  test::SimRun run;
  std::string text;
  std::vector<std::string> lines;
  std::uint64_t nodata_omitted = 0;  // FlowLog::nodata_omitted()
};
template <class Configure>
inline Logged run_logged(const std::string& scenario, Configure configure) {
  Logged l{test::prepare(scenario), {}, {}};
  observe::FlowLogOptions opt;
  opt.start_time = kStart;
  configure(opt, l.run.topology());
  std::ostringstream out;
  observe::FlowLog log(l.run.topology(), opt, out);
  l.run.sim->add_observer(log);
  l.run.sim->run();
  l.text = out.str();
  l.lines = test::lines_of(l.text);
  l.nodata_omitted = log.nodata_omitted();
  return l;
}

}  // namespace vpcsim::test::flow_log_fixture
