#pragma once
// Expectations: the scenario's `expect` section: what a run must show. Flow outcomes,
// reachability answers and flow-log lines that must or must not appear.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "topology/model/endpoint.h"
#include "topology/model/flow_log_format.h"
#include "topology/net/protocol.h"

namespace vpcsim::model {

// How a conversation ended: `established` (every exchange completed), `blocked` (never got
// through: the handshake or first exchange failed), `reset` (an RST ended it, e.g. a NAT
// gateway's after 350 s idle), `interrupted` (it got through, then later packets were
// dropped until the sender gave up).
enum class FlowOutcome : std::uint8_t { established, blocked, reset, interrupted };
std::string_view flow_outcome_name(FlowOutcome o);

struct FlowExpectation {
  std::string flow;  // a traffic flow's name
  FlowOutcome outcome = FlowOutcome::established;
  std::string layer;     // optional: "sg", "nacl", "route", "igw", "nat", "peering", "eni"
  std::string resource;  // optional: id of the deciding resource (sg-…, acl-…, rtb-…)
  std::string code;      // optional: explanation code, e.g. SUBNET_ACL_RESTRICTION
  // With "established": also for every client port the client may draw, not only the one
  // the run drew (network ACLs check replies against it).
  bool every_client_port = false;
  std::string pointer;
};

struct ReachExpectation {
  std::string from;  // as written
  std::string to;
  Endpoint from_endpoint;  // resolved by the loader
  Endpoint to_endpoint;
  net::Protocol protocol = net::Protocol::tcp();  // tcp, udp or icmp
  std::optional<std::uint16_t> port;
  bool reachable = true;
  std::string pointer;
};

struct FlowLogExpectation {
  FlowLogFormat format = FlowLogFormat::default_v2();  // the AWS default unless given
  std::uint32_t aggregation_seconds = 60;
  std::vector<std::string> contains;  // lines (exact) that must appear
  std::vector<std::string> absent;    // lines (exact) that must not appear
  std::string pointer;
};

struct Expectations {
  std::vector<FlowExpectation> flows;
  std::vector<ReachExpectation> reach;
  std::vector<FlowLogExpectation> flow_logs;
  bool empty() const { return flows.empty() && reach.empty() && flow_logs.empty(); }
};

}  // namespace vpcsim::model
