#pragma once
// EigwTable: the state of egress-only internet gateways. "An egress-only internet gateway is
// stateful: it forwards traffic from the instances in the subnet to the internet or other AWS
// services, and then sends the response back to the instances", and it "prevents the
// internet from initiating an IPv6 connection with your instances"
// (https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html).
// AWS documents no idle timeout for this state: vpcsim keeps a connection for 350 s after its
// last packet, the NAT gateway's documented idle timeout
// (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).

#include <cstdint>

#include "sim/path/flat_hash_map.h"
#include "topology/model/resource_index.h"
#include "topology/net/five_tuple.h"
#include "topology/net/sim_time.h"

namespace vpcsim::path {

class EigwTable {
 public:
  static constexpr net::SimTime kIdleTimeout = std::chrono::seconds(350);

  // A packet `t` left through gateway `g` at `now`: its replies may come back until idle.
  void outbound(model::EigwIndex g, const net::FiveTuple& t, net::SimTime now);
  // Is `t`, arriving from the internet, a reply to a live connection that left through `g`?
  // Refreshes the connection when it is.
  bool admit_reply(model::EigwIndex g, const net::FiveTuple& t, net::SimTime now);
  std::size_t size() const { return table_.size(); }

 private:
  struct Key {
    std::uint32_t eigw;
    net::FiveTuple tuple;  // as it left: inside address first
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
      return std::hash<net::FiveTuple>{}(k.tuple) ^ (std::size_t{k.eigw} * 0x9e3779b97f4a7c15ull);
    }
  };
  FlatHashMap<Key, net::SimTime, KeyHash> table_;  // → expiry
  std::size_t sweep_cursor_ = 0;
};

}  // namespace vpcsim::path
