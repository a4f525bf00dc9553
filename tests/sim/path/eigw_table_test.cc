// Egress-only internet gateways against AWS's documentation
// (https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html):
// "stateful: it forwards traffic from the instances in the subnet to the internet … and then
// sends the response back to the instances", and it "prevents the internet from initiating an
// IPv6 connection with your instances". Here in a VPC that has no internet gateway at all.
#include "sim/path/eigw_table.h"

#include <doctest/doctest.h>

#include <chrono>

#include "sim/path/packet_path.h"
#include "tests/sim/path/path_fixture.h"

using namespace vpcsim;
using path::DropReason;
namespace tcpf = path::tcp;

namespace {

const char* kEgressOnly = R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16", "ipv6_cidr": "2001:db8:1234:1a00::/56"}],
  "egress_only_internet_gateways": [{"id": "eigw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "ipv6_cidr": "2001:db8:1234:1a00::/64", "route_table": "rtb-a"}],
  "route_tables": [{"id": "rtb-a", "vpc": "vpc-a", "routes": [{"destination": "::/0", "target": "eigw-a"}]}],
  "security_groups": [{"id": "sg-a", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 22, "cidr": "::/0"}]}],
  "instances": [{"id": "i-a", "name": "a", "subnet": "subnet-a", "private_ip": "10.0.1.10", "ipv6_addresses": ["2001:db8:1234:1a00::10"], "security_groups": ["sg-a"]}]
})";

constexpr const char* kInside = "2001:db8:1234:1a00::10";
constexpr const char* kServer = "2001:db8:ffff::80";

}  // namespace

TEST_CASE("egress-only IGW without an IGW: the reply to an outbound connection comes back") {
  test::Paths w(kEgressOnly);
  const auto& t = w.t();
  auto& pp = w.path;
  const auto a = test::eni(t, "a");
  const auto syn = pp.from_eni(a, test::tcp(kInside, 40000, kServer, 443, tcpf::kSyn), {});
  REQUIRE(syn.delivered);
  CHECK_FALSE(syn.destination.valid());  // a host on the internet
  const auto synack =
      pp.from_internet(test::tcp(kServer, 443, kInside, 40000, tcpf::kSyn | tcpf::kAck), {});
  CHECK(synack.delivered);
  CHECK(synack.destination == a);
}

TEST_CASE("egress-only IGW: the internet cannot initiate a connection, even where the SG allows") {
  test::Paths w(kEgressOnly);
  const auto& t = w.t();
  auto& pp = w.path;
  // sg-a admits ssh from ::/0, but no connection from inside went to this host and port.
  const auto r = pp.from_internet(test::tcp(kServer, 50000, kInside, 22, tcpf::kSyn), {});
  CHECK_FALSE(r.delivered);
  CHECK(r.verdict.reason == DropReason::eigw_ingress);
  CHECK(path::code(r.verdict.reason) == "EIGW_NO_INBOUND_INITIATION");
  CHECK(r.verdict.resource == "eigw-a");
  // A connection out to port 443 opens no door to another port of the same host.
  REQUIRE(pp.from_eni(test::eni(t, "a"), test::tcp(kInside, 40000, kServer, 443, tcpf::kSyn), {})
              .delivered);
  CHECK_FALSE(pp.from_internet(test::tcp(kServer, 443, kInside, 40001, tcpf::kSyn | tcpf::kAck), {})
                  .delivered);
}

TEST_CASE("EigwTable: a reply is admitted until the connection has been idle 350 s") {
  path::EigwTable table;
  const model::EigwIndex g(0);
  const net::FiveTuple out{*net::IpAddress::parse(kInside), *net::IpAddress::parse(kServer), 40000,
                           443, 6};
  using std::chrono::seconds;
  CHECK_FALSE(table.admit_reply(g, out.reversed(), net::SimTime(seconds(1))));
  table.outbound(g, out, net::SimTime(seconds(10)));
  CHECK(table.admit_reply(g, out.reversed(), net::SimTime(seconds(300))));  // refreshed: 650 s
  CHECK(table.admit_reply(g, out.reversed(), net::SimTime(seconds(650))));
  CHECK_FALSE(table.admit_reply(g, out.reversed(), net::SimTime(seconds(1001))));
  // Only replies: the outbound tuple itself, arriving from outside, is not one.
  table.outbound(g, out, net::SimTime(seconds(2000)));
  CHECK_FALSE(table.admit_reply(g, out, net::SimTime(seconds(2001))));
  // Another gateway's connection is not this one's.
  CHECK_FALSE(table.admit_reply(model::EigwIndex(1), out.reversed(), net::SimTime(seconds(2001))));
}
