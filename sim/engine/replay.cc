#include "sim/engine/replay.h"

#include <algorithm>

namespace vpcsim::engine {

Replay::Replay(const model::Topology& topology, ReplayOptions options)
    : t_(topology),
      opt_(std::move(options)),
      state_(topology, opt_.seed),
      path_(topology, state_, {}, opt_.record_hops) {
  flow_.name = "replay";
  std::vector<std::vector<model::EniIndex>> by_vpc(t_.vpcs().size());
  for (std::uint32_t i = 0; i < t_.enis().size(); ++i)
    by_vpc[t_.vpc_of(model::EniIndex(i)).value()].push_back(model::EniIndex(i));
  for (std::uint32_t v = 0; v < by_vpc.size(); ++v) {
    for (const auto e : by_vpc[v]) {
      for (const auto* list : {&t_.eni(e).private_ips, &t_.eni(e).ipv6_addresses}) {
        for (const auto& a : *list) {
          // The topology's own answer decides ties (an address claimed twice in one VPC).
          if (t_.eni_by_private_ip(model::VpcIndex(v), a) != e) continue;
          owners_.try_emplace(a, e);
        }
      }
    }
  }
}

net::IpAddress Replay::mapped(const net::IpAddress& a) const {
  for (const auto& [from, eni] : opt_.map) {
    if (from == a) return t_.eni(eni).primary_ip();
  }
  return a;
}

void Replay::enter(Entry& e) const {
  auto& p = e.packet;
  if (!opt_.map.empty()) {
    p.tuple.src = mapped(p.tuple.src);
    p.tuple.dst = mapped(p.tuple.dst);
  }
  e.src = owner(p.tuple.src);
  e.dst = e.src.valid() ? model::EniIndex() : owner(p.tuple.dst);
}

void Replay::packet(net::SimTime time, const path::Packet& captured) {
  Entry e;
  e.packet = captured;
  enter(e);
  walk(time, e);
}

void Replay::packets(std::span<const net::CapturedPacket> batch, std::int64_t origin_ns) {
  constexpr std::size_t kAhead = 32;  // packets whose entry is found before the first is walked
  batch_.resize(kAhead);
  for (std::size_t from = 0; from < batch.size(); from += kAhead) {
    const std::size_t n = std::min(kAhead, batch.size() - from);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& c = batch[from + i];
      auto& e = batch_[i];
      e.packet = c.header;
      enter(e);
      e.time = net::SimTime(c.epoch_ns() - origin_ns);
      // The interface whose security group will look the connection up first.
      const auto at = e.src.valid() ? e.src : e.dst;
      if (at.valid()) state_.conntrack.prefetch(at, e.packet.tuple);
    }
    for (std::size_t i = 0; i < n; ++i)
      walk(batch_[i].time, batch_[i]);
  }
}

void Replay::walk(net::SimTime time, Entry& e) {
  const auto now = std::max(time, last_);
  last_ = now;
  auto& p = e.packet;
  ++stats_.replayed;
  if (e.src.valid()) {
    path_.from_eni(e.src, p, now, result_);
  } else {
    ++stats_.from_internet;
    const auto dst = e.dst;
    if (!dst.valid() && !t_.eni_by_public_ip(p.tuple.dst).valid()) ++stats_.unmatched;
    // Captured on the instance, a packet from the internet shows the private address the
    // internet gateway translated its public one to
    // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html): it
    // entered at the public one. Behind a NAT gateway, it entered at the gateway's address
    // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
    if (dst.valid() && p.tuple.dst.is_v4()) {
      if (t_.eni(dst).public_ip)
        p.tuple.dst = *t_.eni(dst).public_ip;
      else
        through_nat(dst, p);
    }
    path_.from_internet(p, now, result_);
  }
  observers_.packet(PacketEvent{now, flow_, 0, p, !e.src.valid(), e.src, result_}, stats_);
}

// `p` came from the internet to `inside`, an interface without a public address: if its
// subnet reaches p's source through a public NAT gateway, p is the reply to a connection the
// interface opened through it, and it reached the gateway's elastic IP at the port the
// gateway mapped the connection to. Without such a connection it is still addressed to the
// gateway (which drops it: no inbound initiation,
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html), at the captured
// port.
void Replay::through_nat(model::EniIndex inside, path::Packet& p) const {
  const auto* route = t_.lookup_route(t_.route_table_of(t_.eni(inside).subnet), p.tuple.src);
  if (!route || route->state != model::RouteState::active ||
      route->target.kind != model::RouteTargetKind::nat_gateway)
    return;
  const auto n = route->target.nat();
  const auto& nat = t_.nat_gateway(n);
  if (!nat.elastic_ip) return;  // a private NAT gateway: nothing reaches it from the internet
  if (const auto reply = state_.nat[n.value()].reply_to(p.tuple.reversed())) p.tuple = *reply;
  p.tuple.dst =
      nat.elastic_ip_of(t_.eni(nat.eni).primary_ip(), p.tuple.dst).value_or(*nat.elastic_ip);
}

void Replay::finish() {
  observers_.finish(last_);
}

}  // namespace vpcsim::engine
