#include "sim/path/packet_path.h"

#include <fmt/format.h>

#include "sim/path/nacl_evaluation.h"
#include "sim/path/sg_evaluation.h"
#include "topology/model/rule_text.h"

namespace vpcsim::path {

using model::Direction;
using model::EniIndex;
using model::SubnetIndex;

PathState::PathState(const model::Topology& topo, std::uint64_t seed) : rng(seed) {
  for (const auto& n : topo.nat_gateways())
    nat.emplace_back(topo.eni(n.eni).primary_ip());
}

namespace {
const net::IpAddress kMetadata = *net::IpAddress::parse("169.254.169.254");
}  // namespace

// One walk of one packet: accumulates hops and observations into `r`.
class PacketPath::Walk {
 public:
  Walk(const model::Topology& t, PathState& s, const model::Latency& l, net::SimTime now,
       bool trace, PathResult& out)
      : r(out), t_(t), s_(s), lat_(l), now_(now), trace_(trace) {}

  PathResult& r;

  void from_eni(EniIndex src, Packet p) {
    const auto& eni = t_.eni(src);
    const auto& vpc = t_.vpc(t_.vpc_of(src));
    if (p.tuple.dst == vpc.resolver_address() || p.tuple.dst == kMetadata) {
      // Neither filtered (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Security.html)
      // nor logged (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html).
      r.exempt = r.delivered = true;
      r.delivered_packet = p;
      return;
    }
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

  void from_internet(Packet p) {
    if (p.tuple.src.is_v4() && (is_rfc1918(p.tuple.src) || is_rfc6598(p.tuple.src))) {
      return drop(DropReason::igw_rfc1918_source, "internet", "", "internet",
                  fmt::format("source {} is a private address", p.tuple.src));
    }
    EniIndex e = t_.eni_by_public_ip(p.tuple.dst);
    if (!e.valid() && p.tuple.dst.is_v6()) {
      for (std::uint32_t v = 0; v < t_.vpcs().size() && !e.valid(); ++v) {
        e = t_.eni_by_private_ip(model::VpcIndex(v), p.tuple.dst);
      }
    }
    const auto igw = e.valid() ? t_.internet_gateway_of(t_.vpc_of(e)) : model::IgwIndex();
    if (!e.valid() || !igw.valid()) {
      return drop(
          DropReason::igw_private_destination, "internet", "", "internet",
          fmt::format("{} is not the public address of an interface behind an internet gateway",
                      p.tuple.dst));
    }
    const auto& igw_id = t_.internet_gateway(igw).id;
    latency(lat_.internet);
    const auto& eni = t_.eni(e);
    if (p.tuple.dst.is_v4()) {
      const auto translated = eni.primary_ip();
      if (trace_)
        hop(igw_id, true,
            fmt::format("destination {} → {} (1:1 NAT, https://docs.aws.amazon.com/vpc/latest/"
                        "userguide/VPC_Internet_Gateway.html)",
                        p.tuple.dst, translated));
      p.tuple.dst = translated;
    } else {
      if (trace_) hop(igw_id, true, "IPv6: no translation");
    }
    const auto nat = t_.nat_of_eni(e);
    if (nat.valid()) return nat_inbound(nat, p);
    if (!nacl(eni.subnet, Direction::inbound, p, e)) return;
    arrive(e, p);
  }

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
  bool sg(EniIndex e, Direction d, const Packet& p, bool auto_tracked) {
    const auto& eni = t_.eni(e);
    if (eni.owner.kind == model::OwnerKind::nat_gateway) return true;
    const auto where = [&] {
      return fmt::format("{} {}", eni.id, d == Direction::inbound ? "SG ingress" : "SG egress");
    };
    if (s_.conntrack.admit(e, p, now_, eni.conntrack)) {
      if (trace_) hop(where(), true, "tracked connection");
      return true;
    }
    const auto dec = evaluate_sg(t_, eni, d, p);
    if (!dec.allowed) {
      std::string groups;
      for (const auto g : eni.security_groups)
        groups += fmt::format("{}{}", groups.empty() ? "" : ", ", t_.security_group(g).id);
      const auto& peer = d == Direction::inbound ? p.tuple.src : p.tuple.dst;
      const std::string why =
          fmt::format("no {} rule of {} allows {} {} {}", direction_name(d),
                      groups.empty() ? "(no security groups)" : groups,
                      model::traffic_text(net::Protocol(p.tuple.protocol),
                                          net::PortRange::single(p.rule_port()),
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
  bool nacl(SubnetIndex s, Direction d, const Packet& p, EniIndex observe_at) {
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
  void arrive(EniIndex e, const Packet& p) {
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
  void route_from(SubnetIndex s, EniIndex from, const Packet& p,
                  const model::Route* known = nullptr) {
    const auto& subnet = t_.subnet(s);
    const auto vpc_i = subnet.vpc;
    if (t_.subnet_containing(vpc_i, p.tuple.dst) == s) {
      // Inside one subnet traffic is delivered at layer 2: no route table, no network ACL
      // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html; "You cannot
      // route traffic between hosts in the same subnet through an appliance",
      // https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html).
      flush_egress(p, true, 1);
      const auto dst = t_.eni_by_private_ip(vpc_i, p.tuple.dst);
      if (!dst.valid()) {
        return drop(DropReason::no_destination, t_.vpc(vpc_i).id, "", "vpc router",
                    fmt::format("no network interface owns {}", p.tuple.dst));
      }
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
        if (ds != s && !nacl(s, Direction::outbound, p, from)) return;
        flush_egress(p, true, 1);
        if (!dst.valid()) {
          return drop(DropReason::no_destination, t_.vpc(vpc_i).id, "", "vpc router",
                      fmt::format("no network interface owns {}", p.tuple.dst));
        }
        latency(t_.subnet(t_.eni(dst).subnet).az == subnet.az ? lat_.same_az : lat_.cross_az);
        if (ds != s && !nacl(ds, Direction::inbound, p, dst)) return;
        return deliver_to_eni(dst, p);
      }
      case K::network_interface: {
        const auto dst = route->target.eni();
        const auto ds = t_.eni(dst).subnet;
        if (ds != s && !nacl(s, Direction::outbound, p, from)) return;
        flush_egress(p, true, 1);
        latency(lat_.same_az);
        if (ds != s && !nacl(ds, Direction::inbound, p, dst)) return;
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
        if (trace_) hop(route->target.id, true, "IPv6 egress");
        latency(lat_.internet);
        r.delivered = true;
        r.delivered_packet = p;
        return;
      }
      case K::nat_gateway: {
        const auto n = route->target.nat();
        const auto ns = t_.nat_gateway(n).subnet;
        if (ns != s && !nacl(s, Direction::outbound, p, from)) return;
        flush_egress(p, true, 1);
        latency(lat_.same_az);
        if (ns != s && !nacl(ns, Direction::inbound, p, t_.nat_gateway(n).eni)) return;
        return nat_outbound(n, p);
      }
      case K::peering_connection: {
        if (!nacl(s, Direction::outbound, p, from)) return;
        flush_egress(p, true, 4);
        return peering(route->target.peering(), vpc_i, p);
      }
      case K::blackhole:
        break;
    }
  }

  void deliver_to_eni(EniIndex dst, const Packet& p) {
    const auto nat = t_.nat_of_eni(dst);
    if (nat.valid()) {
      // Addressed to the NAT gateway itself: it only forwards, it does not answer
      // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
      observe(dst, Direction::inbound, p, true);
      return drop(DropReason::no_destination, t_.nat_gateway(nat).id, "", t_.nat_gateway(nat).id,
                  "a NAT gateway does not answer traffic addressed to itself");
    }
    const auto& eni = t_.eni(dst);
    if (!eni.owns(p.tuple.dst) && eni.source_dest_check) {
      observe(dst, Direction::inbound, p, false);
      return drop(DropReason::source_dest_check, eni.id, "", eni.id,
                  fmt::format("{} is not an address of {} and its source/destination check is on",
                              p.tuple.dst, eni.id));
    }
    arrive(dst, p);
  }

  void igw_egress(model::IgwIndex igw, EniIndex from, Packet p) {
    const auto& id = t_.internet_gateway(igw).id;
    if (p.tuple.dst.is_v4() && (is_rfc1918(p.tuple.dst) || is_rfc6598(p.tuple.dst))) {
      return drop(DropReason::igw_rfc1918_destination, id, "", id,
                  fmt::format("destination {} is a private address", p.tuple.dst));
    }
    if (p.tuple.src.is_v4()) {
      std::optional<net::IpAddress> pub;
      const auto nat = from.valid() ? t_.nat_of_eni(from) : model::NatIndex();
      if (nat.valid()) {
        const auto& n = t_.nat_gateway(nat);
        if (n.connectivity == model::NatConnectivity::private_nat) {
          return drop(
              DropReason::private_nat_to_igw, id, "", id,
              fmt::format("{} is a private NAT gateway; the internet gateway drops its traffic "
                          "(https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html)",
                          n.id));
        }
        pub = n.elastic_ip;
      } else if (from.valid() && t_.eni(from).primary_ip() == p.tuple.src) {
        pub = t_.eni(from).public_ip;
      }
      if (!pub) {
        return drop(DropReason::igw_no_public_ip, id, "", id,
                    fmt::format("{} has no public IPv4 address (https://docs.aws.amazon.com/vpc/"
                                "latest/userguide/VPC_Internet_Gateway.html)",
                                from.valid() ? t_.eni(from).id : p.tuple.src.to_string()));
      }
      if (trace_)
        hop(id, true,
            fmt::format("source {} → {} (1:1 NAT, https://docs.aws.amazon.com/vpc/latest/"
                        "userguide/VPC_Internet_Gateway.html)",
                        p.tuple.src, *pub));
      p.tuple.src = *pub;
    } else {
      if (trace_) hop(id, true, "IPv6: no translation");
    }
    latency(lat_.internet);
    // Hairpin: addressed to a public IP of an interface of the model.
    if (t_.eni_by_public_ip(p.tuple.dst).valid()) return from_internet(p);
    r.delivered = true;
    r.delivered_packet = p;
  }

  void nat_outbound(model::NatIndex n, const Packet& p) {
    const auto& nat = t_.nat_gateway(n);
    const auto e = nat.eni;
    observe(e, Direction::inbound, p, true);  // the interface saw it, whatever follows
    if (!(p.is_tcp() || p.is_udp() || p.is_icmp())) {
      return drop(
          DropReason::nat_protocol, nat.id, "", nat.id,
          fmt::format("protocol {} is not supported; NAT gateways carry TCP, UDP and ICMP "
                      "(https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html)",
                      p.tuple.protocol));
    }
    if (nat.state == model::NatState::deleted) {
      return drop(DropReason::nat_deleted, nat.id, "", nat.id, "the NAT gateway is deleted");
    }
    const auto res = s_.nat[n.value()].outbound(p, now_, s_.rng);
    if (res.outcome == NatTable::Outcome::no_mapping) {
      return drop(DropReason::nat_no_translation, nat.id, "", nat.id,
                  "not the first packet of a connection, and no connection from inside matches: "
                  "nothing to translate");
    }
    if (res.outcome == NatTable::Outcome::port_allocation_error) {
      return drop(DropReason::nat_port_allocation, nat.id, "", nat.id,
                  fmt::format("ErrorPortAllocation: {} connections to {}:{} already "
                              "(https://docs.aws.amazon.com/vpc/latest/userguide/"
                              "vpc-nat-gateway-cloudwatch.html)",
                              NatTable::kConnectionsPerDestination, p.tuple.dst, p.tuple.dst_port));
    }
    if (res.outcome != NatTable::Outcome::translated) {
      // Idle ≥ 350 s: "a NAT gateway returns an RST packet to any resources behind the
      // NAT gateway that attempt to continue the connection"
      // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
      Packet rst;
      rst.tuple = p.tuple.reversed();
      rst.tcp_flags = tcp::kRst;
      rst.bytes = 40;
      if (p.is_tcp()) {
        r.nat_rst = rst;
        r.nat_rst_from = e;
      }
      return drop(
          DropReason::nat_idle_timeout, nat.id, "", nat.id,
          "connection idle for 350 s or more timed out; the gateway answers with RST "
          "(https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html)");
    }
    Packet out = p;
    out.tuple = res.tuple;
    if (trace_)
      hop(nat.id, true,
          fmt::format("source {}:{} → {}:{} "
                      "(https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html)",
                      p.tuple.src, p.tuple.src_port, out.tuple.src, out.tuple.src_port));
    egress_pending_ = e;
    route_from(nat.subnet, e, out);
  }

  void nat_inbound(model::NatIndex n, const Packet& p) {
    const auto& nat = t_.nat_gateway(n);
    const auto e = nat.eni;
    if (!nacl(nat.subnet, Direction::inbound, p, e)) return;
    observe(e, Direction::inbound, p, true);
    if (nat.state == model::NatState::deleted) {
      return drop(DropReason::nat_deleted, nat.id, "", nat.id,
                  "the NAT gateway is deleted; its translations are gone");
    }
    const auto res = s_.nat[n.value()].inbound(p, now_);
    if (res.outcome != NatTable::Outcome::translated) {
      return drop(DropReason::nat_no_translation, nat.id, "", nat.id,
                  "no connection from inside matches; a NAT gateway accepts no inbound initiation "
                  "(https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html)");
    }
    Packet in = p;
    in.tuple = res.tuple;
    if (trace_)
      hop(nat.id, true,
          fmt::format("destination {}:{} → {}:{}", p.tuple.dst, p.tuple.dst_port, in.tuple.dst,
                      in.tuple.dst_port));
    egress_pending_ = e;
    route_from(nat.subnet, e, in);
  }

  void peering(model::PeeringIndex pi, model::VpcIndex from_vpc, const Packet& p) {
    const auto& pcx = t_.peering_connection(pi);
    if (pcx.status != model::PeeringStatus::active) {
      return drop(DropReason::peering_inactive, pcx.id, "", pcx.id,
                  "the peering connection is not active");
    }
    const auto peer = pcx.other(from_vpc);
    // No transit, no edge-to-edge: the destination must be inside the peer VPC
    // (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html).
    if (!t_.vpc(peer).contains(p.tuple.dst)) {
      return drop(DropReason::peering_address, pcx.id, "", pcx.id,
                  fmt::format("{} is not inside peer VPC {} (peering is not transitive)",
                              p.tuple.dst, t_.vpc(peer).id));
    }
    if (trace_) hop(pcx.id, true, fmt::format("to VPC {}", t_.vpc(peer).id));
    latency(lat_.same_az);
    const auto dst = t_.eni_by_private_ip(peer, p.tuple.dst);
    if (dst.valid()) s_.conntrack.prefetch(dst, p.tuple);
    if (!dst.valid()) {
      return drop(DropReason::no_destination, t_.vpc(peer).id, "", "vpc router",
                  fmt::format("no network interface owns {}", p.tuple.dst));
    }
    if (!nacl(t_.eni(dst).subnet, Direction::inbound, p, dst)) return;
    deliver_to_eni(dst, p);
  }

  const model::Topology& t_;
  PathState& s_;
  const model::Latency& lat_;
  net::SimTime now_{};
  bool trace_;
  EniIndex egress_pending_;
};

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
