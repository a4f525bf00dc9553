#include "sim/analysis/reach.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/engine/conversation_addresses.h"
#include "sim/path/nacl_evaluation.h"

namespace vpcsim::analysis {
namespace {

using net::PortRange;
using path::Packet;

// The first port of every interval of [lo, hi] inside which no rule that can decide this
// conversation starts or ends a port range: every network ACL entry of the topology (the
// path may cross any subnet) and every rule of the endpoints' security groups.
std::vector<std::uint32_t> interval_starts(const model::Topology& t, const model::Endpoint& from,
                                           const model::Endpoint& to, std::uint32_t lo,
                                           std::uint32_t hi) {
  std::vector<std::uint32_t> starts{lo};
  const auto add = [&](const PortRange& r) {
    for (const std::uint32_t b : {std::uint32_t{r.from()}, std::uint32_t{r.to()} + 1}) {
      if (b > lo && b <= hi) starts.push_back(b);
    }
  };
  for (const auto& acl : t.network_acls()) {
    for (const auto d : {model::Direction::inbound, model::Direction::outbound}) {
      for (const auto& e : acl.entries(d)) {
        if (e.protocol.has_ports()) add(e.ports);
      }
    }
  }
  for (const auto* ep : {&from, &to}) {
    if (ep->is_internet()) continue;
    for (const auto g : t.eni(ep->eni).security_groups) {
      for (const auto d : {model::Direction::inbound, model::Direction::outbound}) {
        for (const auto& r : t.security_group(g).rules(d)) {
          if (r.protocol.has_ports() || r.protocol.is_all()) add(r.ports);
        }
      }
    }
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  return starts;
}

Packet probe_packet(const net::FiveTuple& tuple, bool reply) {
  Packet p;
  p.tuple = tuple;
  const std::uint32_t ip = tuple.src.is_v6() ? 40 : 20;
  switch (tuple.protocol) {
    case 6:
      p.tcp_flags = reply ? (path::tcp::kSyn | path::tcp::kAck) : path::tcp::kSyn;
      p.bytes = ip + 20;
      break;
    case 17:
      p.bytes = ip + 8 + 100;
      break;
    case 1:
      p.icmp_type = reply ? 0 : 8;
      p.bytes = ip + 8 + 56;
      break;
    case 58:
      p.icmp_type = reply ? 129 : 128;
      p.bytes = ip + 8 + 56;
      break;
    default:
      p.bytes = ip + 20;
      break;
  }
  return p;
}

struct Probe {
  Leg request;
  std::optional<Leg> reply;
  bool ok() const { return reply && reply->result.delivered; }
};

// The request, then (if it got through) the reply, with fresh connection tracking and NAT
// state: what the first packets of a new conversation meet.
Probe run_probe(const model::Topology& t, const model::Endpoint& from, const net::FiveTuple& tuple,
                bool record_hops) {
  path::PathState state(t, 1);
  path::PacketPath pp(t, state, {}, record_hops);
  Probe pr;
  pr.request.packet = probe_packet(tuple, false);
  pr.request.from_internet = from.is_internet();
  if (from.is_internet())
    pp.from_internet(pr.request.packet, {}, pr.request.result);
  else
    pp.from_eni(from.eni, pr.request.packet, {}, pr.request.result);
  const auto& rq = pr.request.result;
  if (!rq.delivered) return pr;
  Leg& reply = pr.reply.emplace();
  reply.packet = probe_packet(rq.delivered_packet.tuple.reversed(), true);
  reply.from_internet = !rq.destination.valid() && !rq.exempt;
  if (rq.exempt) {
    // The VPC resolver answers, unfiltered and unlogged
    // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html).
    reply.result.delivered = reply.result.exempt = true;
    reply.result.delivered_packet = reply.packet;
  } else if (reply.from_internet) {
    pp.from_internet(reply.packet, rq.latency, reply.result);
  } else {
    pp.from_eni(rq.destination, reply.packet, rq.latency, reply.result);
  }
  return pr;
}

// Every rule of the topology that can decide a port: NACL entries and SG rules.
std::vector<std::uint32_t> all_boundaries(const model::Topology& t) {
  std::vector<std::uint32_t> b;
  const auto add = [&](const PortRange& r) {
    b.push_back(r.from());
    b.push_back(std::uint32_t{r.to()} + 1);
  };
  for (const auto& acl : t.network_acls()) {
    for (const auto d : {model::Direction::inbound, model::Direction::outbound}) {
      for (const auto& e : acl.entries(d)) {
        if (e.protocol.has_ports()) add(e.ports);
      }
    }
  }
  for (const auto& g : t.security_groups()) {
    for (const auto d : {model::Direction::inbound, model::Direction::outbound}) {
      for (const auto& r : g.rules(d)) {
        if (r.protocol.has_ports() || r.protocol.is_all()) add(r.ports);
      }
    }
  }
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return b;
}

// The answer for one question, given the interval starts of the client's port range.
ReachAnswer answer(const model::Topology& t, const ReachQuery& q,
                   const std::vector<std::uint32_t>& starts, PortRange client, bool record_hops);

std::vector<PortRange> merge(const std::vector<std::uint32_t>& starts, const std::vector<bool>& ok,
                             std::uint32_t hi);

// A NAT gateway picks its source port in 1024-65535
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html), and the reply to
// it, whose destination is that port, crosses the NAT subnet's NACL inbound, which is why AWS
// recommends admitting 1024-65535 there
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-recommended-nacl-rules.html), and,
// when the server is an interface of the model in another subnet (through a private NAT
// gateway, or a public one used inside AWS), the server subnet's NACL outbound first. The
// probe saw one port; check them all, interval by interval of those NACLs' entries.
void check_nat_ports(const model::Topology& t, const Probe& pr, ReachAnswer& a) {
  for (const auto& o : pr.request.result.observations) {
    const auto nat = t.nat_of_eni(o.eni);
    if (!nat.valid() || o.direction != model::Direction::outbound) continue;
    const auto& subnet = t.nat_gateway(nat).subnet;
    const auto& dst = pr.request.result;
    const auto server_subnet =
        dst.destination.valid() ? t.eni(dst.destination).subnet : model::SubnetIndex();
    if (server_subnet.valid() && server_subnet == subnet) return;  // no NACL crossed
    // The NACLs the reply crosses before the gateway, with the direction that applies.
    std::vector<std::pair<const model::NetworkAcl*, model::Direction>> crossed;
    if (server_subnet.valid())
      crossed.emplace_back(&t.network_acl(t.nacl_of(server_subnet)), model::Direction::outbound);
    crossed.emplace_back(&t.network_acl(t.nacl_of(subnet)), model::Direction::inbound);
    std::vector<std::uint32_t> starts{1024};
    for (const auto& [acl, d] : crossed) {
      for (const auto& e : acl->entries(d)) {
        if (!e.protocol.has_ports()) continue;
        for (const std::uint32_t b :
             {std::uint32_t{e.ports.from()}, std::uint32_t{e.ports.to()} + 1})
          if (b > 1024 && b <= 65535) starts.push_back(b);
      }
    }
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    Packet reply = probe_packet(o.packet.tuple.reversed(), true);
    std::vector<bool> failing(starts.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
      reply.tuple.dst_port = static_cast<std::uint16_t>(starts[i]);
      for (const auto& [acl, d] : crossed) {
        const auto decision = path::evaluate_nacl(*acl, d, reply);
        if (decision.allowed) continue;
        failing[i] = true;
        if (a.nat_acl_rule.empty()) {
          a.nat_acl = acl->id;
          a.nat_acl_direction = d;
          a.nat_acl_rule = decision.entry ? fmt::format("#{}", decision.entry->rule_number) : "*";
        }
        break;
      }
    }
    a.failing_nat_ports = merge(starts, failing, 65535);
    if (a.failing_nat_ports.empty()) a.nat_acl.clear();
    return;
  }
}

std::vector<PortRange> merge(const std::vector<std::uint32_t>& starts, const std::vector<bool>& ok,
                             std::uint32_t hi) {
  std::vector<PortRange> out;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    if (!ok[i]) continue;
    const auto last = i + 1 < starts.size() ? starts[i + 1] - 1 : hi;
    if (!out.empty() && std::uint32_t{out.back().to()} + 1 == starts[i]) {
      out.back() = PortRange(out.back().from(), static_cast<std::uint16_t>(last));
    } else {
      out.emplace_back(static_cast<std::uint16_t>(starts[i]), static_cast<std::uint16_t>(last));
    }
  }
  return out;
}

}  // namespace

std::optional<ReachAnswer::Block> ReachAnswer::block() const {
  if (reachable) return std::nullopt;
  Block b;
  const Leg* leg = blocking();
  if (leg && !leg->result.delivered) {
    const auto& r = leg->result;
    b.on_request = leg == &request;
    b.verdict = r.verdict;
    if (!r.hops.empty())
      b.detail = fmt::format("{}: {}", r.hops.back().component, r.hops.back().detail);
    if (!failing_source_ports.empty())
      b.detail += fmt::format("{}replies are dropped for client source ports {} of {}-{}",
                              b.detail.empty() ? "" : "; ", ranges_text(failing_source_ports),
                              client_ports.from(), client_ports.to());
    return b;
  }
  // Every probe got through, but the NAT gateway may pick ports whose replies are dropped.
  b.verdict = {path::DropReason::subnet_acl_restriction, nat_acl, nat_acl_rule};
  b.detail = fmt::format(
      "{} {}: replies to NAT gateway ports {} are dropped (a NAT gateway picks source ports in "
      "1024-65535, https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html)",
      nat_acl, nat_acl_direction == model::Direction::inbound ? "in" : "out",
      ranges_text(failing_nat_ports));
  return b;
}

const Leg* ReachAnswer::blocking() const {
  if (reachable) return nullptr;
  if (!request.result.delivered) return &request;
  return reply ? &*reply : nullptr;
}

ReachAnswer reach(const model::Topology& t, const ReachQuery& q, bool record_hops) {
  const auto client = engine::client_ports(t, q.from);
  const auto starts = interval_starts(t, q.from, q.to, client.from(), client.to());
  return answer(t, q, starts, client, record_hops);
}

Reachability::Reachability(const model::Topology& t) : t_(t), boundaries_(all_boundaries(t)) {}

const std::vector<std::uint32_t>& Reachability::starts(PortRange client) {
  for (const auto& [range, starts] : cache_) {
    if (range == client) return starts;
  }
  std::vector<std::uint32_t> s{client.from()};
  for (const auto b : boundaries_) {
    if (b > client.from() && b <= client.to()) s.push_back(b);
  }
  return cache_.emplace_back(client, std::move(s)).second;
}

ReachAnswer Reachability::reach(const ReachQuery& q, bool record_hops) {
  const auto client = engine::client_ports(t_, q.from);
  return answer(t_, q, starts(client), client, record_hops);
}

namespace {

ReachAnswer answer(const model::Topology& t, const ReachQuery& q,
                   const std::vector<std::uint32_t>& starts, PortRange client, bool record_hops) {
  const auto addresses = engine::conversation_addresses(t, q.from, q.to, q.protocol);
  net::FiveTuple tuple{addresses.client, addresses.server, 0, 0, q.protocol.wire()};
  ReachAnswer a;
  a.client_ports = client;
  if (!q.protocol.has_ports()) {
    if (q.protocol.is_icmp_family()) tuple.src_port = tuple.dst_port = 1;  // echo id
    auto pr = run_probe(t, q.from, tuple, record_hops);
    if (pr.reply && pr.reply->result.delivered) check_nat_ports(t, pr, a);
    a.request = std::move(pr.request);
    a.reply = std::move(pr.reply);
    a.reachable = a.reply && a.reply->result.delivered && a.failing_nat_ports.empty();
    return a;
  }
  tuple.dst_port = q.port;
  std::optional<Probe> shown;
  std::vector<bool> failing(starts.size());
  for (std::size_t i = 0; i < starts.size(); ++i) {
    tuple.src_port = static_cast<std::uint16_t>(starts[i]);
    auto pr = run_probe(t, q.from, tuple, record_hops);
    if (!pr.request.result.delivered) {
      // The request's fate does not depend on its source port: no need to try others.
      a.request = std::move(pr.request);
      return a;
    }
    failing[i] = !pr.ok();
    if (!shown || (failing[i] && shown->ok())) shown = std::move(pr);
  }
  a.failing_source_ports = merge(starts, failing, client.to());
  check_nat_ports(t, *shown, a);
  a.reachable = a.failing_source_ports.empty() && a.failing_nat_ports.empty();
  a.request = std::move(shown->request);
  a.reply = std::move(shown->reply);
  return a;
}

}  // namespace

net::Protocol echo_protocol(const model::Topology& t, const model::Endpoint& from,
                            const model::Endpoint& to) {
  const auto addresses = engine::conversation_addresses(t, from, to, net::Protocol::icmp());
  return addresses.client.is_v6() ? net::Protocol::icmpv6() : net::Protocol::icmp();
}

PortSpace reachable_ports(const model::Topology& t, const model::Endpoint& from,
                          const model::Endpoint& to) {
  PortSpace s;
  const auto starts = interval_starts(t, from, to, 1, 65535);
  for (const auto protocol : {net::Protocol::tcp(), net::Protocol::udp()}) {
    std::vector<bool> ok(starts.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
      ok[i] =
          reach(t, {from, to, protocol, static_cast<std::uint16_t>(starts[i])}, false).reachable;
    }
    (protocol == net::Protocol::tcp() ? s.tcp : s.udp) = merge(starts, ok, 65535);
  }
  s.icmp_echo = reach(t, {from, to, echo_protocol(t, from, to), 0}, false).reachable;
  return s;
}

std::string ranges_text(const std::vector<net::PortRange>& ranges) {
  if (ranges.empty()) return "none";
  std::string out;
  for (const auto& r : ranges) {
    if (!out.empty()) out += ", ";
    out +=
        r.from() == r.to() ? fmt::format("{}", r.from()) : fmt::format("{}-{}", r.from(), r.to());
  }
  return out;
}

std::string port_space_text(const PortSpace& s) {
  const auto proto = [](const char* name, const std::vector<net::PortRange>& ranges) {
    if (ranges.empty()) return fmt::format("{} none", name);
    std::string out;
    for (const auto& r : ranges) {
      if (!out.empty()) out += ", ";
      out += fmt::format("{} {}", name, ranges_text({r}));
    }
    return out;
  };
  return fmt::format("{}; {}; icmp {}", proto("tcp", s.tcp), proto("udp", s.udp),
                     s.icmp_echo ? "echo" : "none");
}

}  // namespace vpcsim::analysis
