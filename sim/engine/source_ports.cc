#include "sim/engine/source_ports.h"

#include <algorithm>
#include <bit>

#include "sim/engine/conversation_addresses.h"
#include "topology/net/protocol.h"

namespace vpcsim::engine {

namespace {

constexpr std::uint32_t kPortWords = 65536 / 64;       // words[0, 1024): bit p % 64 of word p / 64
constexpr std::uint32_t kFullWords = kPortWords / 64;  // words[1024, 1040): bit w: words[w] full
constexpr std::uint64_t kAll = ~std::uint64_t{0};

// The destination a tuple's port is held to: the tuple without the port it chooses.
net::FiveTuple destination(net::FiveTuple tuple, bool icmp_id) {
  tuple.src_port = 0;
  if (icmp_id) tuple.dst_port = 0;
  return tuple;
}

bool is_icmp_id(std::uint8_t wire_protocol) {
  return !net::Protocol(wire_protocol).has_ports();
}

}  // namespace

// ---- Held -----------------------------------------------------------------------------

void SourcePorts::Held::add(std::uint16_t port) {
  ++count;
  const auto set = [&](std::uint16_t p) {
    auto& w = words[p / 64];
    w |= std::uint64_t{1} << (p % 64);
    if (w == kAll) words[kPortWords + p / 4096] |= std::uint64_t{1} << (p / 64 % 64);
  };
  if (words.empty()) {
    if (count <= kFew) {
      few.push_back(port);
      return;
    }
    words.assign(kPortWords + kFullWords, 0);
    for (const auto p : few)
      set(p);
    few.clear();
    few.shrink_to_fit();
  }
  set(port);
}

void SourcePorts::Held::remove(std::uint16_t port) {
  --count;
  if (words.empty()) {
    const auto at = std::find(few.begin(), few.end(), port);
    *at = few.back();
    few.pop_back();
    return;
  }
  words[kPortWords + port / 4096] &= ~(std::uint64_t{1} << (port / 64 % 64));
  words[port / 64] &= ~(std::uint64_t{1} << (port % 64));
  // Back to a list at half the threshold, so that a count going up and down round it does
  // not convert each time: each conversion is paid for by kFew / 2 changes at least.
  if (count > kFew / 2) return;
  few.clear();
  for (std::uint32_t w = 0; w < kPortWords; ++w) {
    for (std::uint64_t bits = words[w]; bits != 0; bits &= bits - 1)
      few.push_back(static_cast<std::uint16_t>(w * 64 + std::countr_zero(bits)));
  }
  words.clear();
  words.shrink_to_fit();
}

std::int32_t SourcePorts::Held::first_free(std::uint32_t a, std::uint32_t b,
                                           std::uint64_t& probes) const {
  std::uint32_t w = a / 64;
  const std::uint32_t last = b / 64;
  std::uint64_t free = ~words[w] & (kAll << (a % 64));
  ++probes;
  while (free == 0) {
    // The next word that is not full, through the summary: at most 16 reads.
    std::uint32_t next = w + 1;
    free = 0;
    while (next <= last) {
      const std::uint64_t open = ~words[kPortWords + next / 64] & (kAll << (next % 64));
      ++probes;
      if (open != 0) {
        next = next / 64 * 64 + static_cast<std::uint32_t>(std::countr_zero(open));
        break;
      }
      next = (next / 64 + 1) * 64;
    }
    if (next > last) return -1;
    w = next;
    free = ~words[w];
    ++probes;
  }
  const std::uint32_t port = w * 64 + static_cast<std::uint32_t>(std::countr_zero(free));
  return port <= b ? static_cast<std::int32_t>(port) : -1;
}

// ---- SourcePorts ----------------------------------------------------------------------

net::FiveTuple SourcePorts::open(const model::Topology& t, const model::FlowSpec& f,
                                 core::Rng& rng) {
  const auto addresses = conversation_addresses(t, f.from, f.to, f.protocol);
  net::FiveTuple tuple;
  tuple.protocol = f.protocol.wire();
  tuple.src = addresses.client;
  tuple.dst = addresses.server;
  const bool icmp_id = !f.protocol.has_ports();
  if (!icmp_id) {
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
  if (in_use_.try_emplace(tuple, 0).first->second++ == 0) hold(tuple, icmp_id);
  return tuple;
}

void SourcePorts::release(const net::FiveTuple& first) {
  if (auto n = in_use_.find(first); n != in_use_.end() && --n->second == 0) {
    in_use_.erase(n);
    unhold(first, is_icmp_id(first.protocol));
  }
}

void SourcePorts::hold(const net::FiveTuple& tuple, bool icmp_id) {
  held_[destination(tuple, icmp_id)].add(tuple.src_port);
}

void SourcePorts::unhold(const net::FiveTuple& tuple, bool icmp_id) {
  const auto h = held_.find(destination(tuple, icmp_id));
  h->second.remove(tuple.src_port);
  if (h->second.count == 0) held_.erase(h);
}

// Sets the source port (ICMP: the echo identifier) to one drawn at random from [lo, hi] that
// no open conversation of `tuple` holds: 16 draws, then the ports after the last one in turn;
// the last draw when all are held (counted in shared()).
void SourcePorts::draw(net::FiveTuple& tuple, std::uint16_t lo, std::uint16_t hi, bool icmp_id,
                       core::Rng& rng) {
  const auto set = [&](std::uint64_t port) {
    tuple.src_port = static_cast<std::uint16_t>(port);
    if (icmp_id) tuple.dst_port = tuple.src_port;
  };
  for (int attempt = 0; attempt < 16; ++attempt) {
    set(rng.between(lo, hi));
    ++probes_;
    if (!in_use_.contains(tuple)) return;
  }
  // All 16 held, so some port is held to this destination.
  const std::uint32_t drawn = tuple.src_port;
  const Held& h = held_.find(destination(tuple, icmp_id))->second;
  std::int32_t port = -1;
  if (h.words.empty()) {
    // Few held: at most count + 1 look-ups before a free port or the end of the range.
    const std::uint64_t span = std::uint64_t{hi} - lo + 1;
    const std::uint64_t first = drawn - lo;
    for (std::uint64_t k = 1; k < span && port < 0; ++k) {
      set(lo + (first + k) % span);
      ++probes_;
      if (!in_use_.contains(tuple)) port = tuple.src_port;
    }
  } else {
    if (drawn < hi) port = h.first_free(drawn + 1, hi, probes_);
    if (port < 0 && drawn > lo) port = h.first_free(lo, drawn - 1, probes_);
  }
  if (port >= 0) {
    set(static_cast<std::uint64_t>(port));
    return;
  }
  set(drawn);
  const auto key = std::tuple(destination(tuple, icmp_id), lo, hi);
  const auto [at, added] = shared_at_.try_emplace(key, shared_.size());
  if (added) shared_.push_back(Shared{std::get<0>(key), net::PortRange(lo, hi), 0});
  ++shared_[at->second].conversations;
}

}  // namespace vpcsim::engine
