#include "sim/analysis/design_diff.h"

#include <map>

#include <fmt/format.h>

#include "sim/analysis/matrix.h"
#include "sim/analysis/reach.h"

namespace vpcsim::analysis {

std::vector<net::PortRange> subtract(const std::vector<net::PortRange>& a,
                                     const std::vector<net::PortRange>& b) {
  std::vector<net::PortRange> out;
  for (const auto& r : a) {
    std::uint32_t from = r.from();
    const std::uint32_t to = r.to();
    for (const auto& x : b) {
      if (x.to() < from || x.from() > to) continue;
      if (x.from() > from)
        out.emplace_back(static_cast<std::uint16_t>(from),
                         static_cast<std::uint16_t>(x.from() - 1));
      from = std::uint32_t{x.to()} + 1;
      if (from > to) break;
    }
    if (from <= to)
      out.emplace_back(static_cast<std::uint16_t>(from), static_cast<std::uint16_t>(to));
  }
  return out;
}

namespace {

// Why `from` does not reach `to` on this port in `t`: the deciding resource, rule and code.
std::string blocker(const model::Topology& t, const model::Endpoint& from,
                    const model::Endpoint& to, net::Protocol protocol, std::uint16_t port) {
  const auto a = reach(t, {from, to, protocol, port}, false);
  const auto b = a.block();
  if (!b) return "reachable";
  const auto& v = b->verdict;
  return fmt::format("{}{} ({}, on the {})", v.resource,
                     v.rule.empty() ? "" : fmt::format(" {}", v.rule), v.code(),
                     b->on_request ? "request" : "reply");
}

// The same endpoint in the other topology: by label (name, else id).
std::map<std::string, model::Endpoint> by_label(const model::Topology& t, bool internet) {
  std::map<std::string, model::Endpoint> m;
  for (auto& [label, ep] : matrix_endpoints(t, internet))
    m.emplace(label, ep);
  return m;
}

}  // namespace

std::vector<ReachChange> design_diff(const model::Topology& before, const model::Topology& after,
                                     const DiffQuery& q) {
  std::vector<ReachChange> out;
  const auto b = by_label(before, q.internet);
  const auto a = by_label(after, q.internet);
  Reachability rb(before), ra(after);
  // Named references, not structured bindings: lambdas below capture them, which clang 14
  // does not allow for bindings (P1091, C++20).
  for (const auto& from_entry : b) {
    const auto& from = from_entry.first;
    const auto& bf = from_entry.second;
    const auto af = a.find(from);
    if (af == a.end()) continue;
    for (const auto& to_entry : b) {
      const auto& to = to_entry.first;
      const auto& bt = to_entry.second;
      if (to == from) continue;
      const auto at = a.find(to);
      if (at == a.end()) continue;
      const auto change = [&](bool gained, net::Protocol protocol,
                              std::vector<net::PortRange> ports, std::uint16_t probe) {
        ReachChange c{from, to, gained, protocol, std::move(ports), {}};
        c.because = gained
                        ? fmt::format("was blocked by {}", blocker(before, bf, bt, protocol, probe))
                        : fmt::format("now blocked by {}",
                                      blocker(after, af->second, at->second, protocol, probe));
        out.push_back(std::move(c));
      };
      if (q.port) {
        const auto tcp = net::Protocol::tcp();
        const bool was = rb.reach({bf, bt, tcp, *q.port}).reachable;
        const bool now = ra.reach({af->second, at->second, tcp, *q.port}).reachable;
        if (was != now) change(now, tcp, {net::PortRange::single(*q.port)}, *q.port);
        continue;
      }
      const auto sb = reachable_ports(before, bf, bt);
      const auto sa = reachable_ports(after, af->second, at->second);
      for (const auto& [protocol, was, now] :
           {std::tuple{net::Protocol::tcp(), &sb.tcp, &sa.tcp},
            std::tuple{net::Protocol::udp(), &sb.udp, &sa.udp}}) {
        if (auto gained = subtract(*now, *was); !gained.empty()) {
          const auto probe = gained.front().from();
          change(true, protocol, std::move(gained), probe);
        }
        if (auto lost = subtract(*was, *now); !lost.empty()) {
          const auto probe = lost.front().from();
          change(false, protocol, std::move(lost), probe);
        }
      }
      if (sb.icmp_echo != sa.icmp_echo)
        change(sa.icmp_echo, echo_protocol(after, af->second, at->second), {}, 0);
    }
  }
  return out;
}

}  // namespace vpcsim::analysis
