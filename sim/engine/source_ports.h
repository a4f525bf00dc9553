#pragma once
// SourcePorts: the source ports (ICMP: echo identifiers) the open conversations of a
// simulation hold, and the 5-tuple of a new conversation's first packet: its addresses
// (conversation_addresses.h) and a source port drawn at random from the client's ephemeral
// range (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html), skipping
// the ports of the client's conversations still open to the same destination, as a kernel
// does; when every port is taken the last draw is shared (and counted: shared()). A flow that
// names its source port gets it, even if already in use.
//
// The choice: 16 draws from the range; if all are held, the first port after the last draw
// that is not, in turn, wrapping round the range. Finding that port costs O(1) whatever the
// number of open conversations: a destination (client, server, server port, protocol) that
// more than a few ports are held to keeps a two-level bitmap of them, which finds the next
// free port in at most 36 word reads, also when the range is exhausted.

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>
#include "sim/core/rng.h"
#include "topology/model/topology.h"
#include "topology/model/traffic_plan.h"
#include "topology/net/five_tuple.h"
#include "topology/net/port_range.h"

namespace vpcsim::engine {

class SourcePorts {
 public:
  // Conversations that had to share a 5-tuple with an open one, because every port of the
  // range they draw from was held to their destination.
  struct Shared {
    net::FiveTuple to;     // client, server, protocol, server port; src_port 0 (ICMP: both 0)
    net::PortRange range;  // the client's ephemeral range (ICMP: identifiers, 0-65535)
    std::uint64_t conversations = 0;  // opened on a 5-tuple already held
  };

  // The first 5-tuple of a new conversation of flow `f` on topology `t` (random draws from
  // `rng`), held until release().
  net::FiveTuple open(const model::Topology& t, const model::FlowSpec& f, core::Rng& rng);
  // A conversation opened with `first` is over: one holder less of its port.
  void release(const net::FiveTuple& first);

  // Every destination and range some conversation shared a 5-tuple on, in the order the
  // first sharing happened (deterministic). Empty unless a range was exhausted.
  const std::vector<Shared>& shared() const { return shared_; }
  // Work done choosing ports: tuples looked up and bitmap words read (for tests).
  std::uint64_t probes() const { return probes_; }

 private:
  // The ports held to one destination: a list while there are few, else a bitmap of all
  // 65536 with a summary of its full words (kept until the count falls back to half).
  struct Held {
    static constexpr std::uint32_t kFew = 64;
    std::uint32_t count = 0;           // distinct ports held
    std::vector<std::uint16_t> few;    // them, while count <= kFew and `words` is empty
    std::vector<std::uint64_t> words;  // else: 1024 words of port bits, then 16 of full words

    void add(std::uint16_t port);
    void remove(std::uint16_t port);
    // The first port of [a, b] not held (a <= b), or -1; counts the words it reads.
    std::int32_t first_free(std::uint32_t a, std::uint32_t b, std::uint64_t& probes) const;
  };

  void draw(net::FiveTuple& tuple, std::uint16_t lo, std::uint16_t hi, bool icmp_id,
            core::Rng& rng);
  void hold(const net::FiveTuple& tuple, bool icmp_id);
  void unhold(const net::FiveTuple& tuple, bool icmp_id);

  // Open conversations by their first tuple: how many share it.
  boost::unordered_flat_map<net::FiveTuple, std::uint32_t, std::hash<net::FiveTuple>> in_use_;
  // The ports those tuples hold, by destination (the tuple without its source port; ICMP:
  // without either identifier).
  boost::unordered_flat_map<net::FiveTuple, Held, std::hash<net::FiveTuple>> held_;
  std::vector<Shared> shared_;
  std::map<std::tuple<net::FiveTuple, std::uint16_t, std::uint16_t>, std::size_t> shared_at_;
  std::uint64_t probes_ = 0;
};

}  // namespace vpcsim::engine
