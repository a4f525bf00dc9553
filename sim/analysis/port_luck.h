#pragma once
// Port luck: a conversation that was established only because of the client port it drew.
// A stateless network ACL checks a reply against the client's port, which the client picks
// from its ephemeral range
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html): a run that drew an
// admitted port reads "established" while reach(), which checks every port of the range, says
// replies to other ports are dropped. Found here so that `run` can say so and `test` can require a
// flow to work for every client port.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/reach.h"
#include "sim/engine/flow_result.h"
#include "topology/model/scenario.h"

namespace vpcsim::analysis {

struct PortLuck {
  std::string flow;               // the flow's name
  std::uint16_t source_port = 0;  // the client port its first conversation drew
  ReachAnswer answer;             // not reachable: failing_source_ports or failing_nat_ports
};

// Whether flow `spec` of `scenario` (whose conversations `summary` counts) was established
// by luck of its client port. Only TCP and UDP flows that draw their port, and only before
// the scenario's first timeline change (the question is about the topology as loaded).
std::optional<PortLuck> port_luck(const model::Scenario& scenario, const model::FlowSpec& spec,
                                  const engine::FlowSummary& summary);

// Every flow of a run that was established by luck, in the run's order.
std::vector<PortLuck> lucky_flows(const model::Scenario& scenario,
                                  const std::vector<engine::FlowSummary>& flows);

// "replies to client ports 1024-32767 are dropped by acl-app (*): …", for a note or a test.
std::string port_luck_text(const PortLuck& luck);

}  // namespace vpcsim::analysis
