#pragma once
// ConnTrack: security-group connection tracking for all interfaces
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
// A tracked connection admits packets in both directions regardless of the rules until it
// has been idle for its timeout (the same page's idle timeouts and
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ConnectionTrackingConfiguration.html):
// TCP established 432000 s by default, UDP 30 s (180 s once it is a stream), other protocols
// 600 s. Entries are keyed by interface and the connection's normalised 5-tuple, so request
// and reply find the same entry with one probe. Timeouts of closed TCP connections and of
// ICMP are not documented by AWS (the connection-tracking page above gives none): closed
// connections are kept 10 s, ICMP uses the "other protocols" 600 s.

#include <cstdint>

#include "sim/path/flat_hash_map.h"
#include "sim/path/packet.h"
#include "topology/model/conntrack_timeouts.h"
#include "topology/model/resource_index.h"
#include "topology/net/sim_time.h"

namespace vpcsim::path {

class ConnTrack {
 public:
  // Is `p` (as seen at interface `eni`) part of a live tracked connection? Refreshes it.
  bool admit(model::EniIndex eni, const Packet& p, net::SimTime now,
             const model::ConnTrackTimeouts& timeouts);
  // A hint: the entry of `p` at `eni` will be looked up soon (see FlatHashMap::prefetch).
  void prefetch(model::EniIndex eni, const net::FiveTuple& t) const {
    table_.prefetch(key(eni, t));
  }
  // Starts tracking the connection `p` opens at `eni`. Also forgets a few connections that
  // have timed out (incremental sweep), so the table holds live connections, not history.
  void track(model::EniIndex eni, const Packet& p, net::SimTime now,
             const model::ConnTrackTimeouts& timeouts);
  // Forgets every connection of `eni` (not used by AWS rule changes: tracked flows survive).
  std::size_t size() const { return table_.size(); }
  void reserve(std::size_t n) { table_.reserve(n); }

 private:
  struct Key {
    std::uint32_t eni;
    net::FiveTuple tuple;  // normalised: the smaller of (tuple, reversed)
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
      return std::hash<net::FiveTuple>{}(k.tuple) ^ (std::size_t{k.eni} * 0x9e3779b97f4a7c15ull);
    }
  };
  // 16 bytes, so that a slot (key and entry) is 64 bytes.
  struct Entry {
    net::SimTime expires{};      // last packet + the idle timeout that applies to its state
    std::uint8_t exchanges = 0;  // direction changes, counted up to 255 (UDP stream detection)
    std::uint8_t fins = 0;       // FIN seen from initiator (1) / responder (2)
    bool closed = false;         // RST seen, or both FINs
    bool replied = false;        // traffic seen in the reverse direction
    bool last_from_initiator = true;
    bool initiator_sent_key = true;  // the opening packet's tuple is the key's (not reversed)
  };
  static_assert(sizeof(Entry) == 16);
  // One orientation for both directions of a connection: the endpoint with the smaller
  // (address, port) first, in an order that is cheap to compute (not the tuple's <=>).
  static Key key(model::EniIndex eni, const net::FiveTuple& t) {
    bool as_is = t.src_port <= t.dst_port;
    if (t.src.hi() != t.dst.hi()) as_is = t.src.hi() < t.dst.hi();
    if (t.src.lo() != t.dst.lo()) as_is = t.src.lo() < t.dst.lo();
    return Key{eni.value(), as_is ? t : t.reversed()};
  }
  static net::SimTime timeout(const Entry& e, const Packet& p, const model::ConnTrackTimeouts& t);

  // Big (two entries per connection through the VPC): filled up to 7/8 before it doubles.
  FlatHashMap<Key, Entry, KeyHash, std::equal_to<Key>, 7> table_;
  std::size_t sweep_cursor_ = 0;
};

}  // namespace vpcsim::path
