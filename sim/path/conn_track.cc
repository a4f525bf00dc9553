#include "sim/path/conn_track.h"

namespace vpcsim::path {

net::SimTime ConnTrack::timeout(const Entry& e, const Packet& p,
                                const model::ConnTrackTimeouts& t) {
  if (p.is_tcp()) return e.closed ? net::SimTime(std::chrono::seconds(10)) : t.tcp_established;
  if (p.is_udp()) return e.exchanges > 2 ? t.udp_stream : t.udp;
  return t.other;
}

bool ConnTrack::admit(model::EniIndex eni, const Packet& p, net::SimTime now,
                      const model::ConnTrackTimeouts& timeouts) {
  const auto k = key(eni, p.tuple);
  Entry* found = table_.find(k);
  if (!found) return false;
  Entry& e = *found;
  if (now > e.expires) {
    table_.erase(k);
    return false;
  }
  const bool from_initiator = (k.tuple == p.tuple) == e.initiator_sent_key;
  if (from_initiator != e.last_from_initiator) {
    if (e.exchanges < 255) ++e.exchanges;
    e.last_from_initiator = from_initiator;
  }
  e.replied = e.replied || !from_initiator;
  if (p.is_tcp()) {
    if (p.tcp_flags & tcp::kRst) e.closed = true;
    if (p.tcp_flags & tcp::kFin) e.fins |= from_initiator ? 1 : 2;
    if (e.fins == 3) e.closed = true;
  }
  e.expires = now + timeout(e, p, timeouts);
  return true;
}

void ConnTrack::track(model::EniIndex eni, const Packet& p, net::SimTime now,
                      const model::ConnTrackTimeouts& timeouts) {
  // Eight slots looked at per new connection: a full turn of the cursor takes capacity/8
  // insertions, so at most that many expired entries wait to be swept. Fewer (two) kept the
  // table close to full of dead entries just ahead of the cursor, and probe runs there grew
  // long: the 5 M-packet replay benchmark spent half its time in track() and admit().
  table_.sweep(sweep_cursor_, 8, [now](const Key&, const Entry& e) { return now > e.expires; });
  const auto k = key(eni, p.tuple);
  Entry& e = *table_.try_emplace(k).first;
  e = Entry{};
  e.initiator_sent_key = k.tuple == p.tuple;
  e.expires = now + timeout(e, p, timeouts);
}

}  // namespace vpcsim::path
