#pragma once
// Checks a scenario's `expect` section (what `vpcsim test` runs): flow outcomes with the
// deciding layer / resource / explanation code, reachability answers, and flow-log lines
// that must or must not appear. One result per expectation, with an explanation on failure
// (what was expected, what happened, and the hops of the packet that decided it).

#include <string>
#include <vector>

#include "topology/model/scenario.h"

namespace vpcsim::analysis {

struct CheckResult {
  std::string pointer;      // the expectation's JSON pointer in its file
  std::string description;  // "flow alb-to-db is blocked (sg, sg-alb, ENI_SG_RULES_MISMATCH)"
  bool passed = false;
  std::vector<std::string> detail;  // on failure: what happened, trace excerpt
};

std::vector<CheckResult> check_expectations(const model::Scenario& scenario);

// The flow log a flow-log expectation is checked against: the scenario simulated with its
// seed to the end, in the expectation's format and aggregation interval.
std::string flow_log_of(const model::Scenario& scenario, const model::FlowLogExpectation& e);

}  // namespace vpcsim::analysis
