// Reachability answers (what `vpcsim reach` reports) from simulated request + reply: the
// blocking component, rule and explanation code; replies checked over the client's whole
// ephemeral range; the port space by interval arithmetic over the rules' port boundaries.
#include "sim/analysis/reach.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "tests/sim/path/nat_fixture.h"
#include "tests/sim/path/path_fixture.h"
#include "topology/load/endpoint_resolver.h"

using namespace vpcsim;

namespace {

// A public web server in one subnet; `acl_out` is its NACL's outbound rule list (JSON) and
// `sg_in` its security group's inbound rules.
std::string web(const std::string& acl_out, const std::string& sg_in) {
  return R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-web", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub", "network_acl": "acl-web"},
              {"id": "subnet-app", "vpc": "vpc-a", "cidr": "10.0.2.0/24"}],
  "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
  "network_acls": [{"id": "acl-web", "vpc": "vpc-a",
    "inbound":  [{"rule": 100, "protocol": "-1", "cidr": "0.0.0.0/0", "action": "allow"}],
    "outbound": )" +
         acl_out + R"(}],
  "security_groups": [{"id": "sg-web", "vpc": "vpc-a", "inbound": )" +
         sg_in + R"(, "outbound": []}],
  "instances": [{"id": "i-web", "name": "web", "subnet": "subnet-web", "private_ip": "10.0.1.10", "public_ip": "198.51.100.10", "security_groups": ["sg-web"]},
                {"id": "i-app", "name": "app", "subnet": "subnet-app", "private_ip": "10.0.2.10"}]
})";
}

model::Endpoint ep(const model::Topology& t, const char* text) {
  auto r = load::resolve_endpoint(t, text);
  REQUIRE_MESSAGE(r.endpoint, r.error);
  return *r.endpoint;
}

const char* kHttps = R"([{"protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0"}])";

}  // namespace

// The stateless NACL and the client's ephemeral port
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
TEST_CASE("reach: a 443-only NACL lets the request in and drops every reply") {
  const auto sc = test::load(web(
      R"([{"rule": 100, "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0", "action": "allow"}])",
      kHttps));
  const auto& t = *sc.topology;
  const auto a = analysis::reach(t, {ep(t, "internet"), ep(t, "web"), net::Protocol::tcp(), 443});
  CHECK_FALSE(a.reachable);
  CHECK(a.request.result.delivered);
  REQUIRE(a.reply);
  const auto* b = a.blocking();
  REQUIRE(b == &*a.reply);
  CHECK(path::code(b->result.verdict.reason) == "SUBNET_ACL_RESTRICTION");
  CHECK(b->result.verdict.resource == "acl-web");
  CHECK(b->result.verdict.rule == "*");
  // Every source port an internet (Linux) client may pick fails.
  REQUIRE(a.failing_source_ports.size() == 1);
  CHECK(a.failing_source_ports[0] == net::PortRange(32768, 60999));
  CHECK(analysis::ranges_text(a.failing_source_ports) == "32768-60999");
}

TEST_CASE("reach: an ephemeral rule that covers part of the client's range fails for the rest") {
  // Outbound 1024-40000 only: connections whose client picked a port above 40000 fail.
  const auto sc = test::load(web(
      R"([{"rule": 100, "protocol": "tcp", "ports": "1024-40000", "cidr": "0.0.0.0/0", "action": "allow"}])",
      kHttps));
  const auto& t = *sc.topology;
  const auto a = analysis::reach(t, {ep(t, "internet"), ep(t, "web"), net::Protocol::tcp(), 443});
  CHECK_FALSE(a.reachable);
  REQUIRE(a.failing_source_ports.size() == 1);
  CHECK(a.failing_source_ports[0] == net::PortRange(40001, 60999));
  // The reply shown is one that fails.
  REQUIRE(a.reply);
  CHECK_FALSE(a.reply->result.delivered);
  CHECK(a.reply->packet.tuple.dst_port > 40000);
}

TEST_CASE("reach: the documented fix (outbound 1024-65535) makes it reachable, path both ways") {
  const auto sc = test::load(web(
      R"([{"rule": 100, "protocol": "tcp", "ports": "1024-65535", "cidr": "0.0.0.0/0", "action": "allow"}])",
      kHttps));
  const auto& t = *sc.topology;
  const auto a = analysis::reach(t, {ep(t, "internet"), ep(t, "web"), net::Protocol::tcp(), 443});
  CHECK(a.reachable);
  CHECK(a.blocking() == nullptr);
  REQUIRE(a.reply);
  CHECK(a.reply->result.delivered);
  CHECK_FALSE(a.request.result.hops.empty());
  // 1:1 NAT first (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).
  CHECK(a.request.result.hops.front().component == "igw-a");
  CHECK(a.reply->result.hops.front().detail == "tracked connection");
}

TEST_CASE("reach: the security group blocks an unlisted port on the request") {
  const auto sc = test::load(
      web(R"([{"rule": 100, "protocol": "-1", "cidr": "0.0.0.0/0", "action": "allow"}])", kHttps));
  const auto& t = *sc.topology;
  const auto a = analysis::reach(t, {ep(t, "internet"), ep(t, "web"), net::Protocol::tcp(), 22});
  CHECK_FALSE(a.reachable);
  CHECK_FALSE(a.reply);
  REQUIRE(a.blocking() == &a.request);
  CHECK(path::code(a.request.result.verdict.reason) == "ENI_SG_RULES_MISMATCH");
  CHECK(a.request.result.verdict.resource == "sg-web");
}

TEST_CASE("port space: exactly the SG's ports, replies included, one probe per rule interval") {
  const auto sc =
      test::load(web(R"([{"rule": 100, "protocol": "-1", "cidr": "0.0.0.0/0", "action": "allow"}])",
                     R"([{"protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0"},
          {"protocol": "tcp", "ports": "8080-8090", "cidr": "0.0.0.0/0"},
          {"protocol": "icmp", "icmp_type": 8, "icmp_code": -1, "cidr": "0.0.0.0/0"}])"));
  const auto& t = *sc.topology;
  const auto s = analysis::reachable_ports(t, ep(t, "internet"), ep(t, "web"));
  CHECK(analysis::port_space_text(s) == "tcp 443, tcp 8080-8090; udp none; icmp echo");
  // Cross-check the boundaries by single probes.
  for (const std::uint16_t p : {442, 443, 444, 8079, 8080, 8090, 8091}) {
    CHECK(analysis::reach(t, {ep(t, "internet"), ep(t, "web"), net::Protocol::tcp(), p}, false)
              .reachable == (p == 443 || (p >= 8080 && p <= 8090)));
  }
}

TEST_CASE("port space: a NACL that drops some replies removes no port but fails them all") {
  // Request ports are fine, but the outbound NACL only carries replies to 1024-40000: no
  // destination port is reachable for every client.
  const auto sc = test::load(web(
      R"([{"rule": 100, "protocol": "tcp", "ports": "1024-40000", "cidr": "0.0.0.0/0", "action": "allow"}])",
      kHttps));
  const auto& t = *sc.topology;
  const auto s = analysis::reachable_ports(t, ep(t, "internet"), ep(t, "web"));
  CHECK(s.tcp.empty());
  CHECK(analysis::port_space_text(s) == "tcp none; udp none; icmp none");
}

// NACLs around a NAT gateway
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-recommended-nacl-rules.html).
TEST_CASE("reach through a NAT gateway: its subnet's NACL must admit replies to every NAT port") {
  // The NAT gateway picks its source port in 1024-65535
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html); the reply from
  // the internet crosses the public subnet's NACL inbound with that port as destination.
  // Opening only 32768-65535 there (a Linux client's range) fails the connections whose NAT
  // port is lower.
  const auto topology = [](const char* public_in_ports) {
    return fmt::format(R"({{
  "vpcs": [{{"id": "vpc-a", "cidr": "10.0.0.0/16"}}],
  "internet_gateways": [{{"id": "igw-a", "vpc": "vpc-a"}}],
  "subnets": [{{"id": "subnet-pub", "vpc": "vpc-a", "cidr": "10.0.0.0/24", "route_table": "rtb-pub", "network_acl": "acl-pub"}},
              {{"id": "subnet-priv", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-priv"}}],
  "route_tables": [{{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{{"destination": "0.0.0.0/0", "target": "igw-a"}}]}},
                   {{"id": "rtb-priv", "vpc": "vpc-a", "routes": [{{"destination": "0.0.0.0/0", "target": "nat-a"}}]}}],
  "network_acls": [{{"id": "acl-pub", "vpc": "vpc-a",
    "inbound":  [{{"rule": 100, "protocol": "tcp", "ports": 443, "cidr": "10.0.1.0/24", "action": "allow"}},
                 {{"rule": 110, "protocol": "tcp", "ports": "{}", "cidr": "0.0.0.0/0", "action": "allow"}}],
    "outbound": [{{"rule": 100, "protocol": "-1", "cidr": "0.0.0.0/0", "action": "allow"}}]}}],
  "instances": [{{"id": "i-priv", "name": "priv", "subnet": "subnet-priv", "private_ip": "10.0.1.10"}}],
  "nat_gateways": [{{"id": "nat-a", "subnet": "subnet-pub", "private_ip": "10.0.0.220", "elastic_ip": "198.51.100.20"}}]
}})",
                       public_in_ports);
  };
  const auto narrow = test::load(topology("32768-65535"));
  const auto& t = *narrow.topology;
  const auto a = analysis::reach(t, {ep(t, "priv"), ep(t, "internet"), net::Protocol::tcp(), 443});
  CHECK_FALSE(a.reachable);
  CHECK(a.failing_source_ports.empty());  // the instance's own ports are fine
  REQUIRE(a.failing_nat_ports.size() == 1);
  CHECK(a.failing_nat_ports[0] == net::PortRange(1024, 32767));
  const auto b = a.block();
  REQUIRE(b);
  CHECK(b->verdict.code() == "SUBNET_ACL_RESTRICTION");
  CHECK(b->verdict.resource == "acl-pub");
  CHECK(b->verdict.rule == "*");
  CHECK(b->detail.find("NAT gateway ports 1024-32767") != std::string::npos);
  // AWS's recommended rule (1024-65535,
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-recommended-nacl-rules.html) admits
  // them all.
  const auto wide = test::load(topology("1024-65535"));
  const auto& tw = *wide.topology;
  CHECK(analysis::reach(tw, {ep(tw, "priv"), ep(tw, "internet"), net::Protocol::tcp(), 443})
            .reachable);
}

TEST_CASE("reach through a private NAT gateway checks the far side's NACL over 1024-65535") {
  // The gateway picks any source port in 1024-65535
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html); the server
  // subnet's NACL outbound sees the reply to that port, so it must admit the whole range
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
  const auto narrow = test::load(test::nat_fixture::private_nat_design("1024-30000"));
  const auto& t = *narrow.topology;
  const auto a = analysis::reach(t, {ep(t, "app"), ep(t, "b"), net::Protocol::tcp(), 22});
  CHECK_FALSE(a.reachable);
  REQUIRE(a.failing_nat_ports.size() == 1);
  CHECK(a.failing_nat_ports[0] == net::PortRange(30001, 65535));
  CHECK(a.nat_acl == "acl-b");
  CHECK(a.nat_acl_direction == model::Direction::outbound);
  const auto b = a.block();
  REQUIRE(b);
  // The probe's own reply may have drawn a failing port (then its drop is shown) or not (then
  // the port check's text): acl-b decides either way.
  CHECK(b->verdict.resource == "acl-b");
  const auto wide = test::load(test::nat_fixture::private_nat_design());
  const auto& w = *wide.topology;
  CHECK(analysis::reach(w, {ep(w, "app"), ep(w, "b"), net::Protocol::tcp(), 22}).reachable);
}
