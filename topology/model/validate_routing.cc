#include "topology/model/validation_check.h"

#include <set>

namespace vpcsim::model {
namespace {

using net::IpPrefix;

class RoutingCheck : ValidationCheck {
 public:
  using ValidationCheck::ValidationCheck;
  void run() { route_tables(); }

 private:
  void route_tables() {
    one_per_vpc<RouteTableIndex>(
        ResourceKind::route_table, d_.route_tables, "main",
        [](const RouteTable& rt) { return rt.main ? rt.vpc : VpcIndex(); },
        [](const Vpc& v, const RouteTable& first) {
          return fmt::format(
              "VPC {} already has main route table {}; a VPC has exactly one main route table",
              v.id, first.id);
        });
    for (const auto& s : d_.subnets) {
      subnet_cidrs_.emplace(s.vpc.value(), s.cidr);
      if (s.ipv6_cidr) subnet_cidrs_.emplace(s.vpc.value(), *s.ipv6_cidr);
    }
    const auto reserved = *IpPrefix::parse("169.254.168.0/22");
    for (std::uint32_t t = 0; t < d_.route_tables.size(); ++t) {
      const RouteTableIndex ti(t);
      const RouteTable& rt = d_.route_tables[t];
      std::set<std::pair<IpPrefix, RouteOrigin>> seen;
      for (std::size_t r = 0; r < rt.routes.size(); ++r) {
        const Route& route = rt.routes[r];
        const std::string f = fmt::format("routes/{}", r);
        const auto& dst = route.destination;
        if (route.origin != RouteOrigin::prefix_list && !seen.emplace(dst, route.origin).second) {
          issue(ResourceKind::route_table, ti, f + "/destination",
                "\"{}\" appears twice in route table {}; a destination can have one route", dst,
                rt.id);
        }
        if (reserved.contains(dst)) {
          issue(ResourceKind::route_table, ti, f + "/destination",
                "\"{}\" is inside 169.254.168.0/22, which AWS reserves; routes to it are refused",
                dst);
        }
        target(ti, rt, route, f);
      }
    }
  }

  void target(RouteTableIndex ti, const RouteTable& rt, const Route& route, const std::string& f) {
    const auto& dst = route.destination;
    const Vpc& v = vpc(rt.vpc);
    const std::string tf = f + "/target";
    const auto& t = route.target;
    bool inside_vpc = false;
    for (const auto* cs : {&v.cidrs, &v.ipv6_cidrs}) {
      for (const auto& c : *cs)
        inside_vpc = inside_vpc || (c.contains(dst) && c != dst);
    }
    switch (t.kind) {
      case RouteTargetKind::local: {
        bool is_vpc_cidr = false;
        for (const auto* cs : {&v.cidrs, &v.ipv6_cidrs}) {
          for (const auto& c : *cs)
            is_vpc_cidr = is_vpc_cidr || c == dst;
        }
        if (!is_vpc_cidr) {
          issue(ResourceKind::route_table, ti, f + "/destination",
                "local route to \"{}\": local routes apply only to the CIDR blocks of VPC {}", dst,
                vpc_label(rt.vpc));
        }
        return;
      }
      case RouteTargetKind::internet_gateway: {
        const auto& g = d_.internet_gateways[t.index];
        if (g.vpc != rt.vpc) {
          issue(ResourceKind::route_table, ti, tf,
                "internet gateway {} is not attached to VPC {}; attach it "
                "(internet_gateways[].vpc) before routing to it",
                g.id, v.id);
        }
        break;
      }
      case RouteTargetKind::egress_only_internet_gateway: {
        const auto& g = d_.egress_only_internet_gateways[t.index];
        if (g.vpc != rt.vpc) {
          issue(ResourceKind::route_table, ti, tf,
                "egress-only internet gateway {} belongs to VPC {}, not {}", g.id, vpc(g.vpc).id,
                v.id);
        }
        if (dst.is_v4()) {
          issue(ResourceKind::route_table, ti, tf,
                "egress-only internet gateway {} carries IPv6 only, but the destination is \"{}\"; "
                "use a NAT gateway for IPv4",
                g.id, dst);
        }
        break;
      }
      case RouteTargetKind::nat_gateway: {
        const auto& n = d_.nat_gateways[t.index];
        const VpcIndex nv = d_.subnets[n.subnet.value()].vpc;
        if (nv != rt.vpc) {
          issue(ResourceKind::route_table, ti, tf,
                "NAT gateway {} is in VPC {}, but route table {} is in VPC {}; a route can only "
                "target a NAT gateway of its own VPC",
                n.id, vpc(nv).id, rt.id, v.id);
        }
        break;
      }
      case RouteTargetKind::peering_connection: {
        const auto& p = d_.peering_connections[t.index];
        if (!p.joins(rt.vpc)) {
          issue(ResourceKind::route_table, ti, tf,
                "peering connection {} joins {} and {}, not VPC {}", p.id, vpc(p.requester).id,
                vpc(p.accepter).id, v.id);
        }
        break;
      }
      case RouteTargetKind::network_interface: {
        const auto& e = d_.enis[t.index];
        const VpcIndex ev = d_.subnets[e.subnet.value()].vpc;
        if (ev != rt.vpc) {
          issue(ResourceKind::route_table, ti, tf, "network interface {} is in VPC {}, not {}",
                e.id, vpc(ev).id, v.id);
        }
        break;
      }
      case RouteTargetKind::unmodelled:  // what it accepts is not modelled yet
      case RouteTargetKind::blackhole:
        break;
    }
    // A route more specific than the local route must match a whole subnet CIDR and
    // target a NAT gateway, a network interface or a Gateway Load Balancer endpoint
    // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
    if (inside_vpc) {
      const bool target_ok =
          t.kind == RouteTargetKind::nat_gateway || t.kind == RouteTargetKind::network_interface ||
          t.kind == RouteTargetKind::blackhole ||
          (t.kind == RouteTargetKind::unmodelled && d_.unmodelled[t.index].kind == "VpcEndpoints");
      if (!is_subnet_cidr(rt.vpc, dst) || !target_ok) {
        issue(ResourceKind::route_table, ti, f + "/destination",
              "\"{}\" is more specific than the local route of VPC {}; such a route must match a "
              "whole subnet CIDR and target a NAT gateway, network interface or Gateway Load "
              "Balancer endpoint",
              dst, v.id);
      }
    }
  }

  bool is_subnet_cidr(VpcIndex v, const IpPrefix& p) const {
    return subnet_cidrs_.contains({v.value(), p});
  }
  std::set<std::pair<std::uint32_t, IpPrefix>> subnet_cidrs_;  // (VPC, IPv4 or IPv6 block)
};

}  // namespace

void check_routing(const TopologyData& d, std::vector<ValidationIssue>& out) {
  RoutingCheck(d, out).run();
}

}  // namespace vpcsim::model
