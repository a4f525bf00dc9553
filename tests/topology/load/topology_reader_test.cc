// TopologyReader: the rules a topology's VPCs, subnets, route tables, gateways and peering
// connections must follow, and its references, enforced as it reads them or by
// model::validate on what it read (located at each resource's JSON pointer); and the AWS
// defaults and conversions it applies.
#include "topology/load/topology_reader.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/load/scenario_patch.h"

using namespace vpcsim::test::scenario_patch;

using vpcsim::load::load_scenario_text;

namespace {

// The topology's rules (model::validate's and the reader's), one row each.
const std::vector<Row>& rows() {
  static const std::vector<Row> r{
      // --- VPC CIDR blocks (between /16 and /28:
      //     https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html) ---
      {"VPC CIDR shorter than /16", patch({replace("/topology/vpcs/0/cidr", R"("10.0.0.0/15")")}),
       "/topology/vpcs/0/cidr",
       R"("10.0.0.0/15" has prefix length /15; a VPC CIDR block must be between /16 and /28)"},
      {"VPC CIDR longer than /28", patch({replace("/topology/vpcs/0/cidr", R"("10.0.0.0/29")")}),
       "/topology/vpcs/0/cidr", R"("10.0.0.0/29" has prefix length /29)"},
      {"VPC CIDR that is IPv6", patch({replace("/topology/vpcs/0/cidr", R"("2001:db8::/56")")}),
       "/topology/vpcs/0/cidr", R"("2001:db8::/56" is not an IPv4 CIDR block)"},
      {"VPC without a CIDR", patch({drop("/topology/vpcs/0/cidr")}), "/topology/vpcs/0/cidr",
       "missing; expected a CIDR block"},
      {"secondary VPC CIDR overlapping the primary",
       patch({add("/topology/vpcs/0/secondary_cidrs", R"(["10.0.128.0/17"])")}),
       "/topology/vpcs/0/secondary_cidrs/0",
       R"("10.0.128.0/17" overlaps CIDR block 10.0.0.0/16 of the same VPC)"},
      {"secondary VPC CIDR malformed", patch({add("/topology/vpcs/0/secondary_cidrs", R"([42])")}),
       "/topology/vpcs/0/secondary_cidrs/0", "42 is not valid; expected a CIDR block"},

      // --- subnets ---
      {"subnet CIDR outside the VPC",
       patch({replace("/topology/subnets/1/cidr", R"("10.9.0.0/24")")}), "/topology/subnets/1/cidr",
       R"("10.9.0.0/24" is not inside VPC vpc-main 10.0.0.0/16)"},
      {"subnet CIDR overlapping a sibling",
       patch({replace("/topology/subnets/1/cidr", R"("10.0.0.128/25")")}),
       "/topology/subnets/1/cidr",
       R"("10.0.0.128/25" overlaps subnet subnet-pub 10.0.0.0/24 in VPC vpc-main)"},
      // Subnet sizes: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html.
      {"subnet prefix longer than /28",
       patch({replace("/topology/subnets/1/cidr", R"("10.0.1.0/29")")}), "/topology/subnets/1/cidr",
       R"("10.0.1.0/29" has prefix length /29; a subnet CIDR block must be between /16 and /28)"},
      {"subnet prefix shorter than /16",
       patch({replace("/topology/subnets/1/cidr", R"("10.0.0.0/8")")}), "/topology/subnets/1/cidr",
       R"("10.0.0.0/8" has prefix length /8)"},
      {"subnet IPv6 block in a VPC without one",
       patch({add("/topology/subnets/1/ipv6_cidr", R"("2001:db8::/64")")}),
       "/topology/subnets/1/ipv6_cidr", "VPC vpc-main has no IPv6 CIDR block"},
      // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
      {"subnet IPv6 block that is not a /64",
       patch({add("/topology/vpcs/0/ipv6_cidr", R"("2001:db8::/56")"),
              add("/topology/subnets/1/ipv6_cidr", R"("2001:db8::/60")")}),
       "/topology/subnets/1/ipv6_cidr",
       R"("2001:db8::/60" is not a /64 inside VPC vpc-main IPv6 block 2001:db8::/56)"},
      {"subnet using a route table of another VPC",
       patch({kOtherVpc,
              add("/topology/route_tables/-", R"({"id": "rtb-other", "vpc": "vpc-other"})"),
              add("/topology/subnets/1/route_table", R"("rtb-other")")}),
       "/topology/subnets/1/route_table",
       "route table rtb-other belongs to VPC vpc-other, but subnet subnet-app is in VPC vpc-main"},
      {"subnet using a network ACL of another VPC",
       patch({kOtherVpc,
              add("/topology/network_acls/-", R"({"id": "acl-other", "vpc": "vpc-other"})"),
              add("/topology/subnets/1/network_acl", R"("acl-other")")}),
       "/topology/subnets/1/network_acl", "network ACL acl-other belongs to VPC vpc-other"},

      // --- route tables (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html;
      //     targets: https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html) ---
      {"two main route tables",
       patch({add("/topology/route_tables/0/main", "true"),
              add("/topology/route_tables/-",
                  R"({"id": "rtb-two", "vpc": "vpc-main", "main": true})")}),
       "/topology/route_tables/1/main",
       "VPC vpc-main already has main route table rtb-pub; a VPC has exactly one main route table"},
      {"route to a NAT gateway of a different VPC",
       patch(
           {kOtherVpc, kOtherSubnet,
            add("/topology/route_tables/-",
                R"({"id": "rtb-other", "vpc": "vpc-other", "routes": [{"destination": "0.0.0.0/0", "target": "nat-a"}]})")}),
       "/topology/route_tables/1/routes/0/target",
       "NAT gateway nat-a is in VPC vpc-main, but route table rtb-other is in VPC vpc-other"},
      {"route to an internet gateway that is not attached",
       patch({drop("/topology/internet_gateways/0/vpc")}),
       "/topology/route_tables/0/routes/0/target",
       "internet gateway igw-main is not attached to VPC vpc-main"},
      {"route to the internet gateway of another VPC",
       patch({kOtherVpc,
              add("/topology/internet_gateways/-", R"({"id": "igw-other", "vpc": "vpc-other"})"),
              replace("/topology/route_tables/0/routes/0/target", R"("igw-other")")}),
       "/topology/route_tables/0/routes/0/target",
       "internet gateway igw-other is not attached to VPC vpc-main"},
      // https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
      {"egress-only internet gateway route with an IPv4 destination",
       patch({add("/topology/egress_only_internet_gateways",
                  R"([{"id": "eigw-main", "vpc": "vpc-main"}])"),
              add("/topology/route_tables/0/routes/-",
                  R"({"destination": "192.0.2.0/24", "target": "eigw-main"})")}),
       "/topology/route_tables/0/routes/1/target",
       R"(egress-only internet gateway eigw-main carries IPv6 only, but the destination is "192.0.2.0/24")"},
      {"route to a peering connection that does not join the VPC",
       patch({add("/topology/vpcs/-", R"({"id": "vpc-b", "cidr": "10.1.0.0/16"})"),
              add("/topology/vpcs/-", R"({"id": "vpc-c", "cidr": "10.2.0.0/16"})"),
              add("/topology/peering_connections",
                  R"([{"id": "pcx-bc", "requester": "vpc-b", "accepter": "vpc-c"}])"),
              add("/topology/route_tables/0/routes/-",
                  R"({"destination": "10.1.0.0/16", "target": "pcx-bc"})")}),
       "/topology/route_tables/0/routes/1/target",
       "peering connection pcx-bc joins vpc-b and vpc-c, not VPC vpc-main"},
      // The local route, for this row and the next two:
      // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html.
      {"route more specific than local that is not a subnet CIDR",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "10.0.5.0/24", "target": "nat-a"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"("10.0.5.0/24" is more specific than the local route of VPC vpc-main; such a route must match a whole subnet CIDR)"},
      {"route more specific than local to an internet gateway",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "10.0.1.0/24", "target": "igw-main"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"("10.0.1.0/24" is more specific than the local route)"},
      {"route to 169.254.168.0/22",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "169.254.169.0/24", "target": "igw-main"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"("169.254.169.0/24" is inside 169.254.168.0/22, which AWS reserves)"},
      {"same destination twice",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "0.0.0.0/0", "target": "nat-a"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"("0.0.0.0/0" appears twice in route table rtb-pub)"},
      {"local route to a CIDR that is not the VPC's",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "10.1.0.0/16", "target": "local"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"(local route to "10.1.0.0/16": local routes apply only to the CIDR blocks of VPC vpc-main 10.0.0.0/16)"},
      {"route without a target", patch({drop("/topology/route_tables/0/routes/0/target")}),
       "/topology/route_tables/0/routes/0/target", "missing; expected a string"},
      {"ambiguous route target",
       patch({add("/topology/internet_gateways/0/name", R"("gw")"),
              add("/topology/nat_gateways/0/name", R"("gw")"),
              replace("/topology/route_tables/0/routes/0/target", R"("gw")")}),
       "/topology/route_tables/0/routes/0/target",
       R"(route target "gw" is ambiguous: it names internet gateway /topology/internet_gateways/0, NAT gateway /topology/nat_gateways/0; use the id)"},

      // --- gateways (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html,
      //     https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html,
      //     https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html) ---
      {"two internet gateways on a VPC",
       patch({add("/topology/internet_gateways/-", R"({"id": "igw-two", "vpc": "vpc-main"})")}),
       "/topology/internet_gateways/1/vpc",
       "VPC vpc-main already has internet gateway igw-main attached; a VPC can have one at a time"},
      {"two egress-only internet gateways on a VPC",
       patch(
           {add("/topology/egress_only_internet_gateways",
                R"([{"id": "eigw-1", "vpc": "vpc-main"}, {"id": "eigw-2", "vpc": "vpc-main"}])")}),
       "/topology/egress_only_internet_gateways/1/vpc",
       "VPC vpc-main already has egress-only internet gateway eigw-1"},
      {"public NAT gateway without an Elastic IP",
       patch({drop("/topology/nat_gateways/0/elastic_ip")}), "/topology/nat_gateways/0/elastic_ip",
       "public NAT gateway nat-a needs an Elastic IP"},
      {"public NAT gateway with a private Elastic IP",
       patch({replace("/topology/nat_gateways/0/elastic_ip", R"("10.9.9.9")")}),
       "/topology/nat_gateways/0/elastic_ip", R"("10.9.9.9" is not a public IPv4 address)"},
      {"public NAT gateway in a VPC without an internet gateway",
       patch({drop("/topology/internet_gateways"),
              replace("/topology/route_tables/0/routes/0/target", R"("blackhole")")}),
       "/topology/nat_gateways/0/subnet",
       "Network vpc-main has no internet gateway attached: a public NAT gateway must be created in "
       "a VPC with an internet gateway"},
      {"private NAT gateway with an Elastic IP",
       patch({add("/topology/nat_gateways/0/connectivity", R"("private")")}),
       "/topology/nat_gateways/0/elastic_ip",
       "private NAT gateway nat-a cannot have an Elastic IP"},
      {"NAT gateway connectivity unknown",
       patch({add("/topology/nat_gateways/0/connectivity", R"("public-ish")")}),
       "/topology/nat_gateways/0/connectivity",
       R"("public-ish" is not valid; expected one of "public", "private")"},

      // --- peering (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html) ---
      {"peering of overlapping CIDRs",
       patch({add("/topology/vpcs/-", R"({"id": "vpc-other", "cidr": "10.0.128.0/17"})"),
              kPeerOther}),
       "/topology/peering_connections/0/accepter",
       "VPC vpc-main (10.0.0.0/16) overlaps VPC vpc-other (10.0.128.0/17); VPCs with overlapping "
       "CIDR blocks cannot be peered"},
      {"peering a VPC with itself",
       patch({add("/topology/peering_connections",
                  R"([{"id": "pcx-self", "requester": "vpc-main", "accepter": "vpc-main"}])")}),
       "/topology/peering_connections/0/accepter",
       "peering connection pcx-self joins VPC vpc-main to itself"},
      {"two peering connections between the same VPCs",
       patch({kOtherVpc, kPeerOther,
              add("/topology/peering_connections/-",
                  R"({"id": "pcx-2", "requester": "vpc-other", "accepter": "vpc-main"})")}),
       "/topology/peering_connections/1", "VPCs vpc-other and vpc-main are already peered"},

      // --- dangling references, each with a suggestion ---
      {"unknown VPC", patch({replace("/topology/subnets/0/vpc", R"("vpc-mian")")}),
       "/topology/subnets/0/vpc", R"(unknown VPC "vpc-mian"; did you mean "vpc-main"?)"},
      {"unknown subnet", patch({replace("/topology/enis/0/subnet", R"("subnet-pubb")")}),
       "/topology/enis/0/subnet", R"(unknown subnet "subnet-pubb"; did you mean "subnet-pub")"},
      {"unknown route table", patch({replace("/topology/subnets/0/route_table", R"("rtb-pbu")")}),
       "/topology/subnets/0/route_table",
       R"(unknown route table "rtb-pbu"; did you mean "rtb-pub")"},
      {"unknown network ACL", patch({replace("/topology/subnets/0/network_acl", R"("acl-pbu")")}),
       "/topology/subnets/0/network_acl",
       R"(unknown network ACL "acl-pbu"; did you mean "acl-pub")"},
      {"unknown security group on an interface",
       patch({replace("/topology/enis/0/security_groups/0", R"("sg-wbe")")}),
       "/topology/enis/0/security_groups/0",
       R"(unknown security group "sg-wbe"; did you mean "sg-web")"},
      {"unknown security group in a rule",
       patch({replace("/topology/security_groups/1/inbound/0/group", R"("sg-wbe")")}),
       "/topology/security_groups/1/inbound/0/group",
       R"(unknown security group "sg-wbe"; did you mean "sg-web")"},
      {"unknown prefix list",
       patch({replace("/topology/security_groups/0/inbound/0",
                      R"({"protocol": "tcp", "ports": 443, "prefix_list": "pl-crop"})")}),
       "/topology/security_groups/0/inbound/0/prefix_list",
       R"(unknown prefix list "pl-crop"; did you mean "pl-corp")"},
      {"unknown route target",
       patch({replace("/topology/route_tables/0/routes/0/target", R"("igw-mian")")}),
       "/topology/route_tables/0/routes/0/target",
       R"(unknown route target "igw-mian"; did you mean "igw-main")"},
      {"unknown NAT gateway subnet",
       patch({replace("/topology/nat_gateways/0/subnet", R"("subnet-ap")")}),
       "/topology/nat_gateways/0/subnet",
       R"(unknown subnet "subnet-ap"; did you mean "subnet-app")"},
  };
  return r;
}

}  // namespace

TEST_CASE("topology rules: exact JSON pointer and message (table)") {
  check_table(rows());
}

TEST_CASE("loaded values: AWS defaults and conversions") {
  // https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
  SUBCASE("a security group without outbound rules allows all outbound") {
    const auto r = load_scenario_text(kBase, "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& t = *r.scenario->topology;
    const auto& web = t.security_group(*t.find_security_group("sg-web"));
    REQUIRE(web.outbound.size() == 1);
    CHECK(web.outbound[0].protocol.is_all());
    CHECK(web.outbound[0].peer.cidr.to_string() == "0.0.0.0/0");
  }
  SUBCASE("an explicit empty outbound list allows nothing") {
    const auto r = load_scenario_text(
        mutate(patch({add("/topology/security_groups/0/outbound", "[]")})), "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& t = *r.scenario->topology;
    CHECK(t.security_group(*t.find_security_group("sg-web")).outbound.empty());
  }
  // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
  SUBCASE("an interface without an address gets the first non-reserved one") {
    const auto r = load_scenario_text(
        mutate(patch({add("/topology/enis/-", R"({"id": "eni-auto", "subnet": "subnet-app"})")})),
        "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& t = *r.scenario->topology;
    CHECK(t.eni(*t.find_eni("eni-auto")).primary_ip().to_string() == "10.0.1.4");
    // The NAT gateway got one in its subnet too, distinct from eni-web's.
    CHECK(t.eni(*t.find_eni("eni-nat-a")).primary_ip().to_string() == "10.0.0.4");
  }
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
  SUBCASE("NACL CIDRs are canonicalised") {
    const auto r = load_scenario_text(
        mutate(patch({replace("/topology/network_acls/0/inbound/0/cidr", R"("100.68.0.18/18")")})),
        "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& acl = r.scenario->topology->network_acl(vpcsim::model::NaclIndex(0));
    CHECK(acl.inbound[0].cidr.to_string() == "100.68.0.0/18");
  }
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html,
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
  SUBCASE("subnets without associations use the main route table and default NACL") {
    const auto r = load_scenario_text(kBase, "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& t = *r.scenario->topology;
    const auto app = *t.find_subnet("subnet-app");
    CHECK(t.route_table(t.route_table_of(app)).main);
    CHECK(t.network_acl(t.nacl_of(app)).is_default);
    CHECK(t.route_table(t.route_table_of(*t.find_subnet("subnet-pub"))).id == "rtb-pub");
  }
}
