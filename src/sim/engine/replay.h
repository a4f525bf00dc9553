#pragma once
// Replay: packets as captured (pcap), each sent into the VPC model at its capture time from
// the interface that owns its source address, or from the internet when the topology owns
// no such address, through the whole packet path (connection tracking, NACLs, routes, NAT),
// published to the same observers as simulated traffic (flow logs, traces). `map` places a
// capture's hosts onto the design: a mapped address is rewritten to the interface's primary
// private IP wherever it appears, so both directions of a conversation land on the design.
// A capture taken on an instance shows internet traffic addressed to its private IP (the
// internet gateway translated it): such packets enter at the interface's public IP.

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/engine/observer.h"
#include "sim/path/packet.h"
#include "sim/path/packet_path.h"
#include "topology/model/topology.h"
#include "topology/model/traffic_plan.h"

namespace vpcsim::engine {

struct ReplayOptions {
  std::vector<std::pair<net::IpAddress, model::EniIndex>> map;  // capture address → interface
  bool record_hops = false;
  std::uint64_t seed = 1;  // NAT gateways' port choices
};

struct ReplayStats {
  std::uint64_t replayed = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;
  std::uint64_t exempt = 0;         // to the VPC resolver / metadata: neither filtered nor logged
  std::uint64_t from_internet = 0;  // sources the topology does not own
  std::uint64_t unmatched = 0;      // neither address belongs to the topology
  std::array<std::uint64_t, 32> drops_by_reason{};
};

class Replay {
 public:
  Replay(const model::Topology& topology, ReplayOptions options);
  void add_observer(Observer& o) { observers_.push_back(&o); }
  // One captured packet, in capture order (a time earlier than the last is taken as the last).
  void packet(core::SimTime time, const path::Packet& p);
  // The capture is over: observers write what they hold.
  void finish();
  const ReplayStats& stats() const { return stats_; }
  core::SimTime end_time() const { return last_; }

 private:
  net::IpAddress mapped(const net::IpAddress& a) const;

  const model::Topology& t_;
  ReplayOptions opt_;
  path::PathState state_;
  path::PacketPath path_;
  path::PathResult result_;
  model::FlowSpec flow_;  // what observers see as the packets' flow: "replay"
  std::vector<Observer*> observers_;
  ReplayStats stats_;
  core::SimTime last_;
};

}  // namespace vpcsim::engine
