#include "sim/engine/replay.h"

#include <algorithm>

namespace vpcsim::engine {

Replay::Replay(const model::Topology& topology, ReplayOptions options)
    : t_(topology),
      opt_(std::move(options)),
      state_(topology, opt_.seed),
      path_(topology, state_, {}, opt_.record_hops) {
  flow_.name = "replay";
}

net::IpAddress Replay::mapped(const net::IpAddress& a) const {
  for (const auto& [from, eni] : opt_.map) {
    if (from == a) return t_.eni(eni).primary_ip();
  }
  return a;
}

namespace {

// The interface that owns `a` as a private address in any VPC; invalid if none.
model::EniIndex owner_of(const model::Topology& t, const net::IpAddress& a) {
  for (std::uint32_t v = 0; v < t.vpcs().size(); ++v) {
    const auto e = t.eni_by_private_ip(model::VpcIndex(v), a);
    if (e.valid()) return e;
  }
  return model::EniIndex();
}

}  // namespace

void Replay::packet(core::SimTime time, const path::Packet& captured) {
  const auto now = std::max(time, last_);
  last_ = now;
  path::Packet p = captured;
  if (!opt_.map.empty()) {
    p.tuple.src = mapped(p.tuple.src);
    p.tuple.dst = mapped(p.tuple.dst);
  }
  const auto src = owner_of(t_, p.tuple.src);
  ++stats_.replayed;
  if (src.valid()) {
    path_.from_eni(src, p, now, result_);
  } else {
    ++stats_.from_internet;
    const auto dst = owner_of(t_, p.tuple.dst);
    if (!dst.valid() && !t_.eni_by_public_ip(p.tuple.dst).valid()) ++stats_.unmatched;
    // Captured on the instance, a packet from the internet shows the private address the
    // internet gateway translated its public one to (§4.2): it entered at the public one.
    if (dst.valid() && t_.eni(dst).public_ip && p.tuple.dst.is_v4())
      p.tuple.dst = *t_.eni(dst).public_ip;
    path_.from_internet(p, now, result_);
  }
  for (auto* o : observers_)
    o->on_packet(PacketEvent{now, flow_, 0, p, !src.valid(), src, result_});
  if (result_.exempt) ++stats_.exempt;
  if (result_.delivered) {
    ++stats_.delivered;
  } else {
    ++stats_.dropped;
    ++stats_.drops_by_reason[static_cast<std::size_t>(result_.reason)];
  }
}

void Replay::finish() {
  for (auto* o : observers_)
    o->on_finish(last_);
}

}  // namespace vpcsim::engine
