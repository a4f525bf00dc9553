#pragma once
// ExpectReader: a scenario's "expect" section: what a run must show (each flow's outcome,
// reachability answers, flow-log lines), with flow names checked against the traffic and
// endpoints resolved against the topology.

#include <string>
#include <vector>

#include "topology/load/object_reader.h"
#include "topology/load/section_reader.h"
#include "topology/model/expectations.h"
#include "topology/model/traffic_plan.h"

namespace vpcsim::load {

class ExpectReader : private SectionReader {
 public:
  ExpectReader(Diagnostics& diag, const model::Topology& topo) : SectionReader(diag, topo) {}

  // The section `j`, at JSON pointer `p`. The flows that "flows" entries name must be in
  // `traffic`; when it is null (the traffic section was not read) their names are not checked.
  model::Expectations read(const Json& j, const std::string& p, const model::TrafficPlan* traffic);

 private:
  // `flow_names`: the flows of the traffic, or null (not checked).
  model::FlowExpectation flow(const Json& j, const std::string& p,
                              const std::vector<std::string>* flow_names);
  model::ReachExpectation reach(const Json& j, const std::string& p);
  model::FlowLogExpectation flow_log(const Json& j, const std::string& p);
};

}  // namespace vpcsim::load
