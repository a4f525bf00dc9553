#include "sim/path/nat_table.h"

namespace vpcsim::path {

bool NatTable::opens(const Packet& p) {
  if (p.is_tcp()) return (p.tcp_flags & tcp::kSyn) && !(p.tcp_flags & tcp::kAck);
  if (p.is_icmp()) return p.icmp_type == 8 || p.icmp_type == 128;  // echo request
  return true;
}

net::FiveTuple NatTable::outside(const net::FiveTuple& inside, const Mapping& m) const {
  const auto port = m.port;
  net::FiveTuple out{ips_[m.address], inside.dst, port, inside.dst_port, inside.protocol};
  const bool icmp =
      inside.protocol == net::Protocol::kIcmp || inside.protocol == net::Protocol::kIcmpv6;
  if (icmp) out.dst_port = port;  // the echo id is translated in both fields
  return out;
}

void NatTable::erase(InsideMap::iterator it) {
  const auto& m = it->second;
  by_outside_.erase(outside(m.inside, m).reversed());
  auto& used = ports_[dest_of(m.inside, m.address)];
  used.erase(m.port);
  by_inside_.erase(it);
}

NatTable::Result NatTable::outbound(const Packet& p, net::SimTime now, core::Rng& rng) {
  auto it = by_inside_.find(p.tuple);
  if (it != by_inside_.end() && now - it->second.last >= kIdleTimeout) {
    erase(it);
    ++idle_timeouts_;
    it = by_inside_.end();
    if (!opens(p)) return {Outcome::idle_expired, {}};
  }
  if (it == by_inside_.end()) {
    // Not a connection's first packet, and no connection it belongs to: nothing to
    // translate (only a connection that timed out gets the idle-timeout RST, above:
    // https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
    if (!opens(p)) return {Outcome::no_mapping, {}};
    // The addresses with a free port for this destination; one drawn when there are several
    // (no draw with one address, so that a single-address gateway's runs stay as they were).
    std::uint8_t free[8];
    std::size_t n_free = 0;
    for (std::size_t a = 0; a < ips_.size() && a < 8; ++a) {
      const auto f = ports_.find(dest_of(p.tuple, static_cast<std::uint8_t>(a)));
      if (f == ports_.end() || f->second.size() < limit_)
        free[n_free++] = static_cast<std::uint8_t>(a);
    }
    if (n_free == 0) {
      ++port_errors_;
      return {Outcome::port_allocation_error, {}};
    }
    const auto address = n_free == 1 ? free[0] : free[rng.between(0, n_free - 1)];
    auto& used = ports_[dest_of(p.tuple, address)];
    // A random free port in 1024-65535 ("A NAT gateway uses ports 1024-65535",
    // https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
    std::uint16_t port;
    do {
      port = static_cast<std::uint16_t>(rng.between(1024, 65535));
    } while (used.contains(port));
    used.insert(port);
    it = by_inside_.emplace(p.tuple, Mapping{p.tuple, port, address, now}).first;
    by_outside_.emplace(outside(p.tuple, it->second).reversed(), p.tuple);
  }
  it->second.last = now;
  return {Outcome::translated, outside(p.tuple, it->second)};
}

NatTable::Result NatTable::inbound(const Packet& p, net::SimTime now) {
  const auto it = by_outside_.find(p.tuple);
  if (it == by_outside_.end()) return {Outcome::no_mapping, {}};
  const auto m = by_inside_.find(it->second);
  if (m == by_inside_.end() || now - m->second.last >= kIdleTimeout) {
    if (m != by_inside_.end()) {
      erase(m);
      ++idle_timeouts_;
    }
    return {Outcome::no_mapping, {}};
  }
  m->second.last = now;
  return {Outcome::translated, m->second.inside.reversed()};
}

}  // namespace vpcsim::path
