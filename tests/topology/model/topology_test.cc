#include "topology/model/topology.h"

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "topology/model/validate.h"

namespace {

using namespace vpcsim::model;
using vpcsim::net::IpAddress;
using vpcsim::net::IpFamily;
using vpcsim::net::IpPrefix;
using vpcsim::net::Protocol;

IpPrefix P(const std::string& t) {
  return *IpPrefix::parse(t);
}
IpAddress A(const std::string& t) {
  return *IpAddress::parse(t);
}

Vpc vpc(std::string id, std::vector<std::string> cidrs, std::string v6 = "") {
  Vpc v;
  v.id = std::move(id);
  for (const auto& c : cidrs)
    v.cidrs.push_back(P(c));
  if (!v6.empty()) v.ipv6_cidrs.push_back(P(v6));
  v.region = "us-east-1";
  return v;
}

Subnet subnet(std::string id, std::uint32_t v, std::string cidr, std::string v6 = "") {
  Subnet s;
  s.id = std::move(id);
  s.vpc = VpcIndex(v);
  s.cidr = P(cidr);
  if (!v6.empty()) s.ipv6_cidr = P(v6);
  return s;
}

Eni eni(std::string id, std::uint32_t s, std::vector<std::string> ips,
        std::vector<std::uint32_t> sgs = {}) {
  Eni e;
  e.id = std::move(id);
  e.subnet = SubnetIndex(s);
  for (const auto& a : ips)
    e.private_ips.push_back(A(a));
  for (const auto g : sgs)
    e.security_groups.push_back(SgIndex(g));
  e.owner.kind = OwnerKind::instance;
  return e;
}

Route route(std::string dst, RouteTargetKind k, std::uint32_t index, std::string id,
            RouteOrigin origin = RouteOrigin::static_route) {
  Route r;
  r.destination = P(dst);
  r.target = RouteTarget{k, index, std::move(id)};
  r.origin = origin;
  return r;
}

NaclEntry entry(std::uint16_t n, std::string cidr = "0.0.0.0/0") {
  NaclEntry e;
  e.rule_number = n;
  e.cidr = P(cidr);
  e.action = RuleAction::allow;
  return e;
}

SecurityGroup group(std::string id, std::uint32_t v) {
  SecurityGroup g;
  g.id = std::move(id);
  g.vpc = VpcIndex(v);
  return g;
}

const Route* find_local(const RouteTable& t, const IpPrefix& p) {
  for (const auto& r : t.routes) {
    if (r.destination == p && r.target.kind == RouteTargetKind::local) return &r;
  }
  return nullptr;
}

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
  nat.owner = {OwnerKind::nat_gateway, "nat-a"};
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
