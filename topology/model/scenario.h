#pragma once
// Scenario: a loaded scenario file: the topology, plus the traffic plan, the timeline of
// configuration changes and the expectations that later stages use.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "topology/model/config_change.h"
#include "topology/model/expectations.h"
#include "topology/model/topology.h"
#include "topology/model/traffic_plan.h"

namespace vpcsim::model {

struct Scenario {
  std::string file;  // path it was loaded from
  std::string name;
  std::string description;
  std::string region = "us-east-1";
  std::string account_id = "123456789012";
  std::uint64_t seed = 1;
  // Unix time (seconds) of simulated time 0: flow-log start/end fields count from it.
  std::int64_t start_time = 1'735'689'600;  // 2025-01-01T00:00:00Z
  std::shared_ptr<const Topology> topology;
  TrafficPlan traffic;
  std::vector<ConfigChange> timeline;  // sorted by time (stable)
  Expectations expect;
};

}  // namespace vpcsim::model
