// The packet path against AWS's documented behaviour (the AWS documentation pages cited
// below).
#include "sim/path/packet_path.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "tests/sim/path/path_fixture.h"

using namespace vpcsim;
using path::DropReason;
namespace tcpf = path::tcp;

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

namespace {
const char* kNat = R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [
    {"id": "subnet-pub", "vpc": "vpc-a", "cidr": "10.0.0.0/24", "route_table": "rtb-pub"},
    {"id": "subnet-priv", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-priv"}],
  "route_tables": [
    {"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]},
    {"id": "rtb-priv", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "nat-a"}, {"destination": "192.0.2.0/24", "target": "blackhole"}]}],
  "nat_gateways": [{"id": "nat-a", "subnet": "subnet-pub", "private_ip": "10.0.0.220", "elastic_ip": "198.51.100.20"}],
  "instances": [{"id": "i-priv", "name": "priv", "subnet": "subnet-priv", "private_ip": "10.0.1.5"}]
})";
}  // namespace

TEST_CASE("NAT gateway: source NAT, flow-log addresses as AWS documents, no inbound initiation") {
  const auto sc = test::load(kNat);
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto priv = test::eni(t, "priv");
  const auto out =
      pp.from_eni(priv, test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kSyn), {});
  REQUIRE(out.delivered);
  // The internet sees the Elastic IP and a port in 1024-65535
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
  CHECK(out.delivered_packet.tuple.src.to_string() == "198.51.100.20");
  CHECK(out.delivered_packet.tuple.src_port >= 1024);
  CHECK(out.delivered_packet.tuple.dst.to_string() ==
        "203.0.113.5");  // NGW_DEST_ADDRESS_PRESERVATION
  // AWS's NAT gateway example
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html):
  // instance egress, NAT ingress (pkt-dst = the internet host), NAT egress with the NAT's
  // *private* IP as source.
  REQUIRE(out.observations.size() == 3);
  const auto nat_eni = t.nat_gateway(model::NatIndex(0)).eni;
  CHECK(out.observations[0].eni == priv);
  CHECK(out.observations[1].eni == nat_eni);
  CHECK(out.observations[1].direction == model::Direction::inbound);
  CHECK(out.observations[1].packet.tuple.dst.to_string() == "203.0.113.5");
  CHECK(out.observations[2].eni == nat_eni);
  CHECK(out.observations[2].packet.tuple.src.to_string() == "10.0.0.220");

  // The reply comes back to the instance (and its SG admits it: connections through a NAT
  // gateway are tracked,
  // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
  auto reply = test::tcp("203.0.113.5", 443, "198.51.100.20", out.delivered_packet.tuple.src_port,
                         tcpf::kSyn | tcpf::kAck);
  const auto back = pp.from_internet(reply, {});
  REQUIRE(back.delivered);
  CHECK(back.destination == priv);
  CHECK(back.delivered_packet.tuple.dst_port == 40000);

  // Unsolicited inbound to the EIP is dropped at the NAT gateway.
  const auto in =
      pp.from_internet(test::tcp("203.0.113.9", 5555, "198.51.100.20", 22, tcpf::kSyn), {});
  CHECK_FALSE(in.delivered);
  CHECK(in.verdict.reason == DropReason::nat_no_translation);
  CHECK(in.verdict.resource == "nat-a");
}

TEST_CASE("NAT gateway idle timeout: after 350 s the next packet gets an RST") {
  // "If a connection that's using a NAT gateway is idle for 350 seconds or more, the
  // connection times out … a NAT gateway returns an RST packet"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
  const auto sc = test::load(kNat);
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto priv = test::eni(t, "priv");
  REQUIRE(pp.from_eni(priv, test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kSyn), {})
              .delivered);
  const auto t1 = net::SimTime(std::chrono::seconds(349));
  CHECK(pp.from_eni(priv, test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kAck), t1)
            .delivered);
  const auto t2 = t1 + net::SimTime(std::chrono::seconds(350));
  const auto late =
      pp.from_eni(priv, test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kAck), t2);
  CHECK_FALSE(late.delivered);
  CHECK(late.verdict.reason == DropReason::nat_idle_timeout);
  REQUIRE(late.nat_rst);
  CHECK(late.nat_rst->tcp_flags == tcpf::kRst);
  CHECK(late.nat_rst->tuple.dst.to_string() == "10.0.1.5");
}

TEST_CASE("NAT gateway port allocation: at most N connections per destination") {
  // ErrorPortAllocation
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html); a
  // small limit stands in for 55,000.
  path::NatTable nat(*net::IpAddress::parse("10.0.0.220"), 3);
  core::Rng rng(1);
  for (std::uint16_t i = 0; i < 3; ++i) {
    CHECK(nat.outbound(test::tcp("10.0.1.5", 40000 + i, "203.0.113.5", 443, tcpf::kSyn), {}, rng)
              .outcome == path::NatTable::Outcome::translated);
  }
  CHECK(
      nat.outbound(test::tcp("10.0.1.5", 41000, "203.0.113.5", 443, tcpf::kSyn), {}, rng).outcome ==
      path::NatTable::Outcome::port_allocation_error);
  // Another destination port is another unique destination.
  CHECK(
      nat.outbound(test::tcp("10.0.1.5", 41000, "203.0.113.5", 80, tcpf::kSyn), {}, rng).outcome ==
      path::NatTable::Outcome::translated);
  CHECK(nat.port_allocation_errors() == 1);
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

TEST_CASE("VPC peering is not transitive") {
  // "you can't route traffic from VPC B to VPC C through VPC A"
  // (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html).
  const auto sc = test::load(R"({
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}, {"id": "vpc-b", "cidr": "10.1.0.0/16"}, {"id": "vpc-c", "cidr": "10.2.0.0/16"}],
    "peering_connections": [{"id": "pcx-ab", "requester": "vpc-a", "accepter": "vpc-b"}, {"id": "pcx-ac", "requester": "vpc-a", "accepter": "vpc-c"}],
    "subnets": [
      {"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24"},
      {"id": "subnet-b", "vpc": "vpc-b", "cidr": "10.1.1.0/24", "route_table": "rtb-b"},
      {"id": "subnet-c", "vpc": "vpc-c", "cidr": "10.2.1.0/24"}],
    "route_tables": [{"id": "rtb-b", "vpc": "vpc-b", "routes": [{"destination": "10.0.0.0/8", "target": "pcx-ab"}]}],
    "security_groups": [{"id": "sg-c", "vpc": "vpc-c", "inbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]},
                        {"id": "sg-a", "vpc": "vpc-a", "inbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}],
    "instances": [
      {"id": "i-a", "name": "a", "subnet": "subnet-a", "private_ip": "10.0.1.5", "security_groups": ["sg-a"]},
      {"id": "i-b", "name": "b", "subnet": "subnet-b", "private_ip": "10.1.1.5"},
      {"id": "i-c", "name": "c", "subnet": "subnet-c", "private_ip": "10.2.1.5", "security_groups": ["sg-c"]}]})");
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto b = test::eni(t, "b");
  CHECK(pp.from_eni(b, test::tcp("10.1.1.5", 40000, "10.0.1.5", 22, tcpf::kSyn), {}).delivered);
  const auto to_c = pp.from_eni(b, test::tcp("10.1.1.5", 40001, "10.2.1.5", 22, tcpf::kSyn), {});
  CHECK_FALSE(to_c.delivered);
  CHECK(to_c.verdict.reason == DropReason::peering_address);
  CHECK(to_c.verdict.resource == "pcx-ab");
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

namespace {

// A private subnet behind a NAT gateway; `nat_state` and `private_routes` vary per test.
std::string nat_design(const char* nat_state, const char* private_routes) {
  return fmt::format(R"({{
  "vpcs": [{{"id": "vpc-n", "cidr": "10.0.0.0/16"}}],
  "internet_gateways": [{{"id": "igw-n", "vpc": "vpc-n"}}],
  "subnets": [{{"id": "subnet-pub", "vpc": "vpc-n", "cidr": "10.0.0.0/24", "route_table": "rtb-pub"}},
              {{"id": "subnet-priv", "vpc": "vpc-n", "cidr": "10.0.1.0/24", "route_table": "rtb-priv"}}],
  "route_tables": [{{"id": "rtb-pub", "vpc": "vpc-n", "routes": [{{"destination": "0.0.0.0/0", "target": "igw-n"}}]}},
                   {{"id": "rtb-priv", "vpc": "vpc-n", "routes": {}}}],
  "security_groups": [{{"id": "sg-any", "vpc": "vpc-n", "inbound": [{{"protocol": "-1", "cidr": "0.0.0.0/0"}}],
                        "outbound": [{{"protocol": "-1", "cidr": "0.0.0.0/0"}}]}}],
  "instances": [{{"id": "i-a", "name": "a", "subnet": "subnet-priv", "private_ip": "10.0.1.10", "security_groups": ["sg-any"]}},
                {{"id": "i-b", "name": "b", "subnet": "subnet-priv", "private_ip": "10.0.1.11", "security_groups": ["sg-any"]}}],
  "nat_gateways": [{{"id": "nat-n", "subnet": "subnet-pub", "private_ip": "10.0.0.220", "elastic_ip": "198.51.100.20", "state": "{}"}}]
}})",
                     private_routes, nat_state);
}

}  // namespace

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

TEST_CASE("a NAT gateway drops an inside packet that belongs to no connection, without an RST") {
  // Only a connection that was idle 350 s gets the RST
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html); a
  // SYN-ACK from inside with no
  // mapping (someone reached the instance another way) is simply not translated.
  const auto sc =
      test::load(nat_design("available", R"([{"destination": "0.0.0.0/0", "target": "nat-n"}])"));
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto r =
      pp.from_eni(test::eni(t, "a"),
                  test::tcp("10.0.1.10", 22, "203.0.113.5", 50000, tcpf::kSyn | tcpf::kAck), {});
  CHECK_FALSE(r.delivered);
  CHECK(r.verdict.reason == DropReason::nat_no_translation);
  CHECK_FALSE(r.nat_rst);
}

// A deleted NAT gateway's routes stay behind as blackholes
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
TEST_CASE("a deleted NAT gateway: its routes are blackholes, its translations gone") {
  const auto sc =
      test::load(nat_design("deleted", R"([{"destination": "0.0.0.0/0", "target": "nat-n"}])"));
  const auto& t = *sc.topology;
  path::PathState st(t);
  path::PacketPath pp(t, st);
  const auto r = pp.from_eni(test::eni(t, "a"),
                             test::tcp("10.0.1.10", 40000, "203.0.113.5", 443, tcpf::kSyn), {});
  CHECK_FALSE(r.delivered);
  CHECK(r.verdict.reason == DropReason::bad_state_route);
  CHECK(r.verdict.resource == "rtb-priv");
  // Its Elastic IP no longer translates replies either.
  const auto in = pp.from_internet(
      test::tcp("203.0.113.5", 443, "198.51.100.20", 40000, tcpf::kSyn | tcpf::kAck), {});
  CHECK_FALSE(in.delivered);
  CHECK(in.verdict.reason == DropReason::nat_deleted);
}
