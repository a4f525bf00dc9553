// Interfaces AWS applies no security group to (Eni::security_groups_apply): a Network Load
// Balancer created without groups, a Gateway Load Balancer endpoint, a NAT gateway. Every
// packet passes their SG stage; an NLB given groups is filtered by them as usual.
#include <doctest/doctest.h>

#include <string>

#include "sim/path/packet_path.h"
#include "tests/sim/path/path_fixture.h"
#include "topology/load/scenario_loader.h"

using namespace vpcsim;
using path::DropReason;
namespace tcpf = path::tcp;

namespace {

// A public NLB node (groups as given), a GWLB endpoint and a client instance in one VPC.
std::string design(const std::string& nlb_groups) {
  return R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub"},
              {"id": "subnet-b", "vpc": "vpc-a", "cidr": "10.0.2.0/24"}],
  "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
  "security_groups": [{"id": "sg-http", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 80, "cidr": "0.0.0.0/0"}]}],
  "enis": [
    {"id": "eni-nlb", "subnet": "subnet-a", "private_ip": "10.0.1.20", "public_ip": "198.51.100.20",
     "owner": {"type": "nlb", "id": "net/web/0123456789abcdef"}, "security_groups": )" +
         nlb_groups + R"(},
    {"id": "eni-gwlbe", "subnet": "subnet-b", "private_ip": "10.0.2.30",
     "owner": {"type": "gwlb_endpoint", "id": "vpce-0123456789abcdef0"}}],
  "instances": [{"id": "i-c", "name": "client", "subnet": "subnet-b", "private_ip": "10.0.2.10", "security_groups": ["sg-http"]}]
})";
}

}  // namespace

TEST_CASE("an NLB created without security groups lets all client traffic reach it") {
  // "If you don't assign a security group to your Network Load Balancer, all client traffic
  // can reach the Network Load Balancer listeners"
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html).
  test::Paths w(design("[]"));
  const auto& t = w.t();
  auto& pp = w.path;
  const auto nlb = test::eni(t, "eni-nlb");
  CHECK(t.eni(nlb).security_groups.empty());  // and not given the VPC's default group
  for (const std::uint16_t port : {443, 8443, 22}) {
    CAPTURE(port);
    const auto r =
        pp.from_internet(test::tcp("203.0.113.5", 50000, "198.51.100.20", port, tcpf::kSyn), {});
    CHECK(r.delivered);
    CHECK(r.destination == nlb);
  }
  // "… and all traffic can leave the Network Load Balancer": to a target on port 80 (which
  // the target's group admits), with no outbound rule anywhere.
  const auto out = pp.from_eni(nlb, test::tcp("10.0.1.20", 40000, "10.0.2.10", 80, tcpf::kSyn), {});
  CHECK(out.delivered);
  bool said = false;
  for (const auto& h : out.hops)
    said = said || h.detail.find("an NLB created without any") != std::string::npos;
  CHECK(said);
}

TEST_CASE("an NLB with security groups is filtered by them") {
  test::Paths w(design(R"(["sg-http"])"));
  auto& pp = w.path;
  CHECK(pp.from_internet(test::tcp("203.0.113.5", 50000, "198.51.100.20", 80, tcpf::kSyn), {})
            .delivered);
  const auto r =
      pp.from_internet(test::tcp("203.0.113.5", 50001, "198.51.100.20", 443, tcpf::kSyn), {});
  CHECK_FALSE(r.delivered);
  CHECK(r.verdict.reason == DropReason::sg_rules_mismatch);
  CHECK(r.verdict.resource == "sg-http");
}

TEST_CASE("security groups do not apply to a Gateway Load Balancer endpoint") {
  // "Security groups are not supported" for Gateway Load Balancer endpoints
  // (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html).
  test::Paths w(design("[]"));
  const auto& t = w.t();
  auto& pp = w.path;
  const auto gwlbe = test::eni(t, "eni-gwlbe");
  CHECK(t.eni(gwlbe).security_groups.empty());
  const auto in = pp.from_eni(test::eni(t, "client"),
                              test::tcp("10.0.2.10", 40000, "10.0.2.30", 6081, tcpf::kSyn), {});
  CHECK(in.delivered);
  CHECK(in.destination == gwlbe);
}

TEST_CASE("validate refuses security groups on a GWLB endpoint or a NAT gateway interface") {
  auto text = design("[]");
  const std::string endpoint =
      R"("owner": {"type": "gwlb_endpoint", "id": "vpce-0123456789abcdef0"})";
  text.replace(text.find(endpoint), endpoint.size(),
               endpoint + R"(, "security_groups": ["sg-http"])");
  const auto r = load::load_scenario_text("{\"topology\": " + text + "}", "t.json");
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0].where == "/topology/enis/1/security_groups");
  CHECK(r.errors[0].message.find("Gateway Load Balancer endpoint, which AWS gives no security "
                                 "groups") != std::string::npos);
}
