#include "sim/analysis/internet_sources.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "sim/engine/conversation_addresses.h"

namespace vpcsim::analysis {
namespace {

__extension__ using U128 = unsigned __int128;  // an address of either family as a number

// The part of one family's address space internet hosts have: IPv4 minus the special ranges
// below; IPv6 global unicast, 2000::/3 (https://www.iana.org/assignments/ipv6-address-space).
struct Space {
  bool v6 = false;
  U128 begin = 0, end = 0;  // [begin, end)
};

Space space_of(bool v6) {
  if (!v6) return {false, 0, U128{1} << 32};
  return {true, U128{0x2000'0000'0000'0000ull} << 64, U128{0x4000'0000'0000'0000ull} << 64};
}

U128 number(const net::IpAddress& a) {
  return a.is_v4() ? U128{a.v4_bits()} : (U128{a.hi()} << 64) | a.lo();
}

net::IpAddress address(const Space& s, U128 n) {
  return s.v6 ? net::IpAddress::v6(static_cast<std::uint64_t>(n >> 64),
                                   static_cast<std::uint64_t>(n))
              : net::IpAddress::v4(static_cast<std::uint32_t>(n));
}

int width(const Space& s) {
  return s.v6 ? 128 : 32;
}

// Cuts at prefix `p`'s first address and just past its last, within the space.
void cut(const Space& s, std::vector<U128>& b, const net::IpPrefix& p) {
  if (p.is_v4() == s.v6) return;
  const int host_bits = width(s) - p.length();
  const U128 first = number(p.network());
  const U128 end = host_bits >= 128 ? s.end : first + (U128{1} << host_bits);
  for (const U128 x : {first, end})
    b.push_back(std::clamp(x, s.begin, s.end));
}

// IPv4 ranges that are not internet sources: "this network", RFC 1918, RFC 6598, loopback,
// link-local, multicast and reserved (https://www.iana.org/assignments/iana-ipv4-special-registry).
const std::vector<net::IpPrefix>& not_internet_v4() {
  static const std::vector<net::IpPrefix> ranges = [] {
    std::vector<net::IpPrefix> r;
    for (const char* text : {"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
                             "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3"})
      r.push_back(*net::IpPrefix::parse(text));
    return r;
  }();
  return ranges;
}

bool internet_source(const Space& s, U128 n) {
  if (s.v6) return true;  // the space is global unicast already
  const auto a = address(s, n);
  return std::none_of(not_internet_v4().begin(), not_internet_v4().end(),
                      [&](const net::IpPrefix& p) { return p.contains(a); });
}

// The interval starts: every boundary the topology's rules and routes name.
std::vector<U128> boundaries(const model::Topology& t, const Space& s) {
  std::vector<U128> b{s.begin, s.end};
  if (!s.v6) {
    for (const auto& p : not_internet_v4())
      cut(s, b, p);
  }
  for (const auto& g : t.security_groups()) {
    for (const auto* rules : {&g.inbound, &g.outbound}) {
      for (const auto& r : *rules) {
        if (r.peer.kind == model::SgPeerKind::cidr) cut(s, b, r.peer.cidr);
      }
    }
  }
  for (const auto& acl : t.network_acls()) {
    for (const auto* entries : {&acl.inbound, &acl.outbound}) {
      for (const auto& e : *entries)
        cut(s, b, e.cidr);
    }
  }
  for (const auto& rt : t.route_tables()) {
    for (const auto& r : rt.routes)
      cut(s, b, r.destination);
  }
  for (const auto& pl : t.prefix_lists()) {
    for (const auto& e : pl.entries)
      cut(s, b, e);
  }
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return b;
}

// [first, end) as the fewest CIDR blocks.
void append_blocks(const Space& s, U128 first, U128 end, std::vector<net::IpPrefix>& out) {
  const int w = width(s);
  while (first < end) {
    int len = w;
    while (len > 0) {
      const int bits = w - (len - 1);
      if (bits >= 128) break;  // never needed: the space is smaller
      const U128 size = U128{1} << bits;
      if (first % size != 0 || first + size > end) break;
      --len;
    }
    out.emplace_back(address(s, first), len);
    first += U128{1} << (w - len);
  }
}

// Walks the public intervals of `to`'s family in address order: `probe(from)` answers for
// each internet interval from its first address; `run(value, first, end)` gets each maximal
// run of adjacent intervals with equal answers (the ranges that are not internet sources
// end a run) and the number of intervals in it. Returns the number of intervals probed.
template <class Probe, class Run>
std::size_t for_each_run(const model::Topology& t, const model::Endpoint& to,
                         net::Protocol protocol, Probe probe, Run run) {
  model::Endpoint any;
  const bool v6 = engine::conversation_addresses(t, any, to, protocol).server.is_v6();
  const Space space = space_of(v6);
  const auto b = boundaries(t, space);
  using Value = decltype(probe(model::Endpoint{}));
  Value current{};
  bool in_run = false;  // current holds the answer of the run that starts at `start`
  U128 start = 0;
  std::size_t intervals = 0, run_intervals = 0;
  for (std::size_t i = 0; i + 1 < b.size(); ++i) {
    const bool probed = internet_source(space, b[i]);
    Value v{};
    if (probed) {
      ++intervals;
      model::Endpoint from;
      from.address = address(space, b[i]);
      from.text = fmt::format("internet:{}", *from.address);
      v = probe(from);
    }
    if (in_run && (!probed || !(v == current))) {
      run(current, space, start, b[i], run_intervals);
      in_run = false;
    }
    if (probed && !in_run) {
      current = std::move(v);
      in_run = true;
      start = b[i];
      run_intervals = 0;
    }
    if (probed) ++run_intervals;
  }
  if (in_run) run(current, space, start, b.back(), run_intervals);
  return intervals;
}

// The union of two sorted lists of disjoint ranges, merged where they touch.
std::vector<net::PortRange> unite(const std::vector<net::PortRange>& a,
                                  const std::vector<net::PortRange>& b) {
  std::vector<net::PortRange> all(a);
  all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end());
  std::vector<net::PortRange> out;
  for (const auto& r : all) {
    if (!out.empty() && std::uint32_t{r.from()} <= std::uint32_t{out.back().to()} + 1) {
      out.back() = {out.back().from(), std::max(out.back().to(), r.to())};
    } else {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace

InternetSources internet_sources(const model::Topology& t, const model::Endpoint& to,
                                 net::Protocol protocol, std::uint16_t port) {
  InternetSources s;
  Reachability reach(t);
  s.intervals = for_each_run(
      t, to, protocol,
      [&](const model::Endpoint& from) {
        auto a = reach.reach({from, to, protocol, port});
        if (a.reachable && !s.example) s.example = std::move(a);
        return a.reachable;
      },
      [&](bool ok, const Space& space, U128 first, U128 end, std::size_t n) {
        if (!ok) return;
        append_blocks(space, first, end, s.reachable);
        s.reachable_intervals += n;
      });
  return s;
}

InternetPortSpace internet_port_space(const model::Topology& t, const model::Endpoint& to) {
  InternetPortSpace s;
  std::map<std::string, std::size_t> group_of;  // port_space_text → index in by_source
  s.intervals = for_each_run(
      t, to, net::Protocol::tcp(),
      [&](const model::Endpoint& from) { return reachable_ports(t, from, to); },
      [&](const PortSpace& ports, const Space& space, U128 first, U128 end, std::size_t n) {
        if (ports.empty()) return;
        const auto [it, fresh] = group_of.emplace(port_space_text(ports), s.by_source.size());
        if (fresh) s.by_source.push_back({{}, ports});
        append_blocks(space, first, end, s.by_source[it->second].from);
        s.by_source[it->second].intervals += n;
        s.any.tcp = unite(s.any.tcp, ports.tcp);
        s.any.udp = unite(s.any.udp, ports.udp);
        s.any.icmp_echo = s.any.icmp_echo || ports.icmp_echo;
      });
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
