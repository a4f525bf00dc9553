#pragma once
// TrafficReader: a scenario's "traffic" section: the flows to simulate, their endpoints
// resolved against the topology, and the latencies and MSS of the run.

#include <set>
#include <string>
#include <string_view>

#include "topology/load/object_reader.h"
#include "topology/load/section_reader.h"
#include "topology/model/traffic_plan.h"

namespace vpcsim::load {

class TrafficReader : private SectionReader {
 public:
  TrafficReader(Diagnostics& diag, const model::Topology& topo) : SectionReader(diag, topo) {}

  // The section `j`, at JSON pointer `p`.
  model::TrafficPlan read(const Json& j, const std::string& p);

 private:
  // One flow; `names` are those of the flows before it (a flow's name is unique).
  model::FlowSpec flow(const Json& j, const std::string& p, std::set<std::string>& names);
  // The endpoint `r[key]` (required) names; a default Endpoint if it names none.
  model::Endpoint flow_endpoint(ObjectReader& r, std::string_view key);
};

}  // namespace vpcsim::load
