#pragma once
// PacketPath: one packet's whole journey through the VPC model (DESIGN.md "Life of a
// packet"): SG egress → route (LPM) → NACL out → IGW / NAT gateway / peering → NACL in →
// SG ingress, with the state it touches (connection tracking, NAT tables) passed in
// explicitly. Every step is recorded as a Hop with the rule that decided it; every
// interface the packet leaves or enters yields a flow-log Observation. No time source of
// its own and no I/O: the engine calls it with the simulated time.

#include <optional>
#include <string>
#include <vector>

#include "sim/core/rng.h"
#include "sim/path/conn_track.h"
#include "sim/path/eigw_table.h"
#include "sim/path/nat_table.h"
#include "sim/path/packet.h"
#include "sim/path/verdict.h"
#include "topology/model/topology.h"
#include "topology/model/traffic_plan.h"
#include "topology/net/sim_time.h"

namespace vpcsim::path {

struct Hop {
  std::string component;  // "sg-web egress", "acl-public out", "rtb-private", "igw-main", …
  bool ok = true;
  std::string detail;  // "ALLOW by #100 (tcp 443 0.0.0.0/0)", "REJECT by * …"
};

// What one interface saw, for flow logs
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html): the packet as it
// appeared on the interface.
struct Observation {
  model::EniIndex eni;
  model::Direction direction;  // inbound = ingress, outbound = egress
  Packet packet;
  bool accepted = true;
  // traffic-path for egress; 0 = "-"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html)
  std::uint8_t traffic_path = 0;
};

struct PathResult {
  bool delivered = false;
  bool exempt = false;          // to the VPC resolver / instance metadata: not filtered, not logged
  Verdict verdict;              // what dropped it, when dropped
  model::EniIndex destination;  // receiving interface; invalid = a host on the internet
  Packet delivered_packet;      // as the receiver sees it
  net::SimTime latency{};
  std::vector<Hop> hops;
  std::vector<Observation> observations;
  // The NAT gateway's RST to the inside host, sent from the NAT gateway's interface
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
  std::optional<Packet> nat_rst;
  model::EniIndex nat_rst_from;

  void clear();  // back to the empty result, keeping the vectors' capacity
};

struct PathState {
  explicit PathState(const model::Topology& topo, std::uint64_t seed = 1);
  ConnTrack conntrack;
  EigwTable eigw;             // egress-only internet gateways' connections
  std::vector<NatTable> nat;  // by NatIndex
  core::Rng rng;
};

class PacketPath {
 public:
  // `record_hops`: describe every hop in PathResult::hops (for traces). Off, the walk makes
  // the same decisions and observations without formatting any text.
  PacketPath(const model::Topology& topo, PathState& state, model::Latency latency = {},
             bool record_hops = true)
      : topo_(&topo), state_(&state), latency_(latency), record_hops_(record_hops) {}
  void set_topology(const model::Topology& topo) { topo_ = &topo; }
  const model::Topology& topology() const { return *topo_; }

  // A packet sent by interface `src` (its source address one of the interface's).
  void from_eni(model::EniIndex src, const Packet& p, net::SimTime now, PathResult& out) const;
  PathResult from_eni(model::EniIndex src, const Packet& p, net::SimTime now) const;
  // A packet arriving from a host on the internet.
  void from_internet(const Packet& p, net::SimTime now, PathResult& out) const;
  PathResult from_internet(const Packet& p, net::SimTime now) const;

 private:
  class Walk;
  const model::Topology* topo_;
  PathState* state_;
  model::Latency latency_;
  bool record_hops_;
};

}  // namespace vpcsim::path
