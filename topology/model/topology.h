#pragma once
// Topology: a validated TopologyData, immutable, indexed for the lookups the packet path
// makes: subnet → effective route table and NACL, (VPC, IP) → subnet and ENI, public IP →
// ENI, security group → member private IPs, route table → longest-prefix-match index.

#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <array>

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>

#include "topology/model/name_index.h"
#include "topology/model/topology_data.h"
#include "topology/net/lpm_table.h"

namespace vpcsim::model {

class Topology {
 public:
  // Precondition: validate(data) reported no issue (apply_aws_defaults already applied).
  explicit Topology(TopologyData data);

  const TopologyData& data() const { return data_; }
  const std::vector<Vpc>& vpcs() const { return data_.vpcs; }
  const std::vector<Subnet>& subnets() const { return data_.subnets; }
  const std::vector<RouteTable>& route_tables() const { return data_.route_tables; }
  const std::vector<NetworkAcl>& network_acls() const { return data_.network_acls; }
  const std::vector<SecurityGroup>& security_groups() const { return data_.security_groups; }
  const std::vector<PrefixList>& prefix_lists() const { return data_.prefix_lists; }
  const std::vector<Eni>& enis() const { return data_.enis; }
  const std::vector<InternetGateway>& internet_gateways() const { return data_.internet_gateways; }
  const std::vector<EgressOnlyInternetGateway>& egress_only_internet_gateways() const {
    return data_.egress_only_internet_gateways;
  }
  const std::vector<NatGateway>& nat_gateways() const { return data_.nat_gateways; }
  const std::vector<PeeringConnection>& peering_connections() const {
    return data_.peering_connections;
  }

  const Vpc& vpc(VpcIndex i) const { return data_.vpcs[i.value()]; }
  const Subnet& subnet(SubnetIndex i) const { return data_.subnets[i.value()]; }
  const RouteTable& route_table(RouteTableIndex i) const { return data_.route_tables[i.value()]; }
  const NetworkAcl& network_acl(NaclIndex i) const { return data_.network_acls[i.value()]; }
  const SecurityGroup& security_group(SgIndex i) const { return data_.security_groups[i.value()]; }
  const PrefixList& prefix_list(PrefixListIndex i) const { return data_.prefix_lists[i.value()]; }
  const Eni& eni(EniIndex i) const { return data_.enis[i.value()]; }
  const InternetGateway& internet_gateway(IgwIndex i) const {
    return data_.internet_gateways[i.value()];
  }
  const EgressOnlyInternetGateway& egress_only_internet_gateway(EigwIndex i) const {
    return data_.egress_only_internet_gateways[i.value()];
  }
  const NatGateway& nat_gateway(NatIndex i) const { return data_.nat_gateways[i.value()]; }
  const PeeringConnection& peering_connection(PeeringIndex i) const {
    return data_.peering_connections[i.value()];
  }

  // Associations with AWS's defaults applied: explicit association, else main / default.
  RouteTableIndex route_table_of(SubnetIndex s) const { return subnet_rtb_[s.value()]; }
  NaclIndex nacl_of(SubnetIndex s) const { return subnet_nacl_[s.value()]; }
  RouteTableIndex main_route_table(VpcIndex v) const { return per_vpc_[v.value()].main_rtb; }
  NaclIndex default_nacl(VpcIndex v) const { return per_vpc_[v.value()].default_nacl; }
  SgIndex default_security_group(VpcIndex v) const { return per_vpc_[v.value()].default_sg; }
  IgwIndex internet_gateway_of(VpcIndex v) const { return per_vpc_[v.value()].igw; }
  EigwIndex egress_only_internet_gateway_of(VpcIndex v) const { return per_vpc_[v.value()].eigw; }
  VpcIndex vpc_of(EniIndex e) const { return subnet(eni(e).subnet).vpc; }
  const std::vector<SubnetIndex>& subnets_using_route_table(RouteTableIndex r) const {
    return rtb_subnets_[r.value()];
  }
  const std::vector<SubnetIndex>& subnets_using_nacl(NaclIndex n) const {
    return nacl_subnets_[n.value()];
  }

  // The subnet of `vpc` whose CIDR contains `a`; invalid if none.
  SubnetIndex subnet_containing(VpcIndex vpc, net::IpAddress a) const;
  // The ENI of `vpc` owning private address `a`; invalid if none.
  EniIndex eni_by_private_ip(VpcIndex vpc, net::IpAddress a) const;
  // The ENI whose public IPv4 / Elastic IP is `a` (or a NAT gateway's EIP); invalid if none.
  EniIndex eni_by_public_ip(net::IpAddress a) const;
  // The NAT gateway whose interface is `e`; invalid if `e` is not a NAT gateway's.
  NatIndex nat_of_eni(EniIndex e) const;

  // Is `a` a private IP (IPv4 or IPv6) of some member of security group `sg`?
  bool is_member_ip(SgIndex sg, net::IpAddress a) const {
    return sg_members_[sg.value()].contains(a);
  }
  const std::vector<EniIndex>& members(SgIndex sg) const { return sg_member_enis_[sg.value()]; }

  // The route chosen for `dst` in table `rtb` (longest prefix; static over propagated on
  // an equal prefix), or nullptr when no route matches.
  const Route* lookup_route(RouteTableIndex rtb, net::IpAddress dst) const {
    const auto* i = rtb_lpm_[rtb.value()].lookup(dst);
    return i ? &data_.route_tables[rtb.value()].routes[*i] : nullptr;
  }

  // The resources of one kind by id and name; interfaces also by their owner's id (an
  // instance, load balancer or database: one owner may have several interfaces).
  const NameIndex& names(ResourceKind k) const { return names_[static_cast<std::size_t>(k)]; }
  // Finds a resource by id or name (ids first); nullopt if none.
  std::optional<EniIndex> find_eni(std::string_view id_or_name) const;
  std::optional<SubnetIndex> find_subnet(std::string_view id_or_name) const;
  std::optional<SgIndex> find_security_group(std::string_view id_or_name) const;

 private:
  void index_names();

  // Per-packet lookups: a flat table (one probe, no node chase).
  using AddressIndex =
      boost::unordered_flat_map<net::IpAddress, EniIndex, std::hash<net::IpAddress>>;
  struct PerVpc {
    RouteTableIndex main_rtb;
    NaclIndex default_nacl;
    SgIndex default_sg;
    IgwIndex igw;
    EigwIndex eigw;
    net::LpmTable<SubnetIndex> subnets;
    AddressIndex private_ips;
  };

  TopologyData data_;
  std::vector<PerVpc> per_vpc_;
  std::vector<RouteTableIndex> subnet_rtb_;
  std::vector<NaclIndex> subnet_nacl_;
  std::vector<net::LpmTable<std::uint32_t>> rtb_lpm_;
  std::vector<std::vector<SubnetIndex>> rtb_subnets_;
  std::vector<std::vector<SubnetIndex>> nacl_subnets_;
  std::vector<boost::unordered_flat_set<net::IpAddress, std::hash<net::IpAddress>>> sg_members_;
  std::vector<std::vector<EniIndex>> sg_member_enis_;
  AddressIndex public_ips_;
  std::vector<NatIndex> eni_nat_;
  std::array<NameIndex, static_cast<std::size_t>(ResourceKind::peering_connection) + 1> names_;
};

}  // namespace vpcsim::model
