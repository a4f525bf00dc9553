// The packet path against AWS's documented behaviour (the AWS documentation pages cited
// below): security groups and network ACLs, routing (blackholes, missing routes, inside a
// subnet) and exempt traffic. NAT gateways and peering: gateway_hops_test.cc.
#include "sim/path/packet_path.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/sim/path/nat_fixture.h"
#include "tests/sim/path/path_fixture.h"

using namespace vpcsim;
using path::DropReason;
namespace tcpf = path::tcp;
using test::nat_fixture::kNat;
using test::nat_fixture::nat_design;

namespace {

// A public web server whose NACL opens only 443 in both directions: the documented
// ephemeral-port gotcha (statelessness:
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html; ephemeral ports:
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
const char* kWeb443 = R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-web", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub", "network_acl": "acl-443"}],
  "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
  "network_acls": [{"id": "acl-443", "vpc": "vpc-a",
    "inbound":  [{"rule": 100, "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0", "action": "allow"}],
    "outbound": [{"rule": 100, "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0", "action": "allow"}]}],
  "security_groups": [{"id": "sg-web", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0"}], "outbound": []}],
  "instances": [{"id": "i-web", "name": "web", "subnet": "subnet-web", "private_ip": "10.0.1.10", "public_ip": "198.51.100.10", "security_groups": ["sg-web"]}]
})";

}  // namespace

TEST_CASE(
    "a NACL that opens only 443 admits the SYN but rejects the SYN-ACK on the client's ephemeral "
    "port") {
  // "responses to allowed inbound traffic are subject to the rules for outbound traffic"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).
  const auto sc = test::load(kWeb443);
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto syn =
      pp.from_internet(test::tcp("203.0.113.5", 50123, "198.51.100.10", 443, tcpf::kSyn), {});
  REQUIRE(syn.delivered);
  // 1:1 NAT (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).
  CHECK(syn.delivered_packet.tuple.dst.to_string() == "10.0.1.10");
  const auto web = test::eni(t, "web");
  const auto synack = pp.from_eni(
      web, test::tcp("10.0.1.10", 443, "203.0.113.5", 50123, tcpf::kSyn | tcpf::kAck), {});
  CHECK_FALSE(synack.delivered);
  CHECK(synack.verdict.reason == DropReason::subnet_acl_restriction);
  CHECK(path::code(synack.verdict.reason) == "SUBNET_ACL_RESTRICTION");
  CHECK(synack.verdict.resource == "acl-443");
  CHECK(synack.verdict.rule == "*");
  CHECK(synack.hops.back().detail.find("dport 50123") != std::string::npos);
  // The SG let the reply out (stateful, though sg-web has no outbound rule at all:
  // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html)…
  CHECK(synack.hops.front().detail == "tracked connection");
  // …and the interface logs the reply as REJECT (the ACCEPT-then-REJECT pattern of
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
  REQUIRE(synack.observations.size() == 1);
  CHECK_FALSE(synack.observations[0].accepted);
  CHECK(synack.observations[0].direction == model::Direction::outbound);
}

TEST_CASE(
    "security groups are stateful: a reply leaves without any outbound rule; an unsolicited packet "
    "does not") {
  // "responses to inbound traffic are allowed to flow out of the instance regardless of
  // outbound security group rules"
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
  const auto sc = test::load(kWeb443);
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto web = test::eni(t, "web");
  // Unsolicited: no tracked connection, and sg-web has no outbound rule.
  const auto out =
      pp.from_eni(web, test::tcp("10.0.1.10", 443, "203.0.113.5", 50123, tcpf::kSyn), {});
  CHECK_FALSE(out.delivered);
  CHECK(out.verdict.reason == DropReason::sg_rules_mismatch);
  CHECK(out.verdict.resource == "sg-web");
}

TEST_CASE("an ephemeral-port outbound NACL rule fixes the reply") {
  std::string json = kWeb443;
  json.replace(json.find(R"("outbound": [{"rule": 100, "protocol": "tcp", "ports": 443)"),
               std::string(R"("outbound": [{"rule": 100, "protocol": "tcp", "ports": 443)").size(),
               R"("outbound": [{"rule": 100, "protocol": "tcp", "ports": "1024-65535")");
  const auto sc = test::load(json);
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  REQUIRE(pp.from_internet(test::tcp("203.0.113.5", 50123, "198.51.100.10", 443, tcpf::kSyn), {})
              .delivered);
  const auto synack =
      pp.from_eni(test::eni(t, "web"),
                  test::tcp("10.0.1.10", 443, "203.0.113.5", 50123, tcpf::kSyn | tcpf::kAck), {});
  CHECK(synack.delivered);
  // 1:1 NAT (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html);
  // traffic-path 2, via the IGW
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
  CHECK(synack.delivered_packet.tuple.src.to_string() == "198.51.100.10");
  CHECK(synack.observations.at(0).traffic_path == 2);
}

TEST_CASE("an SG reference matches members' private IPs, not their public IPs") {
  // "Incoming traffic is allowed based on the private IP addresses of the instances that
  // are associated with the source security group (and not the public IP or Elastic IP addresses)."
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules.html)
  const auto sc = test::load(test::kSgRef);
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto a = test::eni(t, "a");
  const auto to_private =
      pp.from_eni(a, test::tcp("10.0.1.10", 40000, "10.0.1.11", 22, tcpf::kSyn), {});
  CHECK(to_private.delivered);
  // Same subnet: no NACL is evaluated
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).
  for (const auto& h : to_private.hops)
    CHECK(h.component.find("acl-") == std::string::npos);
  const auto to_public =
      pp.from_eni(a, test::tcp("10.0.1.10", 40001, "198.51.100.11", 22, tcpf::kSyn), {});
  CHECK_FALSE(to_public.delivered);
  CHECK(to_public.verdict.reason == DropReason::sg_rules_mismatch);
  CHECK(to_public.verdict.resource == "sg-b");
  CHECK(to_public.hops.back().detail.find("from 198.51.100.10") != std::string::npos);
}

TEST_CASE("blackhole routes and missing routes drop with distinct reasons") {
  // A blackhole route (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html)
  // is chosen by LPM and drops (BAD_STATE_ROUTE).
  const auto sc = test::load(kNat);
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto r = pp.from_eni(test::eni(t, "priv"),
                             test::tcp("10.0.1.5", 40000, "192.0.2.7", 443, tcpf::kSyn), {});
  CHECK(r.verdict.reason == DropReason::bad_state_route);
  CHECK(r.verdict.resource == "rtb-priv");
  const auto sc2 = test::load(R"({"vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24"}],
    "instances": [{"id": "i-a", "name": "a", "subnet": "subnet-a", "private_ip": "10.0.1.5"}]})");
  path::PathState st2(*sc2.topology);
  path::PacketPath pp2(*sc2.topology, st2);
  const auto n = pp2.from_eni(test::eni(*sc2.topology, "a"),
                              test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kSyn), {});
  CHECK(n.verdict.reason == DropReason::no_route);
  CHECK(path::code(n.verdict.reason) == "NO_ROUTE_TO_DESTINATION");
}

TEST_CASE("traffic to the VPC resolver and instance metadata is neither filtered nor logged") {
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Security.html (not filtered),
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html (not logged).
  const auto sc = test::load(kWeb443);
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  auto dns = test::tcp("10.0.1.10", 40000, "10.0.0.2", 53, tcpf::kSyn);
  const auto r = pp.from_eni(test::eni(t, "web"), dns, {});
  CHECK(r.delivered);
  CHECK(r.exempt);
  CHECK(r.observations.empty());
}

TEST_CASE("an untracked flow's reply is untracked too; a narrower inbound rule's flow is tracked") {
  // AWS's example
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html):
  // inbound TCP 22 from 203.0.113.1/32 and TCP 80 from 0.0.0.0/0,
  // outbound all traffic to 0.0.0.0/0. "Inbound and outbound TCP traffic on port 80 (HTTP) is
  // not tracked … port 22 (SSH) is tracked".
  const auto sc = test::load(R"({
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
    "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub"}],
    "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
    "security_groups": [{"id": "sg-web", "vpc": "vpc-a", "inbound": [
      {"protocol": "tcp", "ports": 22, "cidr": "203.0.113.1/32"}, {"protocol": "tcp", "ports": 80, "cidr": "0.0.0.0/0"}]}],
    "instances": [{"id": "i-web", "name": "web", "subnet": "subnet-a", "private_ip": "10.0.1.10", "public_ip": "198.51.100.10", "security_groups": ["sg-web"]}]})");
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto web = test::eni(t, "web");
  // HTTP: neither the SYN nor the SYN-ACK creates a tracking entry.
  REQUIRE(pp.from_internet(test::tcp("203.0.113.9", 50000, "198.51.100.10", 80, tcpf::kSyn), {})
              .delivered);
  const auto http_reply = pp.from_eni(
      web, test::tcp("10.0.1.10", 80, "203.0.113.9", 50000, tcpf::kSyn | tcpf::kAck), {});
  REQUIRE(http_reply.delivered);
  CHECK(http_reply.hops.front().detail.find("untracked") != std::string::npos);
  CHECK(st.conntrack.size() == 0);
  // SSH from the one allowed address: tracked.
  REQUIRE(pp.from_internet(test::tcp("203.0.113.1", 50001, "198.51.100.10", 22, tcpf::kSyn), {})
              .delivered);
  REQUIRE(pp.from_eni(web,
                      test::tcp("10.0.1.10", 22, "203.0.113.1", 50001, tcpf::kSyn | tcpf::kAck), {})
              .delivered);
  CHECK(st.conntrack.size() > 0);
}

TEST_CASE("inside one subnet, packets do not use the route table (layer 2, no NACL)") {
  // "You cannot route traffic between hosts in the same subnet through an appliance"
  // (route-table-options.html): a blackhole route for the subnet's own range changes nothing.
  const auto sc = test::load(nat_design(
      "available",
      R"([{"destination": "0.0.0.0/0", "target": "nat-n"}, {"destination": "10.0.1.0/24", "target": "blackhole"}])"));
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto r = pp.from_eni(test::eni(t, "a"),
                             test::tcp("10.0.1.10", 40000, "10.0.1.11", 22, tcpf::kSyn), {});
  CHECK(r.delivered);
  CHECK(r.destination == test::eni(t, "b"));
}
