#include "topology/model/validate.h"

#include <random>
#include <set>
#include <string>
#include <utility>

#include <doctest/doctest.h>

namespace {

using namespace vpcsim::model;
using vpcsim::net::IpAddress;
using vpcsim::net::IpPrefix;

IpPrefix P(const std::string& t) {
  return *IpPrefix::parse(t);
}
IpAddress A(const std::string& t) {
  return *IpAddress::parse(t);
}

TopologyData base() {
  TopologyData d;
  Vpc v;
  v.id = "vpc-a";
  v.cidrs = {P("10.0.0.0/16")};
  d.vpcs = {v};
  Subnet s;
  s.id = "subnet-a";
  s.vpc = VpcIndex(0);
  s.cidr = P("10.0.1.0/24");
  d.subnets = {s};
  Eni e;
  e.id = "eni-a";
  e.subnet = SubnetIndex(0);
  e.private_ips = {A("10.0.1.10")};
  d.enis = {e};
  apply_aws_defaults(d);
  return d;
}

}  // namespace

TEST_CASE("validate: a minimal topology has no issues") {
  CHECK(validate(base()).empty());
}

TEST_CASE("validate: a subnet outside its VPC names the subnet, the field and the VPC") {
  auto d = base();
  d.subnets[0].cidr = P("10.9.0.0/24");
  d.enis.clear();
  const auto issues = validate(d);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].where == ResourceRef{ResourceKind::subnet, 0});
  CHECK(issues[0].field == "cidr");
  CHECK(issues[0].message == "\"10.9.0.0/24\" is not inside VPC vpc-a 10.0.0.0/16");
}

// The first four addresses and the last one of a subnet are reserved
// (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
TEST_CASE("validate: reserved subnet addresses cannot be interface addresses") {
  for (const std::string ip : {"10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255"}) {
    CAPTURE(ip);
    auto d = base();
    d.enis[0].private_ips = {A(ip)};
    const auto issues = validate(d);
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].where == ResourceRef{ResourceKind::network_interface, 0});
    CHECK(issues[0].field == "private_ip");
    CHECK(issues[0].message.find("is reserved by AWS") != std::string::npos);
  }
  for (const std::string ip : {"10.0.1.4", "10.0.1.254"}) {
    auto d = base();
    d.enis[0].private_ips = {A(ip)};
    CHECK(validate(d).empty());
  }
}

// Rule numbers 1..32766, unique per direction
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html).
TEST_CASE("validate: NACL rule numbers, and every issue is reported (not just the first)") {
  auto d = base();
  NetworkAcl acl;
  acl.id = "acl-x";
  acl.vpc = VpcIndex(0);
  NaclEntry e;
  e.rule_number = 32767;
  acl.inbound = {e};
  e.rule_number = 0;
  acl.inbound.push_back(e);
  e.rule_number = 100;
  acl.outbound = {e, e};
  d.network_acls.push_back(acl);
  const auto issues = validate(d);
  REQUIRE(issues.size() == 3);
  const ResourceRef ref{ResourceKind::network_acl, 1};
  CHECK(issues[0].where == ref);
  CHECK(issues[0].field == "inbound/0/rule");
  CHECK(issues[0].message.rfind("32767 is not a valid rule number", 0) == 0);
  CHECK(issues[1].field == "inbound/1/rule");
  CHECK(issues[2].field == "outbound/1/rule");
  CHECK(issues[2].message.find("rule number 100 is already used by outbound entry 0") !=
        std::string::npos);
}

// Subnets of one VPC cannot overlap
// (https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html); the same block in
// two VPCs is fine. The check sorts blocks instead of comparing every pair: it must find
// exactly the pairs a comparison of every pair finds, each once, on the later subnet.
TEST_CASE("validate: overlapping subnets are exactly the overlapping pairs of one VPC") {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    auto d = base();
    d.enis.clear();
    Vpc b = d.vpcs[0];
    b.id = "vpc-b";
    d.vpcs.push_back(b);
    d.subnets.clear();
    for (int i = 0; i < 60; ++i) {
      Subnet s;
      s.id = "subnet-" + std::to_string(i);
      s.vpc = VpcIndex(static_cast<std::uint32_t>(rng() % 2));
      const int length = 20 + static_cast<int>(rng() % 9);  // /20 to /28 inside 10.0.0.0/16
      const std::uint32_t host = (10u << 24) | (rng() & 0xFFFFu);
      const std::uint32_t mask = ~std::uint32_t{0} << (32 - length);
      const auto network = host & mask;
      s.cidr = P(std::to_string(network >> 24) + "." + std::to_string(network >> 16 & 255) + "." +
                 std::to_string(network >> 8 & 255) + "." + std::to_string(network & 255) + "/" +
                 std::to_string(length));
      d.subnets.push_back(s);
    }
    apply_aws_defaults(d);
    std::set<std::pair<std::uint32_t, std::string>> expected, found;
    for (std::uint32_t i = 0; i < d.subnets.size(); ++i) {
      for (std::uint32_t j = 0; j < i; ++j) {
        const auto &x = d.subnets[i], &y = d.subnets[j];
        if (x.vpc == y.vpc && x.cidr.overlaps(y.cidr)) expected.emplace(i, y.id + " ");
      }
    }
    for (const auto& issue : validate(d)) {
      const auto at = issue.message.find(" overlaps subnet ");
      if (issue.field != "cidr" || at == std::string::npos) continue;
      const auto id = issue.message.substr(at + 17, issue.message.find(' ', at + 17) - at - 16);
      CHECK(found.emplace(issue.where.index, id).second);  // each pair once
    }
    CHECK(found == expected);
    CHECK(!expected.empty());
  }
}

TEST_CASE("private_ip_field names the primary and the secondary addresses") {
  CHECK(private_ip_field(0) == "private_ip");
  CHECK(private_ip_field(1) == "secondary_private_ips/0");
  CHECK(private_ip_field(3) == "secondary_private_ips/2");
}
