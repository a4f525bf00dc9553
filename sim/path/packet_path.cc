#include "sim/path/packet_path.h"

#include "sim/path/packet_walk.h"

#include <fmt/format.h>

#include "sim/path/nacl_evaluation.h"
#include "sim/path/sg_evaluation.h"
#include "topology/model/rule_text.h"

namespace vpcsim::path {

using model::Direction;
using model::EniIndex;
using model::SubnetIndex;

PathState::PathState(const model::Topology& topo, std::uint64_t seed) : rng(seed) {
  for (const auto& n : topo.nat_gateways()) {
    std::vector<net::IpAddress> ips{topo.eni(n.eni).primary_ip()};
    for (const auto& s : n.secondary)
      ips.push_back(s.private_ip);
    nat.emplace_back(std::move(ips));
  }
}

namespace {
const net::IpAddress kMetadata = *net::IpAddress::parse("169.254.169.254");
}  // namespace

// One walk of one packet: accumulates hops and observations into `r`.

void PacketPath::Walk::from_eni(EniIndex src, Packet p) {
  const auto& eni = t_.eni(src);
  const auto& vpc = t_.vpc(t_.vpc_of(src));
  if (p.tuple.dst == vpc.resolver_address() || p.tuple.dst == kMetadata) {
    // Neither filtered (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Security.html)
    // nor logged (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html).
    r.exempt = r.delivered = true;
    r.delivered_packet = p;
    return;
  }
  if (!eni.owner.running()) return not_running(src, "sends");
  if (eni.source_dest_check && !eni.owns(p.tuple.src)) {
    return drop(DropReason::source_dest_check, eni.id, "", eni.id,
                fmt::format("source {} is not an address of {}", p.tuple.src, eni.id));
  }
  // Connections through a NAT gateway or egress-only IGW are always tracked
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
  const auto* route = t_.lookup_route(t_.route_table_of(eni.subnet), p.tuple.dst);
  const bool auto_tracked =
      route && (route->target.kind == model::RouteTargetKind::nat_gateway ||
                route->target.kind == model::RouteTargetKind::egress_only_internet_gateway);
  if (!sg(src, Direction::outbound, p, auto_tracked)) {
    observe(src, Direction::outbound, p, false);
    return;
  }
  egress_pending_ = src;
  route_from(eni.subnet, src, p, route);
}

// Security group check at interface `e` (none where AWS applies no group:
// Eni::security_groups_apply).
bool PacketPath::Walk::sg(EniIndex e, Direction d, const Packet& p, bool auto_tracked) {
  const auto& eni = t_.eni(e);
  const auto where = [&] {
    return fmt::format("{} {}", eni.id, d == Direction::inbound ? "SG ingress" : "SG egress");
  };
  if (!eni.security_groups_apply()) {
    // A NAT gateway's interface is not a hop of its own in traces; the others say why.
    if (trace_ && eni.owner.kind != model::OwnerKind::nat_gateway) {
      hop(where(), true,
          eni.owner.kind == model::OwnerKind::nlb
              ? "no security groups: an NLB created without any lets all traffic through "
                "(https://docs.aws.amazon.com/elasticloadbalancing/latest/network/"
                "load-balancer-security-groups.html)"
              : "security groups do not apply to a Gateway Load Balancer endpoint "
                "(https://docs.aws.amazon.com/vpc/latest/privatelink/"
                "gateway-load-balancer-endpoints.html)");
    }
    return true;
  }
  if (s_.conntrack.admit(e, p, now_, eni.conntrack)) {
    if (trace_) hop(where(), true, "tracked connection");
    return true;
  }
  const bool references = forwards_ == 0;
  const auto dec = evaluate_sg(t_, eni, d, p, references);
  if (!dec.allowed && !references && evaluate_sg(t_, eni, d, p).allowed) {
    const auto& peer = d == Direction::inbound ? p.tuple.src : p.tuple.dst;
    drop(DropReason::sg_references_lost,
         eni.security_groups.empty() ? eni.id : t_.security_group(eni.security_groups.front()).id,
         "security group reference", where(),
         fmt::format("REJECT: only a rule referencing a security group admits {}, and a "
                     "middlebox forwarded the packet, which discards security group information; "
                     "allow {}'s address or subnet CIDR instead "
                     "(https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html)",
                     peer, peer));
    return false;
  }
  if (!dec.allowed) {
    std::string groups;
    for (const auto g : eni.security_groups)
      groups += fmt::format("{}{}", groups.empty() ? "" : ", ", t_.security_group(g).id);
    const auto& peer = d == Direction::inbound ? p.tuple.src : p.tuple.dst;
    const std::string why = fmt::format(
        "no {} rule of {} allows {} {} {}", direction_name(d),
        groups.empty() ? "(no security groups)" : groups,
        model::traffic_text(net::Protocol(p.tuple.protocol), net::PortRange::single(p.rule_port()),
                            model::IcmpMatch{p.icmp_type, p.icmp_code}),
        d == Direction::inbound ? "from" : "to", peer);
    const std::string resource =
        eni.security_groups.empty() ? eni.id : t_.security_group(eni.security_groups.front()).id;
    drop(DropReason::sg_rules_mismatch, resource, "no matching rule", where(),
         fmt::format("REJECT: {}", why));
    return false;
  }
  const auto& g = t_.security_group(dec.group);
  const bool tracked = !dec.untracked || auto_tracked;
  if (tracked) s_.conntrack.track(e, p, now_, eni.conntrack);
  if (trace_) {
    hop(where(), true,
        fmt::format("ALLOW by {} {} {} {}{}", g.id, direction_name(d),
                    model::traffic_text(dec.rule->protocol, dec.rule->ports, dec.rule->icmp),
                    model::peer_text(t_, dec.rule->peer),
                    tracked ? " (tracked)"
                            : " (untracked, https://docs.aws.amazon.com/AWSEC2/latest/"
                              "UserGuide/security-group-connection-tracking.html)"));
  }
  return true;
}

// NACL check where the packet crosses the boundary of subnet `s`.
bool PacketPath::Walk::nacl(SubnetIndex s, Direction d, const Packet& p, EniIndex observe_at) {
  const auto& acl = t_.network_acl(t_.nacl_of(s));
  const auto dec = evaluate_nacl(acl, d, p);
  const auto where = [&] {
    return fmt::format("{} {}", acl.id, d == Direction::inbound ? "in" : "out");
  };
  const auto by = [&] {
    return dec.entry ? model::nacl_entry_text(*dec.entry)
                     : fmt::format("* (no rule matches {} dport {})",
                                   net::Protocol(p.tuple.protocol), p.rule_port());
  };
  if (dec.allowed) {
    if (trace_) hop(where(), true, fmt::format("ALLOW by {}", by()));
    return true;
  }
  drop(DropReason::subnet_acl_restriction, acl.id,
       dec.entry ? fmt::format("#{}", dec.entry->rule_number) : std::string("*"), where(),
       fmt::format("REJECT by {}", by()));
  if (d == Direction::outbound)
    flush_egress(p, false, 0);
  else if (observe_at.valid())
    observe(observe_at, Direction::inbound, p, false);
  return false;
}

// The packet reaches interface `e` of its destination subnet: SG ingress, delivery.
void PacketPath::Walk::arrive(EniIndex e, const Packet& p) {
  // A stopped instance's interface stays in its subnet with its addresses, but nothing
  // answers. Whether its flow log records what arrives AWS does not say: vpcsim records none.
  if (!t_.eni(e).owner.running()) return not_running(e, "answers");
  if (!sg(e, Direction::inbound, p, false)) {
    observe(e, Direction::inbound, p, false);
    return;
  }
  observe(e, Direction::inbound, p, true);
  if (trace_) hop(t_.eni(e).id, true, "delivered");
  r.delivered = true;
  r.destination = e;
  r.delivered_packet = p;
}

// Routing out of subnet `s` (the packet was sent by `from`, which may be a NAT gateway).
// `known`: the route of p.tuple.dst in s's route table when the caller has looked it up.
void PacketPath::Walk::route_from(SubnetIndex s, EniIndex from, const Packet& p,
                                  const model::Route* known) {
  const auto& subnet = t_.subnet(s);
  const auto vpc_i = subnet.vpc;
  if (t_.subnet_containing(vpc_i, p.tuple.dst) == s) {
    // Inside one subnet traffic is delivered at layer 2: no route table, no network ACL
    // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html; "You cannot
    // route traffic between hosts in the same subnet through an appliance",
    // https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html).
    flush_egress(p, true, 1);
    const auto dst = t_.eni_by_private_ip(vpc_i, p.tuple.dst);
    if (!dst.valid()) return no_owner(vpc_i, p);
    if (trace_) hop(subnet.id, true, "same subnet: delivered at layer 2, no route table");
    latency(lat_.same_az);
    return deliver_to_eni(dst, p);
  }
  const auto rtb_i = t_.route_table_of(s);
  const auto& rtb = t_.route_table(rtb_i);
  const auto* route = known ? known : t_.lookup_route(rtb_i, p.tuple.dst);
  if (!route) {
    flush_egress(p, true, 0);
    return drop(DropReason::no_route, rtb.id, "", rtb.id,
                fmt::format("no route to {}", p.tuple.dst));
  }
  const auto via = [&] { return fmt::format("{} → {}", route->destination, route->target.id); };
  if (route->state == model::RouteState::blackhole) {
    flush_egress(p, true, 0);
    return drop(DropReason::bad_state_route, rtb.id, route->destination.to_string(), rtb.id,
                fmt::format("{} is a blackhole route", via()));
  }
  if (trace_) hop(rtb.id, true, via());
  using K = model::RouteTargetKind;
  switch (route->target.kind) {
    case K::local: {
      const auto dst = t_.eni_by_private_ip(vpc_i, p.tuple.dst);
      if (dst.valid()) s_.conntrack.prefetch(dst, p.tuple);
      const auto ds = t_.subnet_containing(vpc_i, p.tuple.dst);
      if (!leave(s, ds, from, p)) return;
      if (!dst.valid()) return no_owner(vpc_i, p);
      latency(t_.subnet(t_.eni(dst).subnet).az == subnet.az ? lat_.same_az : lat_.cross_az);
      if (!enter(s, ds, dst, p)) return;
      return deliver_to_eni(dst, p);
    }
    case K::network_interface: {
      const auto dst = route->target.eni();
      const auto ds = t_.eni(dst).subnet;
      if (!leave(s, ds, from, p)) return;
      latency(lat_.same_az);
      if (!enter(s, ds, dst, p)) return;
      return deliver_to_eni(dst, p);
    }
    case K::internet_gateway: {
      if (!nacl(s, Direction::outbound, p, from)) return;
      flush_egress(p, true, 2);
      return igw_egress(route->target.igw(), from, p);
    }
    case K::egress_only_internet_gateway: {
      if (!nacl(s, Direction::outbound, p, from)) return;
      flush_egress(p, true, 0);
      s_.eigw.outbound(route->target.eigw(), p.tuple, now_);
      if (trace_) hop(route->target.id, true, "IPv6 egress");
      latency(lat_.internet);
      r.delivered = true;
      r.delivered_packet = p;
      return;
    }
    case K::nat_gateway: {
      const auto n = route->target.nat();
      const auto ns = t_.nat_gateway(n).subnet;
      if (!leave(s, ns, from, p)) return;
      latency(lat_.same_az);
      if (!enter(s, ns, t_.nat_gateway(n).eni, p)) return;
      return nat_outbound(n, p);
    }
    case K::peering_connection: {
      if (!nacl(s, Direction::outbound, p, from)) return;
      // traffic-path 4: intra-Region peering, 5: inter-Region
      // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
      const auto& pcx = t_.peering_connection(route->target.peering());
      const bool across_regions = t_.vpc(pcx.other(vpc_i)).region != t_.vpc(vpc_i).region;
      flush_egress(p, true, across_regions ? 5 : 4);
      return peering(route->target.peering(), vpc_i, p);
    }
    case K::unmodelled: {
      flush_egress(p, true, 0);
      const auto& u = t_.data().unmodelled[route->target.unmodelled()];
      return drop(DropReason::target_not_modelled, rtb.id, route->destination.to_string(),
                  route->target.id,
                  fmt::format("{}: vpcsim does not model a {} yet, so where AWS takes the "
                              "packet from there is unknown (not refused)",
                              via(), u.description()));
    }
    case K::blackhole:
      break;
  }
}

void PacketPath::Walk::not_running(EniIndex e, std::string_view does) {
  const auto& eni = t_.eni(e);
  drop(DropReason::owner_not_running, eni.id, "", eni.id,
       fmt::format("{} {} {} is {}: it {} nothing", eni.id, owner_kind_name(eni.owner.kind),
                   eni.owner.id, eni.owner.state, does));
}

bool PacketPath::Walk::leave(SubnetIndex s, SubnetIndex ds, EniIndex from, const Packet& p) {
  if (ds != s && !nacl(s, Direction::outbound, p, from)) return false;
  flush_egress(p, true, 1);
  return true;
}

bool PacketPath::Walk::enter(SubnetIndex s, SubnetIndex ds, EniIndex to, const Packet& p) {
  return ds == s || nacl(ds, Direction::inbound, p, to);
}

void PacketPath::Walk::no_owner(model::VpcIndex vpc, const Packet& p) {
  drop(DropReason::no_destination, t_.vpc(vpc).id, "", "vpc router",
       fmt::format("no network interface owns {}", p.tuple.dst));
}

void PacketPath::Walk::deliver_to_eni(EniIndex dst, const Packet& p) {
  const auto nat = t_.nat_of_eni(dst);
  // To a NAT gateway's private IP over a local route or a peering: a reply to one of its
  // connections (a private NAT gateway's replies come back this way), else nothing.
  if (nat.valid()) return nat_inbound(nat, p, /*from_internet=*/false);
  const auto& eni = t_.eni(dst);
  if (!eni.owns(p.tuple.dst) && eni.source_dest_check) {
    observe(dst, Direction::inbound, p, false);
    return drop(DropReason::source_dest_check, eni.id, "", eni.id,
                fmt::format("{} is not an address of {} and its source/destination check is on",
                            p.tuple.dst, eni.id));
  }
  if (!eni.owns(p.tuple.dst)) return forward_through(dst, p);
  arrive(dst, p);
}

// A middlebox (an appliance whose interface has source/destination check off, the target of
// a route) is a router: its own security groups apply as the packet enters and leaves it,
// the packet keeps its addresses, and its subnet's route table sends it on
// (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html, middlebox
// routing; https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
void PacketPath::Walk::forward_through(EniIndex appliance, const Packet& p) {
  const auto& eni = t_.eni(appliance);
  if (forwards_ >= kMaxForwards) {
    return drop(DropReason::forwarding_loop, eni.id, "", eni.id,
                fmt::format("forwarded by middleboxes {} times: the routes send it in a loop",
                            kMaxForwards));
  }
  if (!sg(appliance, Direction::inbound, p, false)) {
    observe(appliance, Direction::inbound, p, false);
    return;
  }
  observe(appliance, Direction::inbound, p, true);
  if (trace_) {
    hop(eni.id, true,
        fmt::format("forwards to {} (source/destination check off: a middlebox keeps the "
                    "addresses; security group references do not match past it)",
                    p.tuple.dst));
  }
  const auto* route = t_.lookup_route(t_.route_table_of(eni.subnet), p.tuple.dst);
  if (!sg(appliance, Direction::outbound, p, false)) {
    observe(appliance, Direction::outbound, p, false);
    return;
  }
  ++forwards_;  // from here on the packet has passed a middlebox
  egress_pending_ = appliance;
  route_from(eni.subnet, appliance, p, route);
}

void PathResult::clear() {
  delivered = exempt = false;
  verdict.reason = DropReason::none;
  verdict.resource.clear();
  verdict.rule.clear();
  destination = EniIndex();
  delivered_packet = Packet{};
  latency = net::SimTime();
  hops.clear();
  observations.clear();
  nat_rst.reset();
  nat_rst_from = EniIndex();
}

void PacketPath::from_eni(EniIndex src, const Packet& p, net::SimTime now, PathResult& out) const {
  out.clear();
  Walk(*topo_, *state_, latency_, now, record_hops_, out).from_eni(src, p);
}

void PacketPath::from_internet(const Packet& p, net::SimTime now, PathResult& out) const {
  out.clear();
  Walk(*topo_, *state_, latency_, now, record_hops_, out).from_internet(p);
}

PathResult PacketPath::from_eni(EniIndex src, const Packet& p, net::SimTime now) const {
  PathResult r;
  from_eni(src, p, now, r);
  return r;
}

PathResult PacketPath::from_internet(const Packet& p, net::SimTime now) const {
  PathResult r;
  from_internet(p, now, r);
  return r;
}

}  // namespace vpcsim::path
