#pragma once
// SourcePorts: the source ports (ICMP: echo identifiers) the open conversations of a
// simulation hold, and the 5-tuple of a new conversation's first packet: its addresses
// (conversation_addresses.h) and a source port drawn at random from the client's ephemeral
// range (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html), skipping
// the ports of the client's conversations still open to the same destination, as a kernel
// does; when every port is taken the last draw is shared. A flow that names its source port
// gets it, even if already in use.

#include <cstdint>

#include <boost/unordered/unordered_flat_map.hpp>
#include "sim/core/rng.h"
#include "topology/model/topology.h"
#include "topology/model/traffic_plan.h"
#include "topology/net/five_tuple.h"

namespace vpcsim::engine {

class SourcePorts {
 public:
  // The first 5-tuple of a new conversation of flow `f` on topology `t` (random draws from
  // `rng`), held until release().
  net::FiveTuple open(const model::Topology& t, const model::FlowSpec& f, core::Rng& rng);
  // A conversation opened with `first` is over: one holder less of its port.
  void release(const net::FiveTuple& first);

 private:
  void draw(net::FiveTuple& tuple, std::uint16_t lo, std::uint16_t hi, bool icmp_id,
            core::Rng& rng) const;

  // Open conversations by their first tuple: how many share it.
  boost::unordered_flat_map<net::FiveTuple, std::uint32_t, std::hash<net::FiveTuple>> in_use_;
};

}  // namespace vpcsim::engine
