#include "sim/path/conn_track.h"

namespace vpcsim::path {

core::SimTime ConnTrack::timeout(const Entry& e, const Packet& p,
                                 const model::ConnTrackTimeouts& t) {
  if (p.is_tcp()) return e.closed ? core::SimTime::s(10) : t.tcp_established;
  if (p.is_udp()) return e.exchanges > 2 ? t.udp_stream : t.udp;
  return t.other;
}

bool ConnTrack::admit(model::EniIndex eni, const Packet& p, core::SimTime now,
                      const model::ConnTrackTimeouts& timeouts) {
  const auto k = key(eni, p.tuple);
  Entry* found = table_.find(k);
  if (!found) return false;
  Entry& e = *found;
  if (now - e.last > timeout(e, p, timeouts)) {
    table_.erase(k);
    return false;
  }
  e.last = now;
  const bool from_initiator = (k.tuple == p.tuple) == e.initiator_sent_key;
  if (from_initiator != e.last_from_initiator) {
    ++e.exchanges;
    e.last_from_initiator = from_initiator;
  }
  e.replied = e.replied || !from_initiator;
  if (p.is_tcp()) {
    if (p.tcp_flags & tcp::kRst) e.closed = true;
    if (p.tcp_flags & tcp::kFin) e.fins |= from_initiator ? 1 : 2;
    if (e.fins == 3) e.closed = true;
  }
  return true;
}

void ConnTrack::track(model::EniIndex eni, const Packet& p, core::SimTime now) {
  const auto k = key(eni, p.tuple);
  Entry& e = *table_.try_emplace(k).first;
  e = Entry{};
  e.last = now;
  e.initiator_sent_key = k.tuple == p.tuple;
}

}  // namespace vpcsim::path
