#pragma once
// Eni: an elastic network interface: the universal endpoint of the model. Instances, load
// balancer nodes, RDS instances, NAT gateways and Lambda functions each own one or more.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "topology/model/conntrack_timeouts.h"
#include "topology/model/resource_index.h"
#include "topology/net/ip_address.h"
#include "topology/net/port_range.h"

namespace vpcsim::model {

enum class OwnerKind : std::uint8_t {
  instance,
  alb,
  nlb,
  rds,
  nat_gateway,
  lambda,
  gwlb_endpoint,  // a Gateway Load Balancer endpoint's interface
  other
};
std::string_view owner_kind_name(OwnerKind k);

struct EniOwner {
  OwnerKind kind = OwnerKind::other;
  std::string id;  // i-…, the load balancer or DB identifier, nat-… ; may be empty
  // The owner's state when it is not running: an instance "stopped", "stopping" or "pending",
  // a database "stopped", … ; empty when it runs (or has no state: a NAT gateway's interface).
  // An interface whose owner is not running sends and answers nothing
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html).
  std::string state;

  bool running() const { return state.empty(); }
};

// The ephemeral source-port range a client picks from
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
struct EphemeralPorts {
  static constexpr net::PortRange linux_kernel() { return {32768, 60999}; }
  static constexpr net::PortRange windows() { return {49152, 65535}; }
  static constexpr net::PortRange windows_2003() { return {1025, 5000}; }
  static constexpr net::PortRange aws_service() { return {1024, 65535}; }  // ELB, NAT, Lambda
};

struct Eni {
  std::string id;
  std::string name;
  SubnetIndex subnet;
  std::vector<net::IpAddress> private_ips;  // [0] is the primary private IPv4 address
  std::vector<net::IpAddress> ipv6_addresses;
  std::optional<net::IpAddress> public_ip;  // auto-assigned public IPv4 or Elastic IP
  bool elastic_ip = false;
  std::vector<SgIndex> security_groups;  // ≤ 5 by default quota; none for a NAT gateway
  EniOwner owner;
  bool source_dest_check = true;
  net::PortRange ephemeral_ports = EphemeralPorts::linux_kernel();
  ConnTrackTimeouts conntrack;
  std::map<std::string, std::string> tags;  // AWS tags (key → value), e.g. {"tier": "web"}

  const net::IpAddress& primary_ip() const { return private_ips.front(); }
  // False where AWS applies no security group at all, so that every packet passes this
  // interface's SG stage: a NAT gateway ("You cannot associate a security group with a NAT
  // gateway", https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html), a
  // Gateway Load Balancer endpoint ("Security groups are not supported",
  // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html)
  // and a Network Load Balancer created without any ("all client traffic can reach the
  // Network Load Balancer listeners and all traffic can leave",
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html).
  bool security_groups_apply() const {
    switch (owner.kind) {
      case OwnerKind::nat_gateway:
      case OwnerKind::gwlb_endpoint:
        return false;
      case OwnerKind::nlb:
        return !security_groups.empty();
      default:
        return true;
    }
  }
  bool requester_managed() const {
    return owner.kind == OwnerKind::nat_gateway || owner.kind == OwnerKind::alb ||
           owner.kind == OwnerKind::nlb || owner.kind == OwnerKind::lambda ||
           owner.kind == OwnerKind::gwlb_endpoint;
  }
  bool owns(const net::IpAddress& a) const {
    for (const auto& p : a.is_v4() ? private_ips : ipv6_addresses) {
      if (p == a) return true;
    }
    return false;
  }
};

}  // namespace vpcsim::model
