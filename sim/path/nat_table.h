#pragma once
// NatTable: the translation state of one NAT gateway
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html): source NAT to the
// gateway's private IP and a port in 1024-65535 (ICMP: a translated echo id), at most
// `limit` (55,000) concurrent connections per unique destination (IP, port, protocol),
// idle mappings expire after 350 s, after which the inside host gets an RST.
// Nothing iterates its tables: a port is drawn at random and only looked up, so their order
// never reaches a translation or any output.

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>

#include "sim/core/rng.h"
#include "sim/path/packet.h"
#include "topology/net/sim_time.h"

namespace vpcsim::path {

class NatTable {
 public:
  static constexpr net::SimTime kIdleTimeout = net::SimTime(std::chrono::seconds(350));
  static constexpr std::uint32_t kConnectionsPerDestination = 55'000;

  enum class Outcome : std::uint8_t { translated, port_allocation_error, idle_expired, no_mapping };
  struct Result {
    Outcome outcome;
    net::FiveTuple tuple;  // the translated tuple when translated
  };

  // `ips`: the gateway's private addresses, primary first. A new connection takes an address
  // with a free port for its destination: at random among them when there are several (AWS
  // does not say how it picks one), so each address adds `limit` connections per destination.
  explicit NatTable(std::vector<net::IpAddress> ips,
                    std::uint32_t limit = kConnectionsPerDestination)
      : ips_(std::move(ips)), limit_(limit) {}
  explicit NatTable(net::IpAddress nat_ip, std::uint32_t limit = kConnectionsPerDestination)
      : NatTable(std::vector<net::IpAddress>{nat_ip}, limit) {}

  // Inside → outside: an existing mapping, or a new one when `p` may open one (TCP SYN,
  // any UDP, ICMP echo request). A TCP non-SYN packet on an idle-expired mapping yields
  // idle_expired (the gateway answers it with an RST).
  Result outbound(const Packet& p, net::SimTime now, core::Rng& rng);
  // Outside → inside: the reply's translation back, or no_mapping (no inbound initiation).
  Result inbound(const Packet& p, net::SimTime now);

  // The reply to the inside connection `inside` (as the inside host sent it) as it reaches
  // the gateway from outside: to the gateway's address and the connection's translated port.
  // nullopt when the gateway holds no mapping for it.
  std::optional<net::FiveTuple> reply_to(const net::FiveTuple& inside) const {
    const auto it = by_inside_.find(inside);
    if (it == by_inside_.end()) return std::nullopt;
    return outside(inside, it->second).reversed();
  }

  std::size_t active() const { return by_inside_.size(); }
  std::uint64_t port_allocation_errors() const { return port_errors_; }
  std::uint64_t idle_timeouts() const { return idle_timeouts_; }

 private:
  struct Mapping {
    net::FiveTuple inside;  // as the inside host sent it
    std::uint16_t port;     // the translated source port / echo id
    std::uint8_t address;   // into ips_
    net::SimTime last{};
  };
  struct DestKey {
    net::IpAddress ip;
    std::uint16_t port;
    std::uint8_t protocol;
    std::uint8_t address;  // the gateway's address the ports are of
    friend bool operator==(const DestKey&, const DestKey&) = default;
  };
  struct DestHash {
    std::size_t operator()(const DestKey& k) const noexcept {
      // Keyed like a five-tuple: packets fill this table too.
      return static_cast<std::size_t>(net::keyed_hash(
          k.ip.hi(), k.ip.lo(), k.port, k.protocol,
          static_cast<std::uint64_t>(k.ip.is_v6()) | (std::uint64_t{k.address} << 1)));
    }
  };
  using InsideMap = boost::unordered_flat_map<net::FiveTuple, Mapping, std::hash<net::FiveTuple>>;

  static DestKey dest_of(const net::FiveTuple& t, std::uint8_t address) {
    return {t.dst, t.dst_port, t.protocol, address};
  }
  static bool opens(const Packet& p);
  net::FiveTuple outside(const net::FiveTuple& inside, const Mapping& m) const;
  void erase(InsideMap::iterator it);

  std::vector<net::IpAddress> ips_;
  std::uint32_t limit_;
  InsideMap by_inside_;
  // outside reply tuple → inside
  boost::unordered_flat_map<net::FiveTuple, net::FiveTuple, std::hash<net::FiveTuple>> by_outside_;
  // translated ports in use per destination
  boost::unordered_flat_map<DestKey, boost::unordered_flat_set<std::uint16_t>, DestHash> ports_;
  std::uint64_t port_errors_ = 0;
  std::uint64_t idle_timeouts_ = 0;
};

}  // namespace vpcsim::path
