#include "topology/model/validate.h"

#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace vpcsim::model {
namespace {

using net::IpAddress;
using net::IpPrefix;

class Checker {
 public:
  explicit Checker(const TopologyData& d) : d_(d) {}

  std::vector<ValidationIssue> run() {
    vpcs();
    subnets();
    route_tables();
    network_acls();
    security_groups();
    prefix_lists();
    enis();
    gateways();
    nat_gateways();
    peerings();
    return std::move(issues_);
  }

 private:
  template <class Index, class... Args>
  void issue(ResourceKind k, Index i, std::string field, fmt::format_string<Args...> f,
             Args&&... args) {
    issues_.push_back(
        ValidationIssue{ref(k, i), std::move(field), fmt::format(f, std::forward<Args>(args)...)});
  }

  const Vpc& vpc(VpcIndex v) const { return d_.vpcs[v.value()]; }
  std::string vpc_label(VpcIndex v) const {
    return fmt::format("{} {}", vpc(v).id, fmt::join(vpc(v).cidrs, ", "));
  }

  static std::string vpc_cidr_field(std::size_t i) {
    return i == 0 ? "cidr" : fmt::format("secondary_cidrs/{}", i - 1);
  }

  void vpcs() {
    for (std::uint32_t v = 0; v < d_.vpcs.size(); ++v) {
      const VpcIndex vi(v);
      const Vpc& x = d_.vpcs[v];
      if (x.cidrs.empty()) {
        issue(ResourceKind::vpc, vi, "cidr",
              "VPC {} has no IPv4 CIDR block; expected one such as 10.0.0.0/16", x.id);
      }
      for (std::size_t i = 0; i < x.cidrs.size(); ++i) {
        const auto& c = x.cidrs[i];
        if (!c.is_v4()) {
          issue(ResourceKind::vpc, vi, vpc_cidr_field(i),
                "\"{}\" is not an IPv4 CIDR block; put IPv6 blocks in ipv6_cidr", c);
        } else if (c.length() < 16 || c.length() > 28) {
          issue(ResourceKind::vpc, vi, vpc_cidr_field(i),
                "\"{}\" has prefix length /{}; a VPC CIDR block must be between /16 and /28", c,
                c.length());
        }
        for (std::size_t j = 0; j < i; ++j) {
          if (c.overlaps(x.cidrs[j])) {
            issue(ResourceKind::vpc, vi, vpc_cidr_field(i),
                  "\"{}\" overlaps CIDR block {} of the same VPC", c, x.cidrs[j]);
          }
        }
      }
      for (const auto& c : x.ipv6_cidrs) {
        if (c.is_v4() || c.length() > 64) {
          issue(ResourceKind::vpc, vi, "ipv6_cidr",
                "\"{}\" is not a valid VPC IPv6 block; expected an IPv6 prefix of /64 or shorter "
                "(AWS assigns a /56)",
                c);
        }
      }
    }
  }

  void subnets() {
    for (std::uint32_t s = 0; s < d_.subnets.size(); ++s) {
      const SubnetIndex si(s);
      const Subnet& x = d_.subnets[s];
      const Vpc& v = vpc(x.vpc);
      if (!x.cidr.is_v4()) {
        issue(ResourceKind::subnet, si, "cidr",
              "\"{}\" is not an IPv4 CIDR block; put the IPv6 block in ipv6_cidr", x.cidr);
        continue;
      }
      if (x.cidr.length() < 16 || x.cidr.length() > 28) {
        issue(ResourceKind::subnet, si, "cidr",
              "\"{}\" has prefix length /{}; a subnet CIDR block must be between /16 and /28",
              x.cidr, x.cidr.length());
      }
      bool inside = false;
      for (const auto& c : v.cidrs)
        inside = inside || c.contains(x.cidr);
      if (!inside) {
        issue(ResourceKind::subnet, si, "cidr", "\"{}\" is not inside VPC {}", x.cidr,
              vpc_label(x.vpc));
      }
      for (std::uint32_t o = 0; o < s; ++o) {
        const Subnet& y = d_.subnets[o];
        if (y.vpc == x.vpc && y.cidr.overlaps(x.cidr)) {
          issue(ResourceKind::subnet, si, "cidr", "\"{}\" overlaps subnet {} {} in VPC {}", x.cidr,
                y.id, y.cidr, v.id);
        }
      }
      if (x.ipv6_cidr) {
        const auto& c6 = *x.ipv6_cidr;
        if (!v.has_ipv6()) {
          issue(ResourceKind::subnet, si, "ipv6_cidr",
                "\"{}\": VPC {} has no IPv6 CIDR block; give the VPC an ipv6_cidr first", c6, v.id);
        } else if (c6.is_v4() || c6.length() != 64 || !v.ipv6_cidrs.front().contains(c6)) {
          issue(ResourceKind::subnet, si, "ipv6_cidr",
                "\"{}\" is not a /64 inside VPC {} IPv6 block {}", c6, v.id, v.ipv6_cidrs.front());
        }
        for (std::uint32_t o = 0; o < s; ++o) {
          const Subnet& y = d_.subnets[o];
          if (y.vpc == x.vpc && y.ipv6_cidr && y.ipv6_cidr->overlaps(c6)) {
            issue(ResourceKind::subnet, si, "ipv6_cidr", "\"{}\" overlaps subnet {} {}", c6, y.id,
                  *y.ipv6_cidr);
          }
        }
      }
      if (x.route_table.valid() && d_.route_tables[x.route_table.value()].vpc != x.vpc) {
        const auto& rt = d_.route_tables[x.route_table.value()];
        issue(ResourceKind::subnet, si, "route_table",
              "route table {} belongs to VPC {}, but subnet {} is in VPC {}; a subnet can only use "
              "a route table of its own VPC",
              rt.id, vpc(rt.vpc).id, x.id, v.id);
      }
      if (x.network_acl.valid() && d_.network_acls[x.network_acl.value()].vpc != x.vpc) {
        const auto& n = d_.network_acls[x.network_acl.value()];
        issue(ResourceKind::subnet, si, "network_acl",
              "network ACL {} belongs to VPC {}, but subnet {} is in VPC {}; a subnet can only use "
              "a network ACL of its own VPC",
              n.id, vpc(n.vpc).id, x.id, v.id);
      }
    }
  }

  bool is_subnet_cidr(VpcIndex v, const IpPrefix& p) const {
    for (const auto& s : d_.subnets) {
      if (s.vpc == v && (s.cidr == p || (s.ipv6_cidr && *s.ipv6_cidr == p))) return true;
    }
    return false;
  }

  void route_tables() {
    std::map<std::uint32_t, std::uint32_t> main_of_vpc;
    const auto reserved = *IpPrefix::parse("169.254.168.0/22");
    for (std::uint32_t t = 0; t < d_.route_tables.size(); ++t) {
      const RouteTableIndex ti(t);
      const RouteTable& rt = d_.route_tables[t];
      const Vpc& v = vpc(rt.vpc);
      if (rt.main) {
        const auto [it, fresh] = main_of_vpc.emplace(rt.vpc.value(), t);
        if (!fresh) {
          issue(ResourceKind::route_table, ti, "main",
                "VPC {} already has main route table {}; a VPC has exactly one main route table",
                v.id, d_.route_tables[it->second].id);
        }
      }
      std::set<std::pair<IpPrefix, RouteOrigin>> seen;
      for (std::size_t r = 0; r < rt.routes.size(); ++r) {
        const Route& route = rt.routes[r];
        const std::string f = fmt::format("routes/{}", r);
        const auto& dst = route.destination;
        if (!seen.emplace(dst, route.origin).second) {
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
      case RouteTargetKind::blackhole:
        break;
    }
    // A route more specific than the local route must match a whole subnet CIDR and
    // target a NAT gateway or a network interface
    // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
    if (inside_vpc) {
      const bool target_ok = t.kind == RouteTargetKind::nat_gateway ||
                             t.kind == RouteTargetKind::network_interface ||
                             t.kind == RouteTargetKind::blackhole;
      if (!is_subnet_cidr(rt.vpc, dst) || !target_ok) {
        issue(ResourceKind::route_table, ti, f + "/destination",
              "\"{}\" is more specific than the local route of VPC {}; such a route must match a "
              "whole subnet CIDR and target a NAT gateway or network interface",
              dst, v.id);
      }
    }
  }

  void network_acls() {
    std::map<std::uint32_t, std::uint32_t> default_of_vpc;
    for (std::uint32_t n = 0; n < d_.network_acls.size(); ++n) {
      const NaclIndex ni(n);
      const NetworkAcl& acl = d_.network_acls[n];
      if (acl.is_default) {
        const auto [it, fresh] = default_of_vpc.emplace(acl.vpc.value(), n);
        if (!fresh) {
          issue(ResourceKind::network_acl, ni, "default",
                "VPC {} already has default network ACL {}; a VPC has exactly one", vpc(acl.vpc).id,
                d_.network_acls[it->second].id);
        }
      }
      for (const Direction d : {Direction::inbound, Direction::outbound}) {
        std::map<std::uint16_t, std::size_t> numbers;
        const auto& es = acl.entries(d);
        for (std::size_t i = 0; i < es.size(); ++i) {
          const auto& e = es[i];
          const std::string f = fmt::format("{}/{}/rule", direction_name(d), i);
          if (e.rule_number < 1 || e.rule_number > 32766) {
            issue(ResourceKind::network_acl, ni, f,
                  "{} is not a valid rule number; expected 1 to 32766 (32767 and above are "
                  "reserved for the * rule)",
                  e.rule_number);
          } else if (const auto [it, fresh] = numbers.emplace(e.rule_number, i); !fresh) {
            issue(ResourceKind::network_acl, ni, f,
                  "rule number {} is already used by {} entry {} of network ACL {}; rule numbers "
                  "are unique per direction",
                  e.rule_number, direction_name(d), it->second, acl.id);
          }
        }
      }
    }
  }

  void security_groups() {
    std::map<std::uint32_t, std::uint32_t> default_of_vpc;
    for (std::uint32_t g = 0; g < d_.security_groups.size(); ++g) {
      const SgIndex gi(g);
      const SecurityGroup& sg = d_.security_groups[g];
      if (sg.is_default) {
        const auto [it, fresh] = default_of_vpc.emplace(sg.vpc.value(), g);
        if (!fresh) {
          issue(ResourceKind::security_group, gi, "default",
                "VPC {} already has default security group {}", vpc(sg.vpc).id,
                d_.security_groups[it->second].id);
        }
      }
      for (const Direction d : {Direction::inbound, Direction::outbound}) {
        const auto& rules = sg.rules(d);
        for (std::size_t i = 0; i < rules.size(); ++i) {
          const auto& r = rules[i];
          if (r.peer.kind != SgPeerKind::security_group) continue;
          const auto& other = d_.security_groups[r.peer.group.value()];
          if (other.vpc == sg.vpc) continue;
          // Same VPC, or a peered VPC in the same Region with an active connection
          // (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html).
          bool peered = false;
          for (const auto& p : d_.peering_connections) {
            peered = peered ||
                     (p.status == PeeringStatus::active && p.joins(sg.vpc) &&
                      p.other(sg.vpc) == other.vpc && vpc(sg.vpc).region == vpc(other.vpc).region);
          }
          if (!peered) {
            issue(ResourceKind::security_group, gi,
                  fmt::format("{}/{}/group", direction_name(d), i),
                  "security group {} is in VPC {}; a rule of {} (VPC {}) can reference only groups "
                  "of its own VPC or of an actively peered VPC in the same Region",
                  other.id, vpc(other.vpc).id, sg.id, vpc(sg.vpc).id);
          }
        }
      }
    }
  }

  void prefix_lists() {
    for (std::uint32_t p = 0; p < d_.prefix_lists.size(); ++p) {
      const auto& pl = d_.prefix_lists[p];
      if (pl.max_entries != 0 && pl.entries.size() > pl.max_entries) {
        issue(ResourceKind::prefix_list, PrefixListIndex(p), "entries",
              "prefix list {} has {} entries but max_entries is {}", pl.id, pl.entries.size(),
              pl.max_entries);
      }
    }
  }

  void enis() {
    // Private addresses are unique within a VPC; public ones globally.
    std::vector<std::unordered_map<IpAddress, std::uint32_t>> private_by_vpc(d_.vpcs.size());
    std::unordered_map<IpAddress, std::string> public_owner;
    for (const auto& n : d_.nat_gateways) {
      if (n.elastic_ip) public_owner.emplace(*n.elastic_ip, n.id);
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
      if (x.security_groups.size() > 5) {
        issue(ResourceKind::network_interface, ei, "security_groups",
              "network interface {} has {} security groups; the quota is 5 per network interface",
              x.id, x.security_groups.size());
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

  void gateways() {
    std::map<std::uint32_t, std::uint32_t> igw_of_vpc;
    for (std::uint32_t i = 0; i < d_.internet_gateways.size(); ++i) {
      const auto& g = d_.internet_gateways[i];
      if (!g.vpc.valid()) continue;
      if (const auto [it, fresh] = igw_of_vpc.emplace(g.vpc.value(), i); !fresh) {
        issue(ResourceKind::internet_gateway, IgwIndex(i), "vpc",
              "VPC {} already has internet gateway {} attached; a VPC can have one at a time",
              vpc(g.vpc).id, d_.internet_gateways[it->second].id);
      }
    }
    std::map<std::uint32_t, std::uint32_t> eigw_of_vpc;
    for (std::uint32_t i = 0; i < d_.egress_only_internet_gateways.size(); ++i) {
      const auto& g = d_.egress_only_internet_gateways[i];
      if (const auto [it, fresh] = eigw_of_vpc.emplace(g.vpc.value(), i); !fresh) {
        issue(ResourceKind::egress_only_internet_gateway, EigwIndex(i), "vpc",
              "VPC {} already has egress-only internet gateway {}", vpc(g.vpc).id,
              d_.egress_only_internet_gateways[it->second].id);
      }
    }
  }

  void nat_gateways() {
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
        bool has_igw = false;
        for (const auto& g : d_.internet_gateways)
          has_igw = has_igw || g.vpc == v;
        if (!has_igw) {
          issue(ResourceKind::nat_gateway, ni, "subnet",
                "Network {} has no internet gateway attached: a public NAT gateway must be created "
                "in a VPC with an internet gateway",
                vpc(v).id);
        }
      } else if (n.elastic_ip) {
        issue(ResourceKind::nat_gateway, ni, "elastic_ip",
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

  const TopologyData& d_;
  std::vector<ValidationIssue> issues_;
};

}  // namespace

std::string private_ip_field(std::size_t i) {
  return i == 0 ? "private_ip" : fmt::format("secondary_private_ips/{}", i - 1);
}

std::vector<ValidationIssue> validate(const TopologyData& data) {
  return Checker(data).run();
}

}  // namespace vpcsim::model
