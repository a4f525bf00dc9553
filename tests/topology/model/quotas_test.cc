// Quotas AWS enforces and validate() checks, as the VPC quotas page states them
// (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html), with the account's
// raised values from a topology's "quotas".
#include "topology/model/quotas.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/topology/model/topology_fixture.h"
#include "topology/load/scenario_loader.h"
#include "topology/model/validate.h"

using namespace vpcsim;
using namespace vpcsim::test::topology_fixture;

namespace {

model::TopologyData one_vpc() {
  model::TopologyData d;
  d.vpcs = {vpc("vpc-a", {"10.0.0.0/16"}, "2001:db8::/56")};
  model::apply_aws_defaults(d);
  return d;
}

model::SgRule cidr_rule(const std::string& cidr) {
  model::SgRule r;
  r.protocol = net::Protocol::tcp();
  r.ports = net::PortRange::single(443);
  r.peer.cidr = P(cidr);
  return r;
}

std::string messages(const model::TopologyData& d) {
  std::string all;
  for (const auto& i : model::validate(d))
    all += i.field + ": " + i.message + "\n";
  return all;
}

}  // namespace

TEST_CASE("security group rules: 60 per direction and IP family, counted apart") {
  // "This quota is enforced separately for IPv4 rules and IPv6 rules … a security group can
  // have 60 inbound rules for IPv4 traffic and 60 inbound rules for IPv6 traffic".
  auto d = one_vpc();
  auto g = group("sg-big", 0);
  for (int i = 0; i < 60; ++i) {
    g.inbound.push_back(cidr_rule("10.1." + std::to_string(i) + ".0/24"));
    g.inbound.push_back(cidr_rule("2001:db8:1:" + std::to_string(i) + "::/64"));
  }
  d.security_groups.push_back(g);
  CHECK(messages(d).empty());
  d.security_groups.back().inbound.push_back(cidr_rule("10.2.0.0/24"));  // the 61st IPv4 rule
  const auto m = messages(d);
  CHECK(m.find("inbound: the inbound IPv4 rules of security group sg-big weigh 61") !=
        std::string::npos);
  CHECK(m.find("IPv6") == std::string::npos);
  // Raised to 100 by the account: accepted.
  d.quotas.security_group_rules = 100;
  CHECK(messages(d).empty());
}

TEST_CASE("security group rules: a prefix list counts as its maximum entries") {
  // "When you reference a prefix list in a security group rule, the maximum number of entries
  // for the prefix lists counts as the same number of rules"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
  auto d = one_vpc();
  model::PrefixList pl;
  pl.id = "pl-office";
  pl.entries = {P("192.0.2.0/24")};
  pl.max_entries = 50;
  d.prefix_lists.push_back(pl);
  auto g = group("sg-office", 0);
  for (int i = 0; i < 10; ++i)
    g.outbound.push_back(cidr_rule("10.1." + std::to_string(i) + ".0/24"));
  model::SgRule via_list = cidr_rule("0.0.0.0/0");
  via_list.peer.kind = model::SgPeerKind::prefix_list;
  via_list.peer.prefix_list = model::PrefixListIndex(0);
  g.outbound.push_back(via_list);
  d.security_groups.push_back(g);
  CHECK(messages(d).empty());  // 10 + 50 = 60
  d.security_groups.back().outbound.push_back(cidr_rule("10.9.0.0/24"));
  CHECK(messages(d).find("outbound IPv4 rules of security group sg-office weigh 61") !=
        std::string::npos);
}

TEST_CASE("network ACL rules: 20 per direction and family, the * rule included") {
  // "This is a one-way quota … This quota includes the default deny rules".
  auto d = one_vpc();
  model::NetworkAcl acl;
  acl.id = "acl-big";
  acl.vpc = model::VpcIndex(0);
  for (std::uint16_t n = 1; n <= 19; ++n) {
    acl.inbound.push_back(entry(n));
    acl.outbound.push_back(entry(n, "::/0"));
  }
  d.network_acls.push_back(acl);
  CHECK(messages(d).empty());  // 19 + * in each
  d.network_acls.back().inbound.push_back(entry(20));
  const auto m = messages(d);
  CHECK(m.find("inbound: network ACL acl-big has 20 inbound IPv4 rules plus the * rule; the "
               "quota is 20") != std::string::npos);
  d.quotas.network_acl_rules = 21;
  CHECK(messages(d).empty());
}

TEST_CASE("security groups per interface: 5 by default, as the account raises it") {
  auto d = one_vpc();
  d.subnets = {subnet("subnet-a", 0, "10.0.1.0/24")};
  auto e = eni("eni-a", 0, {"10.0.1.10"});
  for (int i = 0; i < 6; ++i) {
    d.security_groups.push_back(group("sg-" + std::to_string(i), 0));
    e.security_groups.push_back(
        model::SgIndex(static_cast<std::uint32_t>(d.security_groups.size() - 1)));
  }
  d.enis = {e};
  CHECK(messages(d).find("has 6 security groups; the quota is 5") != std::string::npos);
  d.quotas.security_groups_per_interface = 6;
  CHECK(messages(d).empty());
}

TEST_CASE("quotas in a topology: read, bounded by AWS's maxima and by rules × groups ≤ 1000") {
  const auto load = [](const std::string& quotas) {
    return load::load_scenario_text(
        R"({"topology": {"vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}], "quotas": )" + quotas +
            "}}",
        "t.json");
  };
  const auto ok = load(R"({"security_group_rules": 200, "security_groups_per_interface": 5})");
  REQUIRE(ok.errors.empty());
  CHECK(ok.scenario->topology->data().quotas.security_group_rules == 200);
  const auto too_many =
      load(R"({"security_group_rules": 250, "security_groups_per_interface": 5})");
  REQUIRE(too_many.errors.size() == 1);
  CHECK(too_many.errors[0].where == "/topology/quotas");
  CHECK(too_many.errors[0].message.find("250 × 5 = 1250; AWS allows at most 1000") !=
        std::string::npos);
  const auto nacl = load(R"({"network_acl_rules": 41})");
  REQUIRE(nacl.errors.size() == 1);
  CHECK(nacl.errors[0].where == "/topology/quotas/network_acl_rules");
  const auto typo = load(R"({"network_acl_rule": 30})");
  REQUIRE(typo.errors.size() == 1);
  CHECK(typo.errors[0].message.find("did you mean \"network_acl_rules\"") != std::string::npos);
}
