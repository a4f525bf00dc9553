#include "topology/model/validation_check.h"

#include <set>

namespace vpcsim::model {
namespace {

class GatewayCheck : ValidationCheck {
 public:
  using ValidationCheck::ValidationCheck;
  void run() {
    gateways();
    nat_gateways();
    peerings();
  }

 private:
  void gateways() {
    one_per_vpc<IgwIndex>(
        ResourceKind::internet_gateway, d_.internet_gateways, "vpc",
        [](const InternetGateway& g) { return g.vpc; },
        [](const Vpc& v, const InternetGateway& first) {
          return fmt::format(
              "VPC {} already has internet gateway {} attached; a VPC can have one at a time", v.id,
              first.id);
        });
    one_per_vpc<EigwIndex>(
        ResourceKind::egress_only_internet_gateway, d_.egress_only_internet_gateways, "vpc",
        [](const EgressOnlyInternetGateway& g) { return g.vpc; },
        [](const Vpc& v, const EgressOnlyInternetGateway& first) {
          return fmt::format("VPC {} already has egress-only internet gateway {}", v.id, first.id);
        });
  }

  void nat_gateways() {
    std::vector<bool> has_igw(d_.vpcs.size());
    for (const auto& g : d_.internet_gateways) {
      if (g.vpc.valid()) has_igw[g.vpc.value()] = true;
    }
    for (std::uint32_t i = 0; i < d_.nat_gateways.size(); ++i) {
      const NatIndex ni(i);
      const auto& n = d_.nat_gateways[i];
      const VpcIndex v = d_.subnets[n.subnet.value()].vpc;
      if (n.connectivity == NatConnectivity::public_nat) {
        if (!n.elastic_ip) {
          issue(ResourceKind::nat_gateway, ni, "elastic_ip",
                "public NAT gateway {} needs an Elastic IP (elastic_ip), or set connectivity to "
                "\"private\"",
                n.id);
        } else if (!n.elastic_ip->is_v4() || is_rfc1918(*n.elastic_ip) ||
                   is_rfc6598(*n.elastic_ip)) {
          issue(ResourceKind::nat_gateway, ni, "elastic_ip", "\"{}\" is not a public IPv4 address",
                *n.elastic_ip);
        }
        if (!has_igw[v.value()]) {
          issue(ResourceKind::nat_gateway, ni, "subnet",
                "Network {} has no internet gateway attached: a public NAT gateway must be created "
                "in a VPC with an internet gateway",
                vpc(v).id);
        }
      } else if (n.elastic_ip) {
        issue(ResourceKind::nat_gateway, ni, "elastic_ip",
              "private NAT gateway {} cannot have an Elastic IP", n.id);
      }
      secondary_addresses(ni, n);
    }
  }

  // Up to 7 secondary addresses, each IPv4; on a public gateway each with a public Elastic IP,
  // on a private one with none
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
  void secondary_addresses(NatIndex ni, const NatGateway& n) {
    if (n.secondary.size() > NatGateway::kMaxSecondaryAddresses) {
      issue(ResourceKind::nat_gateway, ni, "secondary_addresses",
            "{} secondary addresses; a NAT gateway has at most {} (8 IPv4 addresses in all)",
            n.secondary.size(), NatGateway::kMaxSecondaryAddresses);
    }
    const bool is_public = n.connectivity == NatConnectivity::public_nat;
    for (std::size_t k = 0; k < n.secondary.size(); ++k) {
      const auto& s = n.secondary[k];
      const auto f = fmt::format("secondary_addresses/{}", k);
      if (!s.private_ip.is_v4())
        issue(ResourceKind::nat_gateway, ni, f + "/private_ip", "\"{}\" is not an IPv4 address",
              s.private_ip);
      if (is_public && !s.elastic_ip) {
        issue(ResourceKind::nat_gateway, ni, f,
              "a public NAT gateway's secondary address needs an Elastic IP (elastic_ip)");
      } else if (is_public && (!s.elastic_ip->is_v4() || is_rfc1918(*s.elastic_ip) ||
                               is_rfc6598(*s.elastic_ip))) {
        issue(ResourceKind::nat_gateway, ni, f + "/elastic_ip",
              "\"{}\" is not a public IPv4 address", *s.elastic_ip);
      } else if (!is_public && s.elastic_ip) {
        issue(ResourceKind::nat_gateway, ni, f + "/elastic_ip",
              "private NAT gateway {} cannot have an Elastic IP", n.id);
      }
    }
  }

  void peerings() {
    std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::uint32_t i = 0; i < d_.peering_connections.size(); ++i) {
      const PeeringIndex pi(i);
      const auto& p = d_.peering_connections[i];
      if (p.requester == p.accepter) {
        issue(ResourceKind::peering_connection, pi, "accepter",
              "peering connection {} joins VPC {} to itself", p.id, vpc(p.requester).id);
        continue;
      }
      // (Not std::minmax over the temporaries: it would return dangling references.)
      const std::uint32_t ra = p.requester.value(), rb = p.accepter.value();
      const std::pair<std::uint32_t, std::uint32_t> key{std::min(ra, rb), std::max(ra, rb)};
      if (p.status != PeeringStatus::deleted && !pairs.insert(key).second) {
        issue(
            ResourceKind::peering_connection, pi, "",
            "VPCs {} and {} are already peered; two VPCs can have one peering connection at a time",
            vpc(p.requester).id, vpc(p.accepter).id);
      }
      const Vpc& a = vpc(p.requester);
      const Vpc& b = vpc(p.accepter);
      for (const auto* ca : {&a.cidrs, &a.ipv6_cidrs}) {
        for (const auto& x : *ca) {
          for (const auto* cb : {&b.cidrs, &b.ipv6_cidrs}) {
            for (const auto& y : *cb) {
              if (x.overlaps(y)) {
                issue(ResourceKind::peering_connection, pi, "accepter",
                      "VPC {} ({}) overlaps VPC {} ({}); VPCs with overlapping CIDR blocks cannot "
                      "be peered",
                      a.id, x, b.id, y);
              }
            }
          }
        }
      }
    }
  }
};

}  // namespace

void check_gateways(const TopologyData& d, std::vector<ValidationIssue>& out) {
  GatewayCheck(d, out).run();
}

}  // namespace vpcsim::model
