#include "topology/model/topology.h"

#include <algorithm>

#include "topology/net/invariant.h"

namespace vpcsim::model {
namespace {

template <class Vec, class Pred>
std::uint32_t find_index(const Vec& v, Pred pred) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (pred(v[i])) return static_cast<std::uint32_t>(i);
  }
  return UINT32_MAX;
}

// Strips the resource-type prefix of an id ("vpc-main" → "main") for derived ids.
std::string suffix_of(const std::string& id) {
  const auto dash = id.find('-');
  return dash == std::string::npos ? id : id.substr(dash + 1);
}

SgRule allow_all_to(net::IpPrefix cidr) {
  SgRule r;
  r.peer.cidr = cidr;
  return r;
}

NaclEntry allow_all_entry(std::uint16_t number, net::IpPrefix cidr) {
  NaclEntry e;
  e.rule_number = number;
  e.cidr = cidr;
  e.action = RuleAction::allow;
  return e;
}

// The first interface to claim an address keeps it (the validator reports duplicates).
template <class Map>
void add_first(Map& m, const net::IpAddress& a, EniIndex e) {
  m.try_emplace(a, e);  // the first claim wins
}

}  // namespace

void apply_aws_defaults(TopologyData& data) {
  const auto v4_all = net::IpPrefix::all(net::IpFamily::v4);
  const auto v6_all = net::IpPrefix::all(net::IpFamily::v6);
  for (std::uint32_t v = 0; v < data.vpcs.size(); ++v) {
    const VpcIndex vi(v);
    const Vpc& vpc = data.vpcs[v];
    const std::string tag = suffix_of(vpc.id);

    // Main route table: "contains only a local route"
    // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
    if (find_index(data.route_tables, [&](const RouteTable& r) { return r.vpc == vi && r.main; }) ==
        UINT32_MAX) {
      data.route_tables.push_back(RouteTable{"rtb-main-" + tag, "", vi, true, {}});
    }
    // Default NACL: allow all IPv4 (100) and, with an IPv6 block, all IPv6 (101)
    // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).
    if (find_index(data.network_acls, [&](const NetworkAcl& n) {
          return n.vpc == vi && n.is_default;
        }) == UINT32_MAX) {
      NetworkAcl acl{"acl-default-" + tag, "", vi, true, {}, {}};
      for (const Direction d : {Direction::inbound, Direction::outbound}) {
        acl.entries(d).push_back(allow_all_entry(100, v4_all));
        if (vpc.has_ipv6()) acl.entries(d).push_back(allow_all_entry(101, v6_all));
      }
      data.network_acls.push_back(std::move(acl));
    }
    // Default security group: inbound all from itself, outbound all
    // (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
    std::uint32_t sg = find_index(
        data.security_groups, [&](const SecurityGroup& g) { return g.vpc == vi && g.is_default; });
    if (sg == UINT32_MAX) {
      sg = static_cast<std::uint32_t>(data.security_groups.size());
      SecurityGroup g{
          "sg-default-" + tag, "default", vi, "default VPC security group", true, {}, {}};
      SgRule self;
      self.peer.kind = SgPeerKind::security_group;
      self.peer.group = SgIndex(sg);
      g.inbound.push_back(self);
      g.outbound.push_back(allow_all_to(v4_all));
      if (vpc.has_ipv6()) g.outbound.push_back(allow_all_to(v6_all));
      data.security_groups.push_back(std::move(g));
    }
    // Instances launched without a security group get the VPC's default group.
    for (Eni& e : data.enis) {
      // Not an owner AWS applies no group to (Eni::security_groups_apply: NAT gateways, GWLB
      // endpoints, an NLB created without any).
      if (e.security_groups.empty() && e.owner.kind != OwnerKind::nat_gateway &&
          e.owner.kind != OwnerKind::nlb && e.owner.kind != OwnerKind::gwlb_endpoint &&
          e.subnet.valid() && e.subnet.value() < data.subnets.size() &&
          data.subnets[e.subnet.value()].vpc == vi) {
        e.security_groups.push_back(SgIndex(sg));
      }
    }
  }
  // Local routes: one per VPC CIDR block in every route table, unless given
  // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
  for (RouteTable& rt : data.route_tables) {
    if (!rt.vpc.valid() || rt.vpc.value() >= data.vpcs.size()) continue;
    const Vpc& vpc = data.vpcs[rt.vpc.value()];
    std::vector<Route> locals;
    for (const auto* cidrs : {&vpc.cidrs, &vpc.ipv6_cidrs}) {
      for (const auto& c : *cidrs) {
        const bool present = std::any_of(rt.routes.begin(), rt.routes.end(), [&](const Route& r) {
          return r.destination == c && r.target.kind == RouteTargetKind::local;
        });
        if (!present) {
          Route local;
          local.destination = c;
          local.target = RouteTarget{RouteTargetKind::local, 0, "local"};
          locals.push_back(std::move(local));
        }
      }
    }
    // Appended, not prepended: validation names routes by index ("routes/0/target") and the
    // loader maps that index to the route's JSON pointer, so given routes keep their places.
    rt.routes.insert(rt.routes.end(), locals.begin(), locals.end());
  }
  // A route whose target was deleted is a blackhole (a deleted NAT gateway's routes:
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
  for (auto& rtb : data.route_tables) {
    for (auto& r : rtb.routes) {
      if (r.target.kind == RouteTargetKind::nat_gateway &&
          r.target.index < data.nat_gateways.size() &&
          data.nat_gateways[r.target.index].state == NatState::deleted) {
        r.state = RouteState::blackhole;
      }
    }
  }
}

Topology::Topology(TopologyData data) : data_(std::move(data)) {
  const auto nvpc = data_.vpcs.size();
  per_vpc_.resize(nvpc);
  const auto in_vpc = [&](VpcIndex v) { return v.valid() && v.value() < nvpc; };
  for (std::uint32_t i = 0; i < data_.route_tables.size(); ++i) {
    const auto& r = data_.route_tables[i];
    VPCSIM_ASSERT(in_vpc(r.vpc), "a route table belongs to a VPC of the topology");
    if (r.main) per_vpc_[r.vpc.value()].main_rtb = RouteTableIndex(i);
  }
  for (auto& n : data_.network_acls) {
    for (const Direction d : {Direction::inbound, Direction::outbound}) {
      std::stable_sort(
          n.entries(d).begin(), n.entries(d).end(),
          [](const NaclEntry& a, const NaclEntry& b) { return a.rule_number < b.rule_number; });
    }
  }
  for (std::uint32_t i = 0; i < data_.network_acls.size(); ++i) {
    const auto& n = data_.network_acls[i];
    if (n.is_default) per_vpc_[n.vpc.value()].default_nacl = NaclIndex(i);
  }
  for (std::uint32_t i = 0; i < data_.security_groups.size(); ++i) {
    const auto& g = data_.security_groups[i];
    if (g.is_default) per_vpc_[g.vpc.value()].default_sg = SgIndex(i);
  }
  for (std::uint32_t i = 0; i < data_.internet_gateways.size(); ++i) {
    const auto& g = data_.internet_gateways[i];
    if (g.vpc.valid()) per_vpc_[g.vpc.value()].igw = IgwIndex(i);
  }
  for (std::uint32_t i = 0; i < data_.egress_only_internet_gateways.size(); ++i) {
    per_vpc_[data_.egress_only_internet_gateways[i].vpc.value()].eigw = EigwIndex(i);
  }
  subnet_rtb_.resize(data_.subnets.size());
  subnet_nacl_.resize(data_.subnets.size());
  for (std::uint32_t i = 0; i < data_.subnets.size(); ++i) {
    const auto& s = data_.subnets[i];
    VPCSIM_ASSERT(in_vpc(s.vpc), "a subnet belongs to a VPC of the topology");
    auto& pv = per_vpc_[s.vpc.value()];
    subnet_rtb_[i] = s.route_table.valid() ? s.route_table : pv.main_rtb;
    subnet_nacl_[i] = s.network_acl.valid() ? s.network_acl : pv.default_nacl;
    pv.subnets.insert(s.cidr, SubnetIndex(i));
    if (s.ipv6_cidr) pv.subnets.insert(*s.ipv6_cidr, SubnetIndex(i));
  }
  rtb_subnets_.resize(data_.route_tables.size());
  nacl_subnets_.resize(data_.network_acls.size());
  for (std::uint32_t i = 0; i < data_.subnets.size(); ++i) {
    if (subnet_rtb_[i].valid()) rtb_subnets_[subnet_rtb_[i].value()].push_back(SubnetIndex(i));
    if (subnet_nacl_[i].valid()) nacl_subnets_[subnet_nacl_[i].value()].push_back(SubnetIndex(i));
  }
  index_names();
  rtb_lpm_.resize(data_.route_tables.size());
  for (std::uint32_t t = 0; t < data_.route_tables.size(); ++t) {
    const auto& routes = data_.route_tables[t].routes;
    // Static routes first, then prefix-list routes, then propagated ones, so that on an equal
    // prefix the first kind is kept
    // (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html). Two prefix
    // lists with one CIDR: "we randomly choose which route takes priority. Thereafter, the same
    // route always takes priority" (VPC_Route_Tables.html): the first listed, always.
    for (const RouteOrigin pass :
         {RouteOrigin::static_route, RouteOrigin::prefix_list, RouteOrigin::propagated}) {
      for (std::uint32_t r = 0; r < routes.size(); ++r) {
        if (routes[r].origin == pass) rtb_lpm_[t].insert(routes[r].destination, r);
      }
    }
  }
  sg_members_.resize(data_.security_groups.size());
  sg_member_enis_.resize(data_.security_groups.size());
  eni_nat_.resize(data_.enis.size());
  for (std::uint32_t i = 0; i < data_.enis.size(); ++i) {
    const auto& e = data_.enis[i];
    VPCSIM_ASSERT(e.subnet.valid() && e.subnet.value() < data_.subnets.size(),
                  "an interface is in a subnet of the topology");
    auto& pv = per_vpc_[data_.subnets[e.subnet.value()].vpc.value()];
    for (const auto& a : e.private_ips)
      add_first(pv.private_ips, a, EniIndex(i));
    for (const auto& a : e.ipv6_addresses)
      add_first(pv.private_ips, a, EniIndex(i));
    if (e.public_ip) add_first(public_ips_, *e.public_ip, EniIndex(i));
    for (const SgIndex g : e.security_groups) {
      sg_member_enis_[g.value()].push_back(EniIndex(i));
      for (const auto& a : e.private_ips)
        sg_members_[g.value()].insert(a);
      for (const auto& a : e.ipv6_addresses)
        sg_members_[g.value()].insert(a);
    }
  }
  for (std::uint32_t i = 0; i < data_.nat_gateways.size(); ++i) {
    const auto& n = data_.nat_gateways[i];
    eni_nat_[n.eni.value()] = NatIndex(i);
    if (n.elastic_ip) add_first(public_ips_, *n.elastic_ip, n.eni);
    for (const auto& s : n.secondary)
      if (s.elastic_ip) add_first(public_ips_, *s.elastic_ip, n.eni);
  }
}

SubnetIndex Topology::subnet_containing(VpcIndex vpc, net::IpAddress a) const {
  const auto* s = per_vpc_[vpc.value()].subnets.lookup(a);
  return s ? *s : SubnetIndex();
}

EniIndex Topology::eni_by_private_ip(VpcIndex vpc, net::IpAddress a) const {
  const auto& index = per_vpc_[vpc.value()].private_ips;
  const auto e = index.find(a);
  return e == index.end() ? EniIndex() : e->second;
}

EniIndex Topology::eni_by_public_ip(net::IpAddress a) const {
  const auto e = public_ips_.find(a);
  return e == public_ips_.end() ? EniIndex() : e->second;
}

NatIndex Topology::nat_of_eni(EniIndex e) const {
  return eni_nat_[e.value()];
}

namespace {
template <class Vec>
void index_kind(NameIndex& index, const Vec& v) {
  for (const auto& x : v)
    index.add(x.id, x.name);
}
template <class Index>
std::optional<Index> find_in(const NameIndex& index, std::string_view key) {
  const auto i = index.find_one(key);
  return i ? std::optional<Index>(Index(*i)) : std::nullopt;
}
}  // namespace

void Topology::index_names() {
  const auto at = [&](ResourceKind k) -> NameIndex& { return names_[static_cast<std::size_t>(k)]; };
  index_kind(at(ResourceKind::vpc), data_.vpcs);
  index_kind(at(ResourceKind::subnet), data_.subnets);
  index_kind(at(ResourceKind::route_table), data_.route_tables);
  index_kind(at(ResourceKind::network_acl), data_.network_acls);
  index_kind(at(ResourceKind::security_group), data_.security_groups);
  index_kind(at(ResourceKind::prefix_list), data_.prefix_lists);
  index_kind(at(ResourceKind::network_interface), data_.enis);
  for (std::uint32_t i = 0; i < data_.enis.size(); ++i)
    at(ResourceKind::network_interface).alias(data_.enis[i].owner.id, i);
  index_kind(at(ResourceKind::internet_gateway), data_.internet_gateways);
  index_kind(at(ResourceKind::egress_only_internet_gateway), data_.egress_only_internet_gateways);
  index_kind(at(ResourceKind::nat_gateway), data_.nat_gateways);
  index_kind(at(ResourceKind::peering_connection), data_.peering_connections);
}

std::optional<EniIndex> Topology::find_eni(std::string_view key) const {
  return find_in<EniIndex>(names(ResourceKind::network_interface), key);
}
std::optional<SubnetIndex> Topology::find_subnet(std::string_view key) const {
  return find_in<SubnetIndex>(names(ResourceKind::subnet), key);
}
std::optional<SgIndex> Topology::find_security_group(std::string_view key) const {
  return find_in<SgIndex>(names(ResourceKind::security_group), key);
}

}  // namespace vpcsim::model
