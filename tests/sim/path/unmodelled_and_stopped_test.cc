// Two answers the packet path gives about what it cannot deliver and why: a route to a
// resource vpcsim keeps but does not model yet (a transit gateway) drops with its own code,
// never as if AWS had dropped it; a stopped instance's interface stays in its subnet and
// neither answers nor sends
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html).
#include <doctest/doctest.h>

#include <string>

#include "sim/path/drop_reason.h"
#include "sim/path/packet_path.h"
#include "tests/sim/path/path_fixture.h"

using namespace vpcsim;
using path::DropReason;
namespace tcpf = path::tcp;

namespace {

// A VPC whose route table sends 172.16.0.0/12 to a transit gateway and 0.0.0.0/0 to the
// internet gateway; one running and one stopped instance, both open to SSH.
const std::string kDesign = R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "unmodelled": [{"kind": "TransitGateways", "id": "tgw-1", "aws": {"TransitGatewayId": "tgw-1", "State": "available"}},
                 {"kind": "Listeners", "id": "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/x/1/2"}],
  "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-a"},
              {"id": "subnet-b", "vpc": "vpc-a", "cidr": "10.0.2.0/24", "route_table": "rtb-a"}],
  "route_tables": [{"id": "rtb-a", "vpc": "vpc-a", "routes": [
    {"destination": "0.0.0.0/0", "target": "igw-a"},
    {"destination": "172.16.0.0/12", "target": "tgw-1"}]}],
  "security_groups": [{"id": "sg-ssh", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 22, "cidr": "0.0.0.0/0"}]}],
  "instances": [
    {"id": "i-up", "name": "up", "subnet": "subnet-a", "private_ip": "10.0.1.10", "public_ip": "198.51.100.10", "security_groups": ["sg-ssh"]},
    {"id": "i-off", "name": "off", "subnet": "subnet-b", "private_ip": "10.0.2.10", "public_ip": "198.51.100.11", "security_groups": ["sg-ssh"], "state": "stopped"}]
})";

}  // namespace

TEST_CASE("a route to a transit gateway vpcsim does not model drops as not modelled, by LPM") {
  test::Paths w(kDesign);
  const auto& t = w.t();
  REQUIRE(t.data().unmodelled.size() == 2);
  const auto r = w.path.from_eni(test::eni(t, "up"),
                                 test::tcp("10.0.1.10", 40000, "172.16.5.5", 443, tcpf::kSyn), {});
  CHECK(r.verdict.reason == DropReason::target_not_modelled);
  CHECK(path::code(r.verdict.reason) == "ROUTE_TARGET_NOT_MODELLED");
  CHECK_FALSE(path::is_analyzer_code(r.verdict.reason));
  CHECK(r.verdict.resource == "rtb-a");
  // The longest prefix still decides: the rest of the world goes to the internet gateway.
  const auto out = w.path.from_eni(
      test::eni(t, "up"), test::tcp("10.0.1.10", 40001, "203.0.113.5", 443, tcpf::kSyn), {});
  CHECK(out.delivered);
}

TEST_CASE("a stopped instance answers nothing and sends nothing (BAD_STATE)") {
  test::Paths w(kDesign);
  const auto& t = w.t();
  const auto off = test::eni(t, "off");
  CHECK_FALSE(t.eni(off).owner.running());
  CHECK(t.eni(off).owner.state == "stopped");
  const auto in = w.path.from_eni(test::eni(t, "up"),
                                  test::tcp("10.0.1.10", 40000, "10.0.2.10", 22, tcpf::kSyn), {});
  CHECK_FALSE(in.delivered);
  CHECK(in.verdict.reason == DropReason::owner_not_running);
  CHECK(path::code(in.verdict.reason) == "BAD_STATE");
  CHECK(in.verdict.resource == t.eni(off).id);
  const auto from_internet =
      w.path.from_internet(test::tcp("203.0.113.9", 40000, "198.51.100.11", 22, tcpf::kSyn), {});
  CHECK(from_internet.verdict.reason == DropReason::owner_not_running);
  const auto sent =
      w.path.from_eni(off, test::tcp("10.0.2.10", 40000, "10.0.1.10", 22, tcpf::kSyn), {});
  CHECK(sent.verdict.reason == DropReason::owner_not_running);
  // The running one, same rules, answers.
  const auto up =
      w.path.from_internet(test::tcp("203.0.113.9", 40000, "198.51.100.10", 22, tcpf::kSyn), {});
  CHECK(up.delivered);
}

TEST_CASE("only a gateway, endpoint or core network kept without a model may be a route target") {
  const auto r = load::load_scenario_text(R"({"topology": {
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "unmodelled": [{"kind": "Listeners", "id": "lst-1"}],
    "route_tables": [{"id": "rtb-a", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "lst-1"}]}]}})",
                                          "t.json");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].where == "/topology/route_tables/0/routes/0/target");
  CHECK(r.errors[0].message.find("a resource of Listeners, which a route cannot target") !=
        std::string::npos);
  // A transit gateway id nobody declared: the message says how to declare it.
  const auto u = load::load_scenario_text(R"({"topology": {
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "route_tables": [{"id": "rtb-a", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "tgw-7"}]}]}})",
                                          "t.json");
  REQUIRE(u.errors.size() == 1);
  CHECK(u.errors[0].message.find(R"({"kind": "TransitGateways", "id": "tgw-7"})") !=
        std::string::npos);
}

TEST_CASE("a route to a prefix list is one route per entry, below static, above propagated") {
  // https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html: on an equal
  // prefix, static routes, then prefix-list routes, then propagated ones; longest prefix first.
  // A gateway endpoint's route (to S3's prefix list) takes S3's addresses off the internet
  // gateway: vpcsim does not model the endpoint yet, so they drop as not modelled.
  test::Paths w(R"({
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
    "peering_connections": [],
    "prefix_lists": [{"id": "pl-s3", "entries": ["52.216.0.0/15", "3.5.0.0/19"]},
                     {"id": "pl-corp", "entries": ["198.51.100.0/24"]}],
    "unmodelled": [{"kind": "VpcEndpoints", "id": "vpce-s3"}, {"kind": "VpnGateways", "id": "vgw-1"}],
    "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-a"}],
    "route_tables": [{"id": "rtb-a", "vpc": "vpc-a", "routes": [
      {"destination": "0.0.0.0/0", "target": "igw-a"},
      {"prefix_list": "pl-s3", "target": "vpce-s3"},
      {"destination": "3.5.0.0/19", "target": "igw-a"},
      {"prefix_list": "pl-corp", "target": "igw-a"},
      {"destination": "198.51.100.0/24", "target": "vgw-1", "origin": "propagated"}]}],
    "security_groups": [{"id": "sg-a", "vpc": "vpc-a", "outbound": [{"protocol": "-1", "cidr": "0.0.0.0/0"}]}],
    "instances": [{"id": "i-a", "name": "a", "subnet": "subnet-a", "private_ip": "10.0.1.10", "public_ip": "198.51.100.200", "security_groups": ["sg-a"]}]
  })");
  const auto& t = w.t();
  const auto route = [&](const char* dst) {
    return t.lookup_route(t.route_table_of(t.eni(test::eni(t, "a")).subnet),
                          *net::IpAddress::parse(dst));
  };
  REQUIRE(route("52.217.4.4"));
  CHECK(route("52.217.4.4")->target.id == "vpce-s3");
  CHECK(route("52.217.4.4")->origin == model::RouteOrigin::prefix_list);
  CHECK(route("3.5.1.1")->target.id == "igw-a");       // the static route, same prefix
  CHECK(route("198.51.100.7")->target.id == "igw-a");  // the prefix list, not propagated
  CHECK(route("203.0.113.5")->destination.to_string() == "0.0.0.0/0");
  const auto s3 = w.path.from_eni(test::eni(t, "a"),
                                  test::tcp("10.0.1.10", 40000, "52.217.4.4", 443, tcpf::kSyn), {});
  CHECK(s3.verdict.reason == DropReason::target_not_modelled);
  const auto web = w.path.from_eni(
      test::eni(t, "a"), test::tcp("10.0.1.10", 40001, "203.0.113.5", 443, tcpf::kSyn), {});
  CHECK(web.delivered);
}
