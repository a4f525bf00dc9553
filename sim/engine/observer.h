#pragma once
// Observer: what the engine publishes while it runs: every packet with its whole path
// (hops, verdict, flow-log observations), every configuration change of the timeline, and
// every conversation's end. Observers (sim/observe) write flow logs, traces and counters;
// they never call back into the engine.

#include <cstdint>
#include <string>

#include "sim/engine/flow_result.h"
#include "sim/path/packet.h"
#include "sim/path/packet_path.h"
#include "topology/model/config_change.h"
#include "topology/model/topology.h"
#include "topology/model/traffic_plan.h"
#include "topology/net/sim_time.h"

namespace vpcsim::engine {

struct PacketEvent {
  net::SimTime time{};  // when it was sent
  const model::FlowSpec& flow;
  std::uint32_t instance;
  const path::Packet& packet;  // as sent
  bool from_internet;          // sent by a host on the internet (else by `from`)
  model::EniIndex from;
  const path::PathResult& result;
};

struct ChangeEvent {
  net::SimTime time{};
  const model::ConfigChange& change;
  const model::Topology& after;
  std::string refused;  // non-empty: AWS would refuse the change (and it was not applied)
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_packet(const PacketEvent&) {}
  virtual void on_change(const ChangeEvent&) {}
  virtual void on_flow_end(const model::FlowSpec&, const FlowResult&) {}
  // The run is over at simulated time `end`.
  virtual void on_finish(net::SimTime /*end*/) {}
};

}  // namespace vpcsim::engine
