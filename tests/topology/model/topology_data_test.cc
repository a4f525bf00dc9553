// apply_aws_defaults: what AWS creates with every VPC (main route table and local routes,
// default network ACL and security group, an interface's default group), added to a
// TopologyData without disturbing what the file gave.
#include "topology/model/topology_data.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/model/topology_fixture.h"

namespace {

using namespace vpcsim::model;
using namespace vpcsim::test::topology_fixture;
using vpcsim::net::IpPrefix;

const Route* find_local(const RouteTable& t, const IpPrefix& p) {
  for (const auto& r : t.routes) {
    if (r.destination == p && r.target.kind == RouteTargetKind::local) return &r;
  }
  return nullptr;
}

}  // namespace

// "the main route table contains only a local route", and a local route per VPC CIDR block
// (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html); the default NACL
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html); the default
// security group (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
TEST_CASE("apply_aws_defaults: main route table with only local routes, one per VPC CIDR") {
  TopologyData d;
  d.vpcs = {vpc("vpc-a", {"10.0.0.0/16", "10.1.0.0/16"})};
  apply_aws_defaults(d);
  REQUIRE(d.route_tables.size() == 1);
  const auto& main = d.route_tables[0];
  CHECK(main.id == "rtb-main-a");
  CHECK(main.main);
  CHECK(main.vpc == VpcIndex(0));
  REQUIRE(main.routes.size() == 2);
  for (const auto& r : main.routes) {
    CHECK(r.target.kind == RouteTargetKind::local);
    CHECK(r.origin == RouteOrigin::static_route);
    CHECK(r.state == RouteState::active);
  }
  CHECK(find_local(main, P("10.0.0.0/16")) != nullptr);
  CHECK(find_local(main, P("10.1.0.0/16")) != nullptr);
}

TEST_CASE("apply_aws_defaults: default NACL allows all (rule 100), plus 101 for IPv6 VPCs") {
  TopologyData d;
  d.vpcs = {vpc("vpc-v4", {"10.0.0.0/16"}), vpc("vpc-v6", {"10.1.0.0/16"}, "2001:db8::/56")};
  apply_aws_defaults(d);
  REQUIRE(d.network_acls.size() == 2);
  const auto& v4 = d.network_acls[0];
  CHECK(v4.id == "acl-default-v4");
  CHECK(v4.is_default);
  CHECK(v4.vpc == VpcIndex(0));
  for (const auto dir : {Direction::inbound, Direction::outbound}) {
    CAPTURE(direction_name(dir));
    REQUIRE(v4.entries(dir).size() == 1);
    const auto& e = v4.entries(dir)[0];
    CHECK(e.rule_number == 100);
    CHECK(e.protocol.is_all());
    CHECK(e.ports.is_all());
    CHECK(e.cidr == P("0.0.0.0/0"));
    CHECK(e.action == RuleAction::allow);

    const auto& v6 = d.network_acls[1].entries(dir);
    REQUIRE(v6.size() == 2);
    CHECK(v6[0].rule_number == 100);
    CHECK(v6[0].cidr == P("0.0.0.0/0"));
    CHECK(v6[1].rule_number == 101);
    CHECK(v6[1].cidr == P("::/0"));
    CHECK(v6[1].protocol.is_all());
    CHECK(v6[1].action == RuleAction::allow);
  }
}

TEST_CASE("apply_aws_defaults: default SG admits its own members inbound and allows all out") {
  TopologyData d;
  d.vpcs = {vpc("vpc-v4", {"10.0.0.0/16"}), vpc("vpc-v6", {"10.1.0.0/16"}, "2001:db8::/56")};
  d.security_groups = {group("sg-custom", 0)};
  apply_aws_defaults(d);
  REQUIRE(d.security_groups.size() == 3);
  const auto& g = d.security_groups[1];
  CHECK(g.id == "sg-default-v4");
  CHECK(g.name == "default");
  CHECK(g.is_default);
  REQUIRE(g.inbound.size() == 1);
  CHECK(g.inbound[0].protocol.is_all());
  CHECK(g.inbound[0].peer.kind == SgPeerKind::security_group);
  CHECK(g.inbound[0].peer.group == SgIndex(1));  // itself, not sg-custom
  REQUIRE(g.outbound.size() == 1);               // no ::/0 without an IPv6 block
  CHECK(g.outbound[0].protocol.is_all());
  CHECK(g.outbound[0].peer.kind == SgPeerKind::cidr);
  CHECK(g.outbound[0].peer.cidr == P("0.0.0.0/0"));

  const auto& g6 = d.security_groups[2];
  CHECK(g6.inbound[0].peer.group == SgIndex(2));
  REQUIRE(g6.outbound.size() == 2);
  CHECK(g6.outbound[1].peer.cidr == P("::/0"));
  CHECK_FALSE(d.security_groups[0].is_default);
}

TEST_CASE("apply_aws_defaults: an interface without a security group gets its VPC's default") {
  TopologyData d;
  d.vpcs = {vpc("vpc-a", {"10.0.0.0/16"}), vpc("vpc-b", {"10.1.0.0/16"})};
  d.subnets = {subnet("subnet-a", 0, "10.0.0.0/24"), subnet("subnet-b", 1, "10.1.0.0/24")};
  d.security_groups = {group("sg-web", 0)};
  auto nat = eni("eni-nat", 0, {"10.0.0.5"});
  nat.owner.kind = OwnerKind::nat_gateway;
  d.enis = {eni("eni-none-a", 0, {"10.0.0.4"}), eni("eni-web", 0, {"10.0.0.6"}, {0}), nat,
            eni("eni-none-b", 1, {"10.1.0.4"})};
  apply_aws_defaults(d);
  const auto id_of = [&](const Eni& e) {
    std::vector<std::string> ids;
    for (const auto g : e.security_groups)
      ids.push_back(d.security_groups[g.value()].id);
    return ids;
  };
  CHECK(id_of(d.enis[0]) == std::vector<std::string>{"sg-default-a"});
  CHECK(id_of(d.enis[1]) == std::vector<std::string>{"sg-web"});
  // A NAT gateway has no security groups
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
  CHECK(id_of(d.enis[2]).empty());
  CHECK(id_of(d.enis[3]) == std::vector<std::string>{"sg-default-b"});
}

TEST_CASE("apply_aws_defaults keeps given defaults, adds local routes everywhere, is idempotent") {
  TopologyData d;
  d.vpcs = {vpc("vpc-a", {"10.0.0.0/16"}, "2001:db8::/56")};
  RouteTable main{"rtb-mine", "", VpcIndex(0), true, {}};
  main.routes = {route("0.0.0.0/0", RouteTargetKind::blackhole, 0, "blackhole")};
  RouteTable custom{"rtb-custom", "", VpcIndex(0), false, {}};
  custom.routes = {route("10.0.0.0/16", RouteTargetKind::local, 0, "local")};  // already there
  d.route_tables = {main, custom};
  NetworkAcl acl{"acl-mine", "", VpcIndex(0), true, {entry(5)}, {}};
  d.network_acls = {acl};
  auto sg = group("sg-mine", 0);
  sg.is_default = true;
  d.security_groups = {sg};
  apply_aws_defaults(d);

  REQUIRE(d.route_tables.size() == 2);
  CHECK(d.route_tables[0].id == "rtb-mine");
  CHECK(d.route_tables[0].routes.size() == 3);  // its own + local IPv4 + local IPv6
  CHECK(find_local(d.route_tables[0], P("10.0.0.0/16")) != nullptr);
  CHECK(find_local(d.route_tables[0], P("2001:db8::/56")) != nullptr);
  CHECK(d.route_tables[1].routes.size() == 2);  // the given local route is not duplicated
  REQUIRE(d.network_acls.size() == 1);
  CHECK(d.network_acls[0].inbound.size() == 1);  // not rewritten
  REQUIRE(d.security_groups.size() == 1);
  CHECK(d.security_groups[0].inbound.empty());

  const auto before = d;
  apply_aws_defaults(d);
  CHECK(d.route_tables.size() == before.route_tables.size());
  CHECK(d.route_tables[0].routes.size() == before.route_tables[0].routes.size());
  CHECK(d.route_tables[1].routes.size() == before.route_tables[1].routes.size());
  CHECK(d.network_acls.size() == before.network_acls.size());
  CHECK(d.security_groups.size() == before.security_groups.size());
}

TEST_CASE("apply_aws_defaults leaves the routes given in the file at their positions") {
  // Validation issues name a route by its index ("routes/0/target"), and the loader turns
  // that into the route's JSON pointer: the implicit local routes must not shift them.
  TopologyData d;
  d.vpcs = {vpc("vpc-a", {"10.0.0.0/16"})};
  RouteTable t{"rtb-x", "", VpcIndex(0), false, {}};
  t.routes = {route("0.0.0.0/0", RouteTargetKind::blackhole, 0, "blackhole"),
              route("192.0.2.0/24", RouteTargetKind::blackhole, 0, "blackhole")};
  d.route_tables = {t};
  apply_aws_defaults(d);
  const auto& routes = d.route_tables[0].routes;
  REQUIRE(routes.size() == 3);
  CHECK(routes[0].destination == P("0.0.0.0/0"));
  CHECK(routes[1].destination == P("192.0.2.0/24"));
  CHECK(find_local(d.route_tables[0], P("10.0.0.0/16")) != nullptr);
}
