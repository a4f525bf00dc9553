// The packet path through gateways (gateway_hops.cc) against AWS's documented behaviour (the
// AWS documentation pages cited below): NAT gateways (source NAT, idle timeout, port
// allocation, untranslated and deleted gateways) and VPC peering.
#include "sim/path/packet_path.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>

#include "sim/core/rng.h"
#include "sim/path/nat_table.h"
#include "tests/sim/path/nat_fixture.h"
#include "tests/sim/path/path_fixture.h"

using namespace vpcsim;
using path::DropReason;
namespace tcpf = path::tcp;
using test::nat_fixture::kNat;
using test::nat_fixture::nat_design;

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

TEST_CASE("NAT gateway with a secondary address: each private address leaves as its own EIP") {
  // A secondary address of a public NAT gateway has its own Elastic IP
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html): a connection on
  // it reaches the internet from that EIP, and the reply to that EIP comes back.
  std::string design = test::kNat;
  const std::string eip = R"("elastic_ip": "198.51.100.20")";
  design.replace(
      design.find(eip), eip.size(),
      eip +
          R"(, "secondary_addresses": [{"private_ip": "10.0.0.221", "elastic_ip": "198.51.100.21"}])");
  const auto sc = test::load(design);
  const auto& t = *sc.topology;
  path::PathState st(t, 3);
  path::PacketPath pp(t, st);
  const auto priv = test::eni(t, "priv");
  std::set<std::string> sources;
  for (std::uint16_t sport = 40000; sport < 40040; ++sport) {
    const auto out =
        pp.from_eni(priv, test::tcp("10.0.1.5", sport, "203.0.113.5", 443, tcpf::kSyn), {});
    REQUIRE(out.delivered);
    const auto& seen = out.delivered_packet.tuple;
    sources.insert(seen.src.to_string());
    // The NAT interface's egress record names the private address the EIP maps.
    const auto private_src = out.observations.back().packet.tuple.src.to_string();
    CHECK(private_src == (seen.src.to_string() == "198.51.100.21" ? "10.0.0.221" : "10.0.0.220"));
    const auto back = pp.from_internet(test::tcp("203.0.113.5", 443, seen.src.to_string().c_str(),
                                                 seen.src_port, tcpf::kSyn | tcpf::kAck),
                                       {});
    REQUIRE(back.delivered);
    CHECK(back.destination == priv);
    CHECK(back.delivered_packet.tuple.dst_port == sport);
  }
  CHECK(sources == std::set<std::string>{"198.51.100.20", "198.51.100.21"});
}
