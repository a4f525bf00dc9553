// Traffic routed through a middlebox: an appliance whose interface has source/destination
// check off, the target of a route. It forwards as a router (its own groups apply, the
// packet keeps its addresses), and security group references do not match past it: "If you
// reference the security group of the other instance as the source, this does not allow
// traffic to flow between the instances"
// (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html);
// Reachability Analyzer's SG_REFERENCES_NOT_PRESERVED
// (https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
#include <doctest/doctest.h>

#include <string>

#include "sim/path/packet_path.h"
#include "tests/sim/path/path_fixture.h"

using namespace vpcsim;
using path::DropReason;
namespace tcpf = path::tcp;

namespace {

// a (subnet-a) and b (subnet-b) route to each other through eni-fw; sg-b admits ssh from
// `b_peer` (a group reference or a CIDR); the firewall subnet's table holds `fw_routes`.
std::string design(const std::string& b_peer, const std::string& fw_routes = "[]") {
  return R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "subnets": [
    {"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-a"},
    {"id": "subnet-b", "vpc": "vpc-a", "cidr": "10.0.2.0/24", "route_table": "rtb-b"},
    {"id": "subnet-fw", "vpc": "vpc-a", "cidr": "10.0.3.0/24", "route_table": "rtb-fw"}],
  "route_tables": [
    {"id": "rtb-a", "vpc": "vpc-a", "routes": [{"destination": "10.0.2.0/24", "target": "eni-fw"}]},
    {"id": "rtb-b", "vpc": "vpc-a", "routes": [{"destination": "10.0.1.0/24", "target": "eni-fw"}]},
    {"id": "rtb-fw", "vpc": "vpc-a", "routes": )" +
         fw_routes + R"(}],
  "security_groups": [
    {"id": "sg-a", "vpc": "vpc-a"},
    {"id": "sg-fw", "vpc": "vpc-a", "inbound": [{"protocol": "all", "cidr": "10.0.0.0/16"}]},
    {"id": "sg-b", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 22, )" +
         b_peer + R"(}]}],
  "enis": [{"id": "eni-fw", "subnet": "subnet-fw", "private_ip": "10.0.3.10", "source_dest_check": false, "security_groups": ["sg-fw"]}],
  "instances": [
    {"id": "i-a", "name": "a", "subnet": "subnet-a", "private_ip": "10.0.1.10", "security_groups": ["sg-a"]},
    {"id": "i-b", "name": "b", "subnet": "subnet-b", "private_ip": "10.0.2.10", "security_groups": ["sg-b"]}]
})";
}

bool says(const path::PathResult& r, const std::string& text) {
  for (const auto& h : r.hops) {
    if (h.detail.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("middlebox: a group reference does not match past it (SG_REFERENCES_NOT_PRESERVED)") {
  test::Paths w(design(R"("group": "sg-a")"));
  const auto& t = w.t();
  auto& pp = w.path;
  const auto r = pp.from_eni(test::eni(t, "a"),
                             test::tcp("10.0.1.10", 40000, "10.0.2.10", 22, tcpf::kSyn), {});
  CHECK_FALSE(r.delivered);
  CHECK(r.verdict.reason == DropReason::sg_references_lost);
  CHECK(path::code(r.verdict.reason) == "SG_REFERENCES_NOT_PRESERVED");
  CHECK(r.verdict.resource == "sg-b");
  CHECK(says(r, "forwards to 10.0.2.10"));  // the appliance forwarded; it did not answer
  CHECK(says(r, "allow 10.0.1.10's address or subnet CIDR instead"));
}

TEST_CASE("middlebox: forwarded with its addresses kept; a CIDR rule admits it at b") {
  // "each side must allow the other's private IP or subnet CIDR" (security-group-rules.html).
  test::Paths w(design(R"("cidr": "10.0.1.0/24")"));
  const auto& t = w.t();
  auto& pp = w.path;
  const auto r = pp.from_eni(test::eni(t, "a"),
                             test::tcp("10.0.1.10", 40000, "10.0.2.10", 22, tcpf::kSyn), {});
  REQUIRE(r.delivered);
  CHECK(r.destination == test::eni(t, "b"));
  CHECK(r.delivered_packet.tuple.src.to_string() == "10.0.1.10");
  // The appliance's interface logged the packet both ways through it.
  int at_fw = 0;
  for (const auto& o : r.observations)
    at_fw += o.eni == test::eni(t, "eni-fw") ? 1 : 0;
  CHECK(at_fw == 2);
  // The reply goes back through the appliance too (rtb-b), and is admitted there.
  const auto reply =
      pp.from_eni(test::eni(t, "b"),
                  test::tcp("10.0.2.10", 22, "10.0.1.10", 40000, tcpf::kSyn | tcpf::kAck), {});
  CHECK(reply.delivered);
  CHECK(reply.destination == test::eni(t, "a"));
}

TEST_CASE("middlebox: the appliance's own groups filter what it forwards") {
  auto text = design(R"("cidr": "10.0.1.0/24")");
  const std::string fw_rule = R"({"protocol": "all", "cidr": "10.0.0.0/16"})";
  text.replace(text.find(fw_rule), fw_rule.size(),
               R"({"protocol": "tcp", "ports": 443, "cidr": "10.0.0.0/16"})");
  test::Paths w(text);
  const auto& t = w.t();
  auto& pp = w.path;
  const auto r = pp.from_eni(test::eni(t, "a"),
                             test::tcp("10.0.1.10", 40000, "10.0.2.10", 22, tcpf::kSyn), {});
  CHECK_FALSE(r.delivered);
  CHECK(r.verdict.reason == DropReason::sg_rules_mismatch);
  CHECK(r.verdict.resource == "sg-fw");
}

TEST_CASE("middlebox: routes that send a packet around in a loop end it") {
  test::Paths w(design(R"("cidr": "10.0.1.0/24")",
                       R"([{"destination": "10.0.2.0/24", "target": "eni-fw"}])"));
  const auto& t = w.t();
  auto& pp = w.path;
  const auto r = pp.from_eni(test::eni(t, "a"),
                             test::tcp("10.0.1.10", 40000, "10.0.2.10", 22, tcpf::kSyn), {});
  CHECK_FALSE(r.delivered);
  CHECK(r.verdict.reason == DropReason::forwarding_loop);
}
