// Topology: what a validated topology answers (a subnet's route table and NACL, the subnet,
// interface and group member of an address, route lookups, NACL entry order, find_*), on a
// small world built from TopologyData (apply_aws_defaults: topology_data_test.cc).
#include "topology/model/topology.h"

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/model/topology_fixture.h"
#include "topology/model/validate.h"

namespace {

using namespace vpcsim::model;
using namespace vpcsim::test::topology_fixture;

// A small valid world (validated in the first test case):
//   VPC a 10.0.0.0/16 + 2001:db8:a::/56 — subnet pub (explicit rtb-pub, acl-pub), subnet app
//     (main route table, default NACL); IGW; NAT gateway nat-a in pub.
//   VPC b 10.0.0.0/16 — the same CIDR as a, to show lookups are per VPC.
//   VPC c 172.31.0.0/16 — peered with a.
//   rtb-prop in a: static vs propagated routes
//   (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
enum : std::uint32_t { kA, kB, kC };
enum : std::uint32_t { kPub, kApp, kSubB, kSubC };
enum : std::uint32_t { kWeb, kAppEni, kNatEni, kBEni };
enum : std::uint32_t { kRtbPub, kRtbProp, kRtbPropReversed };
enum : std::uint32_t { kSgWeb, kSgApp };

TopologyData world_data() {
  TopologyData d;
  d.vpcs = {vpc("vpc-a", {"10.0.0.0/16"}, "2001:db8:a::/56"), vpc("vpc-b", {"10.0.0.0/16"}),
            vpc("vpc-c", {"172.31.0.0/16"})};
  d.subnets = {subnet("subnet-pub", kA, "10.0.0.0/24", "2001:db8:a::/64"),
               subnet("subnet-app", kA, "10.0.1.0/24"), subnet("subnet-b", kB, "10.0.1.0/24"),
               subnet("subnet-c", kC, "172.31.0.0/24")};
  d.subnets[kPub].route_table = RouteTableIndex(kRtbPub);
  d.subnets[kPub].network_acl = NaclIndex(0);
  d.internet_gateways = {InternetGateway{"igw-a", "", VpcIndex(kA)}};
  d.peering_connections = {PeeringConnection{"pcx-ac", "", VpcIndex(kA), VpcIndex(kC)}};
  d.security_groups = {group("sg-web", kA), group("sg-app", kA)};

  auto web = eni("eni-web", kPub, {"10.0.0.10", "10.0.0.11"}, {kSgWeb});
  web.name = "web";
  web.ipv6_addresses = {A("2001:db8:a::10")};
  web.public_ip = A("198.51.100.10");
  auto app = eni("eni-app", kApp, {"10.0.1.10"}, {kSgApp, kSgWeb});
  auto nat = eni("eni-nat", kPub, {"10.0.0.20"});
  nat.owner = {OwnerKind::nat_gateway, "nat-a", ""};
  auto b = eni("eni-b", kSubB, {"10.0.1.10"});  // same private IP as eni-app, other VPC
  b.name = "eni-web";                           // a name equal to another interface's id
  d.enis = {web, app, nat, b};
  NatGateway ngw;
  ngw.id = "nat-a";
  ngw.subnet = SubnetIndex(kPub);
  ngw.eni = EniIndex(kNatEni);
  ngw.elastic_ip = A("198.51.100.20");
  d.nat_gateways = {ngw};

  RouteTable pub{"rtb-pub", "", VpcIndex(kA), false, {}};
  pub.routes = {route("0.0.0.0/0", RouteTargetKind::internet_gateway, 0, "igw-a"),
                route("172.31.0.0/16", RouteTargetKind::peering_connection, 0, "pcx-ac"),
                route("::/0", RouteTargetKind::internet_gateway, 0, "igw-a")};
  // Equal prefix: static beats propagated, whatever the order; a more specific propagated
  // route still beats a less specific static one
  // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
  RouteTable prop{"rtb-prop", "", VpcIndex(kA), false, {}};
  prop.routes = {
      route("192.0.2.0/24", RouteTargetKind::nat_gateway, 0, "nat-a", RouteOrigin::propagated),
      route("192.0.2.0/24", RouteTargetKind::internet_gateway, 0, "igw-a"),
      route("198.18.0.0/15", RouteTargetKind::internet_gateway, 0, "igw-a"),
      route("198.18.0.0/16", RouteTargetKind::nat_gateway, 0, "nat-a", RouteOrigin::propagated)};
  RouteTable reversed = prop;
  reversed.id = "rtb-prop-reversed";
  std::reverse(reversed.routes.begin(), reversed.routes.end());
  d.route_tables = {pub, prop, reversed};

  NetworkAcl acl{"acl-pub", "", VpcIndex(kA), false, {}, {}};
  acl.inbound = {entry(200), entry(100), entry(150)};
  acl.outbound = {entry(100)};
  d.network_acls = {acl};
  return d;
}

Topology world() {
  auto d = world_data();
  apply_aws_defaults(d);
  return Topology(std::move(d));
}

std::string target_of(const Topology& t, std::uint32_t rtb, const std::string& dst) {
  const Route* r = t.lookup_route(RouteTableIndex(rtb), A(dst));
  return r ? r->target.id : std::string("(none)");
}

}  // namespace

TEST_CASE("the test world is a valid topology") {
  auto d = world_data();
  apply_aws_defaults(d);
  const auto issues = validate(d);
  for (const auto& i : issues)
    FAIL_CHECK(i.field, ": ", i.message);
  CHECK(issues.empty());
}

TEST_CASE(
    "Topology: route table and NACL of a subnet — explicit association or the VPC's default") {
  const auto t = world();
  CHECK(t.route_table_of(SubnetIndex(kPub)) == RouteTableIndex(kRtbPub));
  CHECK(t.nacl_of(SubnetIndex(kPub)) == NaclIndex(0));
  const auto main_a = t.main_route_table(VpcIndex(kA));
  REQUIRE(main_a.valid());
  CHECK(t.route_table(main_a).id == "rtb-main-a");
  CHECK(t.route_table_of(SubnetIndex(kApp)) == main_a);
  const auto acl_a = t.default_nacl(VpcIndex(kA));
  REQUIRE(acl_a.valid());
  CHECK(t.network_acl(acl_a).id == "acl-default-a");
  CHECK(t.nacl_of(SubnetIndex(kApp)) == acl_a);
  CHECK(t.route_table(t.route_table_of(SubnetIndex(kSubB))).id == "rtb-main-b");
  CHECK(t.network_acl(t.nacl_of(SubnetIndex(kSubB))).id == "acl-default-b");
  CHECK(t.subnets_using_route_table(main_a) == std::vector<SubnetIndex>{SubnetIndex(kApp)});
  CHECK(t.subnets_using_route_table(RouteTableIndex(kRtbProp)).empty());
  CHECK(t.subnets_using_nacl(NaclIndex(0)) == std::vector<SubnetIndex>{SubnetIndex(kPub)});
  CHECK(t.security_group(t.default_security_group(VpcIndex(kB))).id == "sg-default-b");
  CHECK(t.internet_gateway_of(VpcIndex(kA)) == IgwIndex(0));
  CHECK_FALSE(t.internet_gateway_of(VpcIndex(kB)).valid());
  CHECK_FALSE(t.egress_only_internet_gateway_of(VpcIndex(kA)).valid());
}

TEST_CASE("Topology::subnet_containing is per VPC and per family") {
  const auto t = world();
  CHECK(t.subnet_containing(VpcIndex(kA), A("10.0.1.77")) == SubnetIndex(kApp));
  CHECK(t.subnet_containing(VpcIndex(kA), A("10.0.0.0")) == SubnetIndex(kPub));
  CHECK(t.subnet_containing(VpcIndex(kA), A("10.0.0.255")) == SubnetIndex(kPub));
  CHECK(t.subnet_containing(VpcIndex(kB), A("10.0.1.77")) == SubnetIndex(kSubB));
  CHECK_FALSE(t.subnet_containing(VpcIndex(kB), A("10.0.0.5")).valid());
  CHECK_FALSE(t.subnet_containing(VpcIndex(kA), A("10.0.2.1")).valid());  // in VPC, no subnet
  CHECK_FALSE(t.subnet_containing(VpcIndex(kA), A("8.8.8.8")).valid());
  CHECK(t.subnet_containing(VpcIndex(kA), A("2001:db8:a::99")) == SubnetIndex(kPub));
  CHECK_FALSE(t.subnet_containing(VpcIndex(kA), A("2001:db8:a:1::1")).valid());
}

TEST_CASE("Topology::eni_by_private_ip and eni_by_public_ip") {
  const auto t = world();
  CHECK(t.eni_by_private_ip(VpcIndex(kA), A("10.0.1.10")) == EniIndex(kAppEni));
  CHECK(t.eni_by_private_ip(VpcIndex(kB), A("10.0.1.10")) == EniIndex(kBEni));
  CHECK(t.eni_by_private_ip(VpcIndex(kA), A("10.0.0.10")) == EniIndex(kWeb));
  CHECK(t.eni_by_private_ip(VpcIndex(kA), A("10.0.0.11")) == EniIndex(kWeb));  // secondary
  CHECK(t.eni_by_private_ip(VpcIndex(kA), A("2001:db8:a::10")) == EniIndex(kWeb));
  CHECK(t.eni_by_private_ip(VpcIndex(kA), A("10.0.0.20")) == EniIndex(kNatEni));
  CHECK_FALSE(t.eni_by_private_ip(VpcIndex(kA), A("10.0.0.99")).valid());
  CHECK_FALSE(t.eni_by_private_ip(VpcIndex(kA), A("198.51.100.10")).valid());
  CHECK_FALSE(t.eni_by_private_ip(VpcIndex(kC), A("10.0.1.10")).valid());

  CHECK(t.eni_by_public_ip(A("198.51.100.10")) == EniIndex(kWeb));
  CHECK(t.eni_by_public_ip(A("198.51.100.20")) == EniIndex(kNatEni));  // the NAT's EIP
  CHECK_FALSE(t.eni_by_public_ip(A("10.0.0.10")).valid());
  CHECK_FALSE(t.eni_by_public_ip(A("198.51.100.99")).valid());

  CHECK(t.nat_of_eni(EniIndex(kNatEni)) == NatIndex(0));
  CHECK_FALSE(t.nat_of_eni(EniIndex(kWeb)).valid());
  CHECK(t.vpc_of(EniIndex(kBEni)) == VpcIndex(kB));
}

// An SG reference matches the members' *private* IPs, never public ones
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules.html).
TEST_CASE("Topology::is_member_ip: private IPs of the group's members only") {
  const auto t = world();
  const SgIndex web(kSgWeb), app(kSgApp);
  CHECK(t.is_member_ip(web, A("10.0.0.10")));
  CHECK(t.is_member_ip(web, A("10.0.0.11")));            // secondary private IP
  CHECK(t.is_member_ip(web, A("2001:db8:a::10")));       // IPv6 address of a member
  CHECK(t.is_member_ip(web, A("10.0.1.10")));            // eni-app is in two groups
  CHECK_FALSE(t.is_member_ip(web, A("198.51.100.10")));  // its public IP: no
  CHECK_FALSE(t.is_member_ip(app, A("10.0.0.10")));
  CHECK(t.is_member_ip(app, A("10.0.1.10")));
  const auto def_a = t.default_security_group(VpcIndex(kA));
  const auto def_b = t.default_security_group(VpcIndex(kB));
  CHECK(t.is_member_ip(def_b, A("10.0.1.10")));  // eni-b got b's default group
  CHECK_FALSE(t.is_member_ip(def_a, A("10.0.1.10")));
  CHECK_FALSE(t.is_member_ip(def_a, A("10.0.0.20")));  // NAT interface: in no group
  CHECK(t.members(web) == std::vector<EniIndex>{EniIndex(kWeb), EniIndex(kAppEni)});
  CHECK(t.members(app) == std::vector<EniIndex>{EniIndex(kAppEni)});
  CHECK(t.members(def_a).empty());
}

// AWS's example (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html):
// 10.0.0.0/16 local; 172.31.0.0/16 pcx; 0.0.0.0/0 igw.
TEST_CASE("Topology::lookup_route: longest prefix wins; IPv4 and IPv6 are separate") {
  const auto t = world();
  CHECK(target_of(t, kRtbPub, "172.31.5.5") == "pcx-ac");
  CHECK(target_of(t, kRtbPub, "10.0.3.3") == "local");
  CHECK(target_of(t, kRtbPub, "8.8.8.8") == "igw-a");
  CHECK(target_of(t, kRtbPub, "2001:db8:a::5") == "local");
  CHECK(target_of(t, kRtbPub, "2001:db8:ffff::1") == "igw-a");
  const auto main_a = t.main_route_table(VpcIndex(kA)).value();
  CHECK(target_of(t, main_a, "10.0.200.1") == "local");
  CHECK(target_of(t, main_a, "8.8.8.8") == "(none)");
  CHECK(target_of(t, main_a, "2001:db8:ffff::1") == "(none)");
  const Route* r = t.lookup_route(RouteTableIndex(kRtbPub), A("172.31.5.5"));
  REQUIRE(r != nullptr);
  CHECK(r->destination == P("172.31.0.0/16"));
  CHECK(r->target.kind == RouteTargetKind::peering_connection);
}

// "If the destination of a propagated route is identical to the
// destination of a static route, the static route takes priority" (target igw); "more
// specific routes always take priority irrespective of whether they are propagated"
// (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
TEST_CASE("Topology::lookup_route: static over propagated on an equal prefix, in any order") {
  const auto t = world();
  for (const auto rtb : {kRtbProp, kRtbPropReversed}) {
    CAPTURE(rtb);
    const Route* r = t.lookup_route(RouteTableIndex(rtb), A("192.0.2.7"));
    REQUIRE(r != nullptr);
    CHECK(r->origin == RouteOrigin::static_route);
    CHECK(r->target.id == "igw-a");
    const Route* s = t.lookup_route(RouteTableIndex(rtb), A("198.18.0.1"));
    REQUIRE(s != nullptr);
    CHECK(s->origin == RouteOrigin::propagated);  // /16 propagated beats /15 static
    CHECK(s->target.id == "nat-a");
    CHECK(target_of(t, rtb, "198.19.0.1") == "igw-a");
  }
}

// Rules are evaluated by number, lowest first
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).
TEST_CASE("Topology sorts NACL entries by rule number") {
  const auto t = world();
  const auto& in = t.network_acl(NaclIndex(0)).inbound;
  REQUIRE(in.size() == 3);
  CHECK(in[0].rule_number == 100);
  CHECK(in[1].rule_number == 150);
  CHECK(in[2].rule_number == 200);
}

TEST_CASE("Topology::find_* by id first, then by name") {
  const auto t = world();
  CHECK(t.find_eni("eni-app") == EniIndex(kAppEni));
  CHECK(t.find_eni("web") == EniIndex(kWeb));
  CHECK(t.find_eni("eni-web") == EniIndex(kWeb));  // eni-b is *named* eni-web: ids win
  CHECK_FALSE(t.find_eni("nope").has_value());
  CHECK(t.find_subnet("subnet-b") == SubnetIndex(kSubB));
  CHECK(t.find_security_group("sg-app") == SgIndex(kSgApp));
  CHECK(t.find_security_group("sg-default-c").has_value());
  CHECK_FALSE(t.find_security_group("").has_value());
}
