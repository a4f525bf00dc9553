#include "topology/model/validation_check.h"

#include "topology/model/validate.h"

#include <set>
#include <unordered_map>

namespace vpcsim::model {
namespace {

using net::IpAddress;

class InterfaceCheck : ValidationCheck {
 public:
  using ValidationCheck::ValidationCheck;
  void run() { enis(); }

 private:
  void enis() {
    // Private addresses are unique within a VPC; public ones globally.
    std::vector<std::unordered_map<IpAddress, std::uint32_t>> private_by_vpc(d_.vpcs.size());
    std::unordered_map<IpAddress, std::string> public_owner;
    for (const auto& n : d_.nat_gateways) {
      if (n.elastic_ip) public_owner.emplace(*n.elastic_ip, n.id);
      for (const auto& s : n.secondary)
        if (s.elastic_ip) public_owner.emplace(*s.elastic_ip, n.id);
    }
    for (std::uint32_t e = 0; e < d_.enis.size(); ++e) {
      const EniIndex ei(e);
      const Eni& x = d_.enis[e];
      const Subnet& s = d_.subnets[x.subnet.value()];
      if (x.private_ips.empty()) {
        issue(ResourceKind::network_interface, ei, "private_ip",
              "network interface {} has no private IPv4 address; expected one inside subnet {} {}",
              x.id, s.id, s.cidr);
      }
      for (std::size_t i = 0; i < x.private_ips.size(); ++i) {
        const auto& a = x.private_ips[i];
        const std::string f = private_ip_field(i);
        if (!s.cidr.contains(a)) {
          issue(ResourceKind::network_interface, ei, f, "\"{}\" is not inside subnet {} {}", a,
                s.id, s.cidr);
        } else if (s.is_reserved(a)) {
          issue(ResourceKind::network_interface, ei, f,
                "\"{}\" is reserved by AWS in subnet {} {} (the first four addresses and the last "
                "one are reserved)",
                a, s.id, s.cidr);
        } else if (const auto [it, fresh] = private_by_vpc[s.vpc.value()].emplace(a, e); !fresh) {
          issue(ResourceKind::network_interface, ei, f,
                "\"{}\" is already assigned to network interface {}; a private IP can be used once "
                "per VPC",
                a, d_.enis[it->second].id);
        }
      }
      for (std::size_t i = 0; i < x.ipv6_addresses.size(); ++i) {
        const auto& a = x.ipv6_addresses[i];
        const std::string f = fmt::format("ipv6_addresses/{}", i);
        if (!s.ipv6_cidr || !s.ipv6_cidr->contains(a)) {
          issue(ResourceKind::network_interface, ei, f,
                "\"{}\" is not inside the IPv6 block of subnet {}{}", a, s.id,
                s.ipv6_cidr ? fmt::format(" {}", *s.ipv6_cidr) : std::string(" (it has none)"));
        } else if (const auto [it, fresh] = private_by_vpc[s.vpc.value()].emplace(a, e); !fresh) {
          issue(ResourceKind::network_interface, ei, f,
                "\"{}\" is already assigned to network interface {}", a, d_.enis[it->second].id);
        }
      }
      if (x.public_ip) {
        const auto& a = *x.public_ip;
        if (!a.is_v4() || is_rfc1918(a) || is_rfc6598(a)) {
          issue(ResourceKind::network_interface, ei, "public_ip",
                "\"{}\" is not a public IPv4 address (private and shared ranges cannot be public "
                "IPs)",
                a);
        } else if (const auto [it, fresh] = public_owner.emplace(a, x.id); !fresh) {
          issue(ResourceKind::network_interface, ei, "public_ip",
                "\"{}\" is already the public IP of {}", a, it->second);
        }
      }
      if (!x.security_groups.empty() &&
          (x.owner.kind == OwnerKind::nat_gateway || x.owner.kind == OwnerKind::gwlb_endpoint)) {
        issue(ResourceKind::network_interface, ei, "security_groups",
              "network interface {} belongs to a {}, which AWS gives no security groups ({}); "
              "remove them",
              x.id,
              x.owner.kind == OwnerKind::nat_gateway ? "NAT gateway"
                                                     : "Gateway Load Balancer "
                                                       "endpoint",
              x.owner.kind == OwnerKind::nat_gateway
                  ? "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html"
                  : "https://docs.aws.amazon.com/vpc/latest/privatelink/"
                    "gateway-load-balancer-endpoints.html");
      }
      if (x.security_groups.size() > d_.quotas.security_groups_per_interface) {
        issue(ResourceKind::network_interface, ei, "security_groups",
              "network interface {} has {} security groups; the quota is {} per network "
              "interface (raise it in \"quotas\", up to {})",
              x.id, x.security_groups.size(), d_.quotas.security_groups_per_interface,
              Quotas::kMaxGroupsPerInterface);
      }
      std::set<std::uint32_t> seen;
      for (std::size_t i = 0; i < x.security_groups.size(); ++i) {
        const auto& g = d_.security_groups[x.security_groups[i].value()];
        const std::string f = fmt::format("security_groups/{}", i);
        if (!seen.insert(x.security_groups[i].value()).second) {
          issue(ResourceKind::network_interface, ei, f, "security group {} is listed twice", g.id);
        }
        if (g.vpc != s.vpc) {
          issue(ResourceKind::network_interface, ei, f,
                "security group {} belongs to VPC {}, but network interface {} is in VPC {}; a "
                "security group can be used only in its own VPC",
                g.id, vpc(g.vpc).id, x.id, vpc(s.vpc).id);
        }
      }
    }
  }
};

}  // namespace

void check_interfaces(const TopologyData& d, std::vector<ValidationIssue>& out) {
  InterfaceCheck(d, out).run();
}

}  // namespace vpcsim::model
