#pragma once
// PacketPath::Walk: one walk of one packet through the model, accumulating hops and
// observations into a PathResult. Private to sim/path: packet_path.cc holds the steps every
// packet takes (security groups, network ACLs, routing, delivery), gateway_hops.cc the
// gateways a route can lead to (internet, NAT, peering).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "sim/path/packet_path.h"

namespace vpcsim::path {

class PacketPath::Walk {
 public:
  using Direction = model::Direction;
  using EniIndex = model::EniIndex;
  using SubnetIndex = model::SubnetIndex;

  Walk(const model::Topology& t, PathState& s, const model::Latency& l, net::SimTime now,
       bool trace, PathResult& out)
      : r(out), t_(t), s_(s), lat_(l), now_(now), trace_(trace) {}

  PathResult& r;

  void from_eni(EniIndex src, Packet p);
  void from_internet(Packet p);

 private:
  void hop(std::string component, bool ok, std::string detail) {
    r.hops.push_back(Hop{std::move(component), ok, std::move(detail)});
  }
  void latency(net::SimTime d) { r.latency += d; }
  void drop(DropReason reason, std::string resource, std::string rule, std::string component,
            std::string detail) {
    if (trace_) hop(std::move(component), false, std::move(detail));
    r.delivered = false;
    r.verdict.reason = reason;
    r.verdict.resource = std::move(resource);
    r.verdict.rule = std::move(rule);
  }
  void observe(EniIndex e, Direction d, const Packet& p, bool accepted, std::uint8_t path = 0) {
    r.observations.push_back(Observation{e, d, p, accepted, path});
  }
  // The source interface's egress record, once we know whether the packet left.
  void flush_egress(const Packet& p, bool accepted, std::uint8_t path) {
    if (egress_pending_.valid()) observe(egress_pending_, Direction::outbound, p, accepted, path);
    egress_pending_ = EniIndex();
  }

  // Security group check at interface `e` (none for a NAT gateway's interface).
  bool sg(EniIndex e, Direction d, const Packet& p, bool auto_tracked);

  // NACL check where the packet crosses the boundary of subnet `s`.
  bool nacl(SubnetIndex s, Direction d, const Packet& p, EniIndex observe_at);

  // The packet reaches interface `e` of its destination subnet: SG ingress, delivery.
  void arrive(EniIndex e, const Packet& p);

  // Routing out of subnet `s` (the packet was sent by `from`, which may be a NAT gateway).
  // `known`: the route of p.tuple.dst in s's route table when the caller has looked it up.
  void route_from(SubnetIndex s, EniIndex from, const Packet& p,
                  const model::Route* known = nullptr);

  // Between subnet `s` and subnet `ds` of one VPC, through the VPC router: the NACL of each
  // when they differ (inside one subnet there is none,
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html). leave: s's
  // outbound NACL, then the sender's egress record; enter: ds's inbound NACL. False: dropped.
  bool leave(SubnetIndex s, SubnetIndex ds, EniIndex from, const Packet& p);
  bool enter(SubnetIndex s, SubnetIndex ds, EniIndex to, const Packet& p);

  // Nothing in `vpc` owns the packet's destination address.
  void no_owner(model::VpcIndex vpc, const Packet& p);
  // `e`'s instance or database is not running: it `does` ("sends", "answers") nothing.
  void not_running(EniIndex e, std::string_view does);

  void deliver_to_eni(EniIndex dst, const Packet& p);
  // `appliance` (source/destination check off) received a packet for another address: it
  // forwards it, as a router, with the packet's addresses unchanged.
  void forward_through(EniIndex appliance, const Packet& p);

  void igw_egress(model::IgwIndex igw, EniIndex from, Packet p);
  void eigw_inbound(model::EigwIndex g, EniIndex e, const Packet& p);

  void nat_outbound(model::NatIndex n, const Packet& p);

  void nat_inbound(model::NatIndex n, const Packet& p, bool from_internet);

  // The gateway translated `p` to `to` (its source on the way out, its destination on the way
  // back): the packet leaves the gateway's interface and is routed from the gateway's subnet.
  void nat_forward(const model::NatGateway& nat, const Packet& p, const net::FiveTuple& to,
                   bool outbound);

  void peering(model::PeeringIndex pi, model::VpcIndex from_vpc, const Packet& p);

  const model::Topology& t_;
  PathState& s_;
  const model::Latency& lat_;
  net::SimTime now_{};
  bool trace_;
  model::EniIndex egress_pending_;
  // Middleboxes that forwarded this packet so far: past one, security-group references no
  // longer match (SG_REFERENCES_NOT_PRESERVED), and a loop ends after kMaxForwards. The
  // middlebox's own groups still see the packet as sent.
  static constexpr int kMaxForwards = 8;
  int forwards_ = 0;
};

}  // namespace vpcsim::path
