#include "sim/analysis/internet_sources.h"

#include <algorithm>

#include <fmt/format.h>

namespace vpcsim::analysis {
namespace {

using Bound = std::uint64_t;  // an IPv4 address, or 2^32 for "past the end"

void cut(std::vector<Bound>& b, const net::IpPrefix& p) {
  if (!p.is_v4()) return;
  const Bound first = p.network().v4_bits();
  b.push_back(first);
  b.push_back(first + (Bound{1} << (32 - p.length())));
}

// Not internet sources: "this network", RFC 1918, RFC 6598, loopback, link-local,
// multicast and reserved (https://www.iana.org/assignments/iana-ipv4-special-registry).
const char* const kNotInternet[] = {"0.0.0.0/8",      "10.0.0.0/8",     "100.64.0.0/10",
                                    "127.0.0.0/8",    "169.254.0.0/16", "172.16.0.0/12",
                                    "192.168.0.0/16", "224.0.0.0/3"};

bool internet_source(Bound a) {
  const auto addr = net::IpAddress::v4(static_cast<std::uint32_t>(a));
  for (const char* text : kNotInternet) {
    if (net::IpPrefix::parse(text)->contains(addr)) return false;
  }
  return true;
}

// The interval starts: every boundary the topology's rules and routes name.
std::vector<Bound> boundaries(const model::Topology& t) {
  std::vector<Bound> b{0, Bound{1} << 32};
  for (const char* text : kNotInternet)
    cut(b, *net::IpPrefix::parse(text));
  for (const auto& g : t.security_groups()) {
    for (const auto* rules : {&g.inbound, &g.outbound}) {
      for (const auto& r : *rules) {
        if (r.peer.kind == model::SgPeerKind::cidr) cut(b, r.peer.cidr);
      }
    }
  }
  for (const auto& acl : t.network_acls()) {
    for (const auto* entries : {&acl.inbound, &acl.outbound}) {
      for (const auto& e : *entries)
        cut(b, e.cidr);
    }
  }
  for (const auto& rt : t.route_tables()) {
    for (const auto& r : rt.routes)
      cut(b, r.destination);
  }
  for (const auto& pl : t.prefix_lists()) {
    for (const auto& e : pl.entries)
      cut(b, e);
  }
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return b;
}

// [first, end) as the fewest CIDR blocks.
void append_blocks(Bound first, Bound end, std::vector<net::IpPrefix>& out) {
  while (first < end) {
    int len = 32;
    while (len > 0) {
      const Bound size = Bound{1} << (32 - (len - 1));
      if (first % size != 0 || first + size > end) break;
      --len;
    }
    out.emplace_back(net::IpAddress::v4(static_cast<std::uint32_t>(first)), len);
    first += Bound{1} << (32 - len);
  }
}

}  // namespace

InternetSources internet_sources(const model::Topology& t, const model::Endpoint& to,
                                 net::Protocol protocol, std::uint16_t port) {
  InternetSources s;
  const auto b = boundaries(t);
  Reachability reach(t);
  Bound run_start = 0;
  bool in_run = false;
  for (std::size_t i = 0; i + 1 < b.size(); ++i) {
    bool ok = false;
    if (internet_source(b[i])) {
      ++s.intervals;
      model::Endpoint from;
      from.address = net::IpAddress::v4(static_cast<std::uint32_t>(b[i]));
      from.text = fmt::format("internet:{}", *from.address);
      auto a = reach.reach({from, to, protocol, port});
      ok = a.reachable;
      if (ok && !s.example) s.example = std::move(a);
    }
    if (ok && !in_run) run_start = b[i];
    if (!ok && in_run) append_blocks(run_start, b[i], s.reachable);
    in_run = ok;
  }
  if (in_run) append_blocks(run_start, b.back(), s.reachable);
  return s;
}

std::string prefixes_text(const std::vector<net::IpPrefix>& prefixes) {
  if (prefixes.empty()) return "none";
  std::string out;
  for (const auto& p : prefixes)
    out += fmt::format("{}{}", out.empty() ? "" : ", ", p);
  return out;
}

}  // namespace vpcsim::analysis
