#include "sim/path/packet_walk.h"

#include <fmt/format.h>

namespace vpcsim::path {

using model::Direction;
using model::EniIndex;

void PacketPath::Walk::from_internet(Packet p) {
  if (p.tuple.src.is_v4() && is_rfc1918(p.tuple.src)) {
    return drop(DropReason::igw_rfc1918_source, "internet", "", "internet",
                fmt::format("source {} is a private address (RFC 1918)", p.tuple.src));
  }
  if (p.tuple.src.is_v4() && is_rfc6598(p.tuple.src)) {
    return drop(
        DropReason::igw_rfc6598_source, "internet", "", "internet",
        fmt::format("source {} is a shared address (100.64.0.0/10, RFC 6598)", p.tuple.src));
  }
  EniIndex e = t_.eni_by_public_ip(p.tuple.dst);
  if (!e.valid() && p.tuple.dst.is_v6()) {
    for (std::uint32_t v = 0; v < t_.vpcs().size() && !e.valid(); ++v) {
      e = t_.eni_by_private_ip(model::VpcIndex(v), p.tuple.dst);
    }
  }
  const auto igw = e.valid() ? t_.internet_gateway_of(t_.vpc_of(e)) : model::IgwIndex();
  if (e.valid() && !igw.valid() && p.tuple.dst.is_v6()) {
    const auto eigw = t_.egress_only_internet_gateway_of(t_.vpc_of(e));
    if (eigw.valid()) return eigw_inbound(eigw, e, p);
  }
  if (!e.valid() || !igw.valid()) {
    return drop(
        DropReason::igw_private_destination, "internet", "", "internet",
        fmt::format("{} is not the public address of an interface behind an internet gateway",
                    p.tuple.dst));
  }
  const auto& igw_id = t_.internet_gateway(igw).id;
  latency(lat_.internet);
  const auto& eni = t_.eni(e);
  const auto nat = t_.nat_of_eni(e);
  if (p.tuple.dst.is_v4()) {
    // A NAT gateway's secondary Elastic IP maps to its own private address.
    const auto translated = nat.valid()
                                ? t_.nat_gateway(nat).private_ip_of(eni.primary_ip(), p.tuple.dst)
                                : eni.primary_ip();
    if (trace_)
      hop(igw_id, true,
          fmt::format("destination {} → {} (1:1 NAT, https://docs.aws.amazon.com/vpc/latest/"
                      "userguide/VPC_Internet_Gateway.html)",
                      p.tuple.dst, translated));
    p.tuple.dst = translated;
  } else {
    if (trace_) hop(igw_id, true, "IPv6: no translation");
  }
  if (nat.valid()) return nat_inbound(nat, p, /*from_internet=*/true);
  if (!nacl(eni.subnet, Direction::inbound, p, e)) return;
  arrive(e, p);
}

// IPv6 from the internet into a VPC whose only way out is egress-only internet gateway `g`:
// replies to connections from inside come back, nothing else enters
// (https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html).
void PacketPath::Walk::eigw_inbound(model::EigwIndex g, EniIndex e, const Packet& p) {
  const auto& id = t_.egress_only_internet_gateway(g).id;
  if (!s_.eigw.admit_reply(g, p.tuple, now_)) {
    return drop(DropReason::eigw_ingress, id, "", id,
                fmt::format("an egress-only internet gateway lets no connection in from the "
                            "internet; {} did not answer a connection from {} "
                            "(https://docs.aws.amazon.com/vpc/latest/userguide/"
                            "egress-only-internet-gateway.html)",
                            p.tuple.src, p.tuple.dst));
  }
  latency(lat_.internet);
  if (trace_) hop(id, true, "reply to a connection from inside (egress-only: stateful)");
  if (!nacl(t_.eni(e).subnet, Direction::inbound, p, e)) return;
  arrive(e, p);
}

void PacketPath::Walk::igw_egress(model::IgwIndex igw, EniIndex from, Packet p) {
  const auto& id = t_.internet_gateway(igw).id;
  if (p.tuple.dst.is_v4() && is_rfc1918(p.tuple.dst)) {
    return drop(DropReason::igw_rfc1918_destination, id, "", id,
                fmt::format("destination {} is a private address (RFC 1918)", p.tuple.dst));
  }
  if (p.tuple.dst.is_v4() && is_rfc6598(p.tuple.dst)) {
    return drop(
        DropReason::igw_rfc6598_destination, id, "", id,
        fmt::format("destination {} is a shared address (100.64.0.0/10, RFC 6598)", p.tuple.dst));
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
      pub = n.elastic_ip_of(t_.eni(from).primary_ip(), p.tuple.src);
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

void PacketPath::Walk::nat_outbound(model::NatIndex n, const Packet& p) {
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
  nat_forward(nat, p, res.tuple, true);
}

// A packet to NAT gateway `n`'s own address: from the internet (through the internet
// gateway, whose translation left the gateway's private IP) or from inside AWS (a local
// route, a peering; the caller has applied the NACL then). A reply to one of its connections
// is translated back whichever way it came: "Instances in private subnets can connect to
// other VPCs or your on-premises network through a private NAT gateway"
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
void PacketPath::Walk::nat_inbound(model::NatIndex n, const Packet& p, bool from_internet) {
  const auto& nat = t_.nat_gateway(n);
  const auto e = nat.eni;
  if (from_internet && !nacl(nat.subnet, Direction::inbound, p, e)) return;
  observe(e, Direction::inbound, p, true);
  if (nat.state == model::NatState::deleted) {
    return drop(DropReason::nat_deleted, nat.id, "", nat.id,
                "the NAT gateway is deleted; its translations are gone");
  }
  const auto res = s_.nat[n.value()].inbound(p, now_);
  if (res.outcome != NatTable::Outcome::translated && from_internet) {
    return drop(DropReason::nat_no_translation, nat.id, "", nat.id,
                "no connection from inside matches; a NAT gateway accepts no inbound initiation "
                "(https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html)");
  }
  if (res.outcome != NatTable::Outcome::translated) {
    // Not a reply: a NAT gateway only forwards, it does not answer
    // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
    return drop(DropReason::no_destination, nat.id, "", nat.id,
                "a NAT gateway does not answer traffic addressed to itself, and no connection "
                "it translated matches");
  }
  nat_forward(nat, p, res.tuple, false);
}

void PacketPath::Walk::nat_forward(const model::NatGateway& nat, const Packet& p,
                                   const net::FiveTuple& to, bool outbound) {
  Packet q = p;
  q.tuple = to;
  if (trace_) {
    hop(nat.id, true,
        outbound ? fmt::format("source {}:{} → {}:{} (https://docs.aws.amazon.com/vpc/latest/"
                               "userguide/vpc-nat-gateway.html)",
                               p.tuple.src, p.tuple.src_port, to.src, to.src_port)
                 : fmt::format("destination {}:{} → {}:{}", p.tuple.dst, p.tuple.dst_port, to.dst,
                               to.dst_port));
  }
  egress_pending_ = nat.eni;
  route_from(nat.subnet, nat.eni, q);
}

void PacketPath::Walk::peering(model::PeeringIndex pi, model::VpcIndex from_vpc, const Packet& p) {
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
                fmt::format("{} is not inside peer VPC {} (peering is not transitive)", p.tuple.dst,
                            t_.vpc(peer).id));
  }
  if (trace_) hop(pcx.id, true, fmt::format("to VPC {}", t_.vpc(peer).id));
  latency(lat_.same_az);
  const auto dst = t_.eni_by_private_ip(peer, p.tuple.dst);
  if (dst.valid()) s_.conntrack.prefetch(dst, p.tuple);
  if (!dst.valid()) return no_owner(peer, p);
  if (!nacl(t_.eni(dst).subnet, Direction::inbound, p, dst)) return;
  deliver_to_eni(dst, p);
}

}  // namespace vpcsim::path
