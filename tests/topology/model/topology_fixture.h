#pragma once
// Shared helpers for topology/model tests: parse addresses and prefixes, and build the
// resources of a TopologyData (VPCs, subnets, interfaces, routes, NACL entries, groups).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "topology/model/topology_data.h"
#include "topology/net/ip_address.h"
#include "topology/net/ip_prefix.h"

namespace vpcsim::test::topology_fixture {

inline net::IpPrefix P(const std::string& t) {
  return *net::IpPrefix::parse(t);
}
inline net::IpAddress A(const std::string& t) {
  return *net::IpAddress::parse(t);
}

inline model::Vpc vpc(std::string id, std::vector<std::string> cidrs, std::string v6 = "") {
  model::Vpc v;
  v.id = std::move(id);
  for (const auto& c : cidrs)
    v.cidrs.push_back(P(c));
  if (!v6.empty()) v.ipv6_cidrs.push_back(P(v6));
  v.region = "us-east-1";
  return v;
}

inline model::Subnet subnet(std::string id, std::uint32_t v, std::string cidr,
                            std::string v6 = "") {
  model::Subnet s;
  s.id = std::move(id);
  s.vpc = model::VpcIndex(v);
  s.cidr = P(cidr);
  if (!v6.empty()) s.ipv6_cidr = P(v6);
  return s;
}

inline model::Eni eni(std::string id, std::uint32_t s, std::vector<std::string> ips,
                      std::vector<std::uint32_t> sgs = {}) {
  model::Eni e;
  e.id = std::move(id);
  e.subnet = model::SubnetIndex(s);
  for (const auto& a : ips)
    e.private_ips.push_back(A(a));
  for (const auto g : sgs)
    e.security_groups.push_back(model::SgIndex(g));
  e.owner.kind = model::OwnerKind::instance;
  return e;
}

inline model::Route route(std::string dst, model::RouteTargetKind k, std::uint32_t index,
                          std::string id,
                          model::RouteOrigin origin = model::RouteOrigin::static_route) {
  model::Route r;
  r.destination = P(dst);
  r.target = model::RouteTarget{k, index, std::move(id)};
  r.origin = origin;
  return r;
}

inline model::NaclEntry entry(std::uint16_t n, std::string cidr = "0.0.0.0/0") {
  model::NaclEntry e;
  e.rule_number = n;
  e.cidr = P(cidr);
  e.action = model::RuleAction::allow;
  return e;
}

inline model::SecurityGroup group(std::string id, std::uint32_t v) {
  model::SecurityGroup g;
  g.id = std::move(id);
  g.vpc = model::VpcIndex(v);
  return g;
}

}  // namespace vpcsim::test::topology_fixture
