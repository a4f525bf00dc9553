#include "sim/engine/source_ports.h"

#include "sim/engine/conversation_addresses.h"
#include "topology/net/protocol.h"

namespace vpcsim::engine {

net::FiveTuple SourcePorts::open(const model::Topology& t, const model::FlowSpec& f,
                                 core::Rng& rng) {
  const auto addresses = conversation_addresses(t, f.from, f.to, f.protocol);
  net::FiveTuple tuple;
  tuple.protocol = f.protocol.wire();
  tuple.src = addresses.client;
  tuple.dst = addresses.server;
  if (f.protocol.has_ports()) {
    const auto range = client_ports(t, f.from);
    tuple.dst_port = f.port;
    if (f.source_port) {
      tuple.src_port = *f.source_port;  // as the scenario says, even if already in use
    } else {
      draw(tuple, range.from(), range.to(), false, rng);
    }
  } else {
    // ICMP echo: the identifier stands in both port fields (path::Packet).
    draw(tuple, 0, 65535, true, rng);
  }
  ++in_use_.try_emplace(tuple, 0).first->second;
  return tuple;
}

void SourcePorts::release(const net::FiveTuple& first) {
  if (auto n = in_use_.find(first); n != in_use_.end() && --n->second == 0) in_use_.erase(n);
}

// Sets the source port (ICMP: the echo identifier) to one drawn at random from [lo, hi] that
// no open conversation of `tuple` holds: 16 draws, then the ports after the last one in turn;
// the last draw when all are held.
void SourcePorts::draw(net::FiveTuple& tuple, std::uint16_t lo, std::uint16_t hi, bool icmp_id,
                       core::Rng& rng) const {
  const auto set = [&](std::uint64_t port) {
    tuple.src_port = static_cast<std::uint16_t>(port);
    if (icmp_id) tuple.dst_port = tuple.src_port;
  };
  for (int attempt = 0; attempt < 16; ++attempt) {
    set(rng.between(lo, hi));
    if (!in_use_.contains(tuple)) return;
  }
  const std::uint64_t span = std::uint64_t{hi} - lo + 1;
  const std::uint64_t first = tuple.src_port - lo;
  for (std::uint64_t k = 1; k < span; ++k) {
    set(lo + (first + k) % span);
    if (!in_use_.contains(tuple)) return;
  }
  set(lo + first);
}

}  // namespace vpcsim::engine
