#pragma once
// Replay: packets as captured (pcap), each sent into the VPC model at its capture time from
// the interface that owns its source address, or from the internet when the topology owns
// no such address, through the whole packet path (connection tracking, NACLs, routes, NAT),
// published to the same observers as simulated traffic (flow logs, traces). `map` places a
// capture's hosts onto the design: a mapped address is rewritten to the interface's primary
// private IP wherever it appears, so both directions of a conversation land on the design.
// A capture taken on an instance shows internet traffic addressed to its private IP (the
// internet gateway translated it): such packets enter at the interface's public IP, or, for
// an instance behind a NAT gateway, at the gateway's elastic IP and the port it mapped the
// instance's connection to.

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>
#include "sim/engine/observer.h"
#include "sim/engine/observer_list.h"
#include "sim/engine/packet_counters.h"
#include "sim/path/packet.h"
#include "sim/path/packet_path.h"
#include "topology/model/topology.h"
#include "topology/model/traffic_plan.h"
#include "topology/net/captured_packet.h"
#include "topology/net/sim_time.h"

namespace vpcsim::engine {

struct ReplayOptions {
  std::vector<std::pair<net::IpAddress, model::EniIndex>> map;  // capture address → interface
  bool record_hops = false;
  std::uint64_t seed = 1;  // NAT gateways' port choices
};

// The packets' fates (PacketCounters), and where they entered.
struct ReplayStats : PacketCounters {
  std::uint64_t replayed = 0;
  std::uint64_t from_internet = 0;  // sources the topology does not own
  std::uint64_t unmatched = 0;      // neither address belongs to the topology
};

class Replay {
 public:
  Replay(const model::Topology& topology, ReplayOptions options);
  void add_observer(Observer& o) { observers_.add(o); }
  // One captured packet, in capture order (a time earlier than the last is taken as the last).
  void packet(net::SimTime time, const path::Packet& p);
  // Captured packets in capture order, each at its capture time minus `origin_ns` (ns since
  // the epoch): the same as packet() on each in turn. Faster: where each one enters is found
  // first for the whole batch, and its connection-tracking slot is loaded into the cache
  // while the packets before it are walked.
  void packets(std::span<const net::CapturedPacket> batch, std::int64_t origin_ns);
  // The capture is over: observers write what they hold.
  void finish();
  const ReplayStats& stats() const { return stats_; }
  net::SimTime end_time() const { return last_; }

 private:
  // Where a packet enters: `src` owns its source address (else it comes from the internet);
  // `dst` owns its destination address, if any.
  struct Entry {
    model::EniIndex src;
    model::EniIndex dst;
    path::Packet packet;  // after --map
    net::SimTime time{};
  };
  net::IpAddress mapped(const net::IpAddress& a) const;
  model::EniIndex owner(const net::IpAddress& a) const {
    const auto e = owners_.find(a);
    return e == owners_.end() ? model::EniIndex() : e->second;
  }
  void enter(Entry& e) const;  // e.packet as captured → after --map; where it enters
  void walk(net::SimTime time, Entry& e);
  void through_nat(model::EniIndex inside, path::Packet& p) const;

  const model::Topology& t_;
  ReplayOptions opt_;
  path::PathState state_;
  path::PacketPath path_;
  path::PathResult result_;
  model::FlowSpec flow_;  // what observers see as the packets' flow: "replay"
  ObserverList observers_;
  // Private addresses of every VPC → interface (the first VPC in order that has one).
  boost::unordered_flat_map<net::IpAddress, model::EniIndex, std::hash<net::IpAddress>> owners_;
  std::vector<Entry> batch_;
  ReplayStats stats_;
  net::SimTime last_{};
};

}  // namespace vpcsim::engine
