// NatTable on its own: the translations of one NAT gateway as
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html describes them.
// (The gateway on the packet path is tested in packet_path_test.cc.)
#include "sim/path/nat_table.h"

#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <set>
#include <vector>

#include "sim/core/rng.h"
#include "tests/sim/path/path_fixture.h"

using namespace vpcsim;
using path::NatTable;
using Outcome = path::NatTable::Outcome;
namespace tcpf = path::tcp;
using std::chrono::seconds;

namespace {

const net::IpAddress kNatIp = *net::IpAddress::parse("10.0.0.220");

path::Packet reply_to(const net::FiveTuple& translated, std::uint8_t flags) {
  path::Packet p;
  p.tuple = translated.reversed();
  p.tcp_flags = flags;
  return p;
}

}  // namespace

TEST_CASE("source NAT to the gateway's IP and a port in 1024-65535; replies translated back") {
  NatTable nat(kNatIp);
  core::Rng rng(1);
  const auto syn = test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kSyn);
  const auto out = nat.outbound(syn, {}, rng);
  REQUIRE(out.outcome == Outcome::translated);
  CHECK(out.tuple.src == kNatIp);
  CHECK(out.tuple.dst == syn.tuple.dst);
  CHECK(out.tuple.dst_port == 443);
  CHECK(out.tuple.src_port >= 1024);
  CHECK(nat.active() == 1);
  CHECK(nat.reply_to(syn.tuple) == out.tuple.reversed());
  CHECK_FALSE(nat.reply_to(test::tcp("10.0.1.5", 40001, "203.0.113.5", 443, 0).tuple));

  // The connection's later packets keep their port; the reply goes back to the inside host.
  const auto ack = test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kAck);
  CHECK(nat.outbound(ack, seconds(1), rng).tuple == out.tuple);
  const auto back = nat.inbound(reply_to(out.tuple, tcpf::kSyn | tcpf::kAck), seconds(1));
  CHECK(back.outcome == Outcome::translated);
  CHECK(back.tuple == syn.tuple.reversed());
}

TEST_CASE("only a connection's first packet opens a mapping; nothing opens from outside") {
  NatTable nat(kNatIp);
  core::Rng rng(1);
  CHECK(
      nat.outbound(test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kAck), {}, rng).outcome ==
      Outcome::no_mapping);
  CHECK(nat.outbound(test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kSyn | tcpf::kAck), {},
                     rng)
            .outcome == Outcome::no_mapping);
  CHECK(nat.inbound(test::tcp("203.0.113.5", 443, "10.0.0.220", 5000, tcpf::kSyn), {}).outcome ==
        Outcome::no_mapping);
  CHECK(nat.active() == 0);

  // Any UDP packet opens one; ICMP echo requests translate the echo id in both fields.
  auto udp = test::tcp("10.0.1.5", 5353, "203.0.113.5", 53, 0);
  udp.tuple.protocol = net::Protocol::kUdp;
  CHECK(nat.outbound(udp, {}, rng).outcome == Outcome::translated);
  path::Packet echo;
  echo.tuple = {*net::IpAddress::parse("10.0.1.5"), *net::IpAddress::parse("203.0.113.5"), 77, 77,
                net::Protocol::kIcmp};
  echo.icmp_type = 8;
  const auto icmp = nat.outbound(echo, {}, rng);
  REQUIRE(icmp.outcome == Outcome::translated);
  CHECK(icmp.tuple.src_port == icmp.tuple.dst_port);
  echo.icmp_type = 0;  // an echo reply from inside opens nothing
  echo.tuple.src_port = echo.tuple.dst_port = 78;
  CHECK(nat.outbound(echo, {}, rng).outcome == Outcome::no_mapping);
  CHECK(nat.active() == 2);
}

TEST_CASE("a mapping idle for 350 s expires: idle_expired to the inside, no_mapping outside") {
  // https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
  NatTable nat(kNatIp);
  core::Rng rng(1);
  const auto syn = test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kSyn);
  const auto out = nat.outbound(syn, {}, rng);
  REQUIRE(out.outcome == Outcome::translated);
  const auto late = NatTable::kIdleTimeout;
  CHECK(nat.outbound(test::tcp("10.0.1.5", 40000, "203.0.113.5", 443, tcpf::kAck), late, rng)
            .outcome == Outcome::idle_expired);
  CHECK(nat.idle_timeouts() == 1);
  CHECK(nat.active() == 0);
  CHECK(nat.inbound(reply_to(out.tuple, tcpf::kAck), late).outcome == Outcome::no_mapping);

  // Seen from outside first: the expired mapping goes too.
  const auto again = nat.outbound(syn, late, rng);
  REQUIRE(again.outcome == Outcome::translated);
  CHECK(nat.inbound(reply_to(again.tuple, tcpf::kAck), late + NatTable::kIdleTimeout).outcome ==
        Outcome::no_mapping);
  CHECK(nat.idle_timeouts() == 2);
  CHECK(nat.active() == 0);
  // A new SYN after an expiry opens a new mapping.
  CHECK(nat.outbound(syn, late * 3, rng).outcome == Outcome::translated);
}

TEST_CASE("ports per destination: all distinct, the limit counts open ones, expired ones free") {
  NatTable nat(kNatIp, 2000);
  core::Rng rng(3);
  std::set<std::uint16_t> ports;
  std::vector<net::FiveTuple> translated;
  for (std::uint16_t i = 0; i < 2000; ++i) {
    const auto r = nat.outbound(test::tcp("10.0.1.5", static_cast<std::uint16_t>(20000 + i),
                                          "203.0.113.5", 443, tcpf::kSyn),
                                {}, rng);
    REQUIRE(r.outcome == Outcome::translated);
    CHECK(r.tuple.src_port >= 1024);
    ports.insert(r.tuple.src_port);
    translated.push_back(r.tuple);
  }
  CHECK(ports.size() == 2000);
  const auto full = test::tcp("10.0.1.5", 30000, "203.0.113.5", 443, tcpf::kSyn);
  CHECK(nat.outbound(full, {}, rng).outcome == Outcome::port_allocation_error);
  CHECK(nat.port_allocation_errors() == 1);
  // One mapping expires (seen from outside): its port is free for the next connection.
  CHECK(nat.inbound(reply_to(translated[7], tcpf::kAck), NatTable::kIdleTimeout).outcome ==
        Outcome::no_mapping);
  CHECK(nat.outbound(full, NatTable::kIdleTimeout, rng).outcome == Outcome::translated);
  CHECK(nat.active() == 2000);
}

TEST_CASE("the same seed picks the same ports") {
  const auto ports_of = [](std::uint64_t seed) {
    NatTable nat(kNatIp);
    core::Rng rng(seed);
    std::vector<std::uint16_t> ports;
    for (std::uint16_t i = 0; i < 100; ++i) {
      const auto p = test::tcp("10.0.1.5", static_cast<std::uint16_t>(20000 + i), "203.0.113.5",
                               static_cast<std::uint16_t>(443 + i % 3), tcpf::kSyn);
      ports.push_back(nat.outbound(p, {}, rng).tuple.src_port);
    }
    return ports;
  };
  CHECK(ports_of(5) == ports_of(5));
  CHECK(ports_of(5) != ports_of(6));
}

TEST_CASE("secondary addresses: each carries its own connections per destination") {
  // "Each IPv4 address can support up to 55,000 simultaneous connections to each unique
  // destination … You can increase this limit by associating up to 8 IPv4 addresses"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html). A limit of 2
  // per address here, so that two addresses take 4 connections and the fifth fails.
  const auto second = *net::IpAddress::parse("10.0.0.221");
  NatTable nat(std::vector<net::IpAddress>{kNatIp, second}, 2);
  core::Rng rng(7);
  std::map<net::IpAddress, int> by_address;
  for (std::uint16_t sport = 40000; sport < 40004; ++sport) {
    const auto syn = test::tcp("10.0.1.5", sport, "203.0.113.5", 443, tcpf::kSyn);
    const auto out = nat.outbound(syn, {}, rng);
    REQUIRE(out.outcome == Outcome::translated);
    ++by_address[out.tuple.src];
    // The reply to whichever address was used comes back to the inside host.
    const auto back = nat.inbound(reply_to(out.tuple, tcpf::kSyn | tcpf::kAck), {});
    REQUIRE(back.outcome == Outcome::translated);
    CHECK(back.tuple == syn.tuple.reversed());
  }
  CHECK(by_address[kNatIp] == 2);
  CHECK(by_address[second] == 2);
  const auto fifth =
      nat.outbound(test::tcp("10.0.1.5", 40009, "203.0.113.5", 443, tcpf::kSyn), {}, rng);
  CHECK(fifth.outcome == Outcome::port_allocation_error);
  // Another destination has its own ports on both addresses.
  CHECK(
      nat.outbound(test::tcp("10.0.1.5", 40010, "203.0.113.6", 443, tcpf::kSyn), {}, rng).outcome ==
      Outcome::translated);
}
