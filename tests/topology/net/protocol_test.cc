#include "topology/net/protocol.h"

#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

using vpcsim::net::Protocol;

TEST_CASE("Protocol parses names case-insensitively and numbers 0-255") {
  CHECK(Protocol::parse("tcp") == Protocol::tcp());
  CHECK(Protocol::parse("TCP") == Protocol::tcp());
  CHECK(Protocol::parse("Udp") == Protocol::udp());
  CHECK(Protocol::parse("icmp") == Protocol::icmp());
  CHECK(Protocol::parse("icmpv6") == Protocol::icmpv6());
  CHECK(Protocol::parse("ipv6-icmp") == Protocol::icmpv6());
  CHECK(Protocol::parse("6") == Protocol::tcp());
  CHECK(Protocol::parse("17") == Protocol::udp());
  CHECK(Protocol::parse("1") == Protocol::icmp());
  CHECK(Protocol::parse("58") == Protocol::icmpv6());
  CHECK(Protocol::parse("0")->number() == 0);
  CHECK(Protocol::parse("50")->number() == 50);
  CHECK(Protocol::parse("255")->number() == 255);
}

// "-1" means all protocols
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html,
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html).
TEST_CASE("Protocol -1 and all mean every protocol") {
  CHECK(Protocol::parse("-1") == Protocol::all());
  CHECK(Protocol::parse("all") == Protocol::all());
  CHECK(Protocol::parse("ALL") == Protocol::all());
  CHECK(Protocol::parse("-1")->is_all());
  CHECK(Protocol::all().number() == -1);
  CHECK(Protocol().is_all());
  for (int p : {0, 1, 6, 17, 50, 58, 255}) {
    CHECK(Protocol::all().matches(static_cast<std::uint8_t>(p)));
  }
}

TEST_CASE("Protocol rejects unknown names and out-of-range numbers") {
  for (const std::string bad : {"", "256", "-2", "1000", "tcpx", "6a", " 6", "tcp ", "+6", "esp"}) {
    CAPTURE(bad);
    CHECK_FALSE(Protocol::parse(bad).has_value());
  }
}

TEST_CASE("Protocol names, port and ICMP classification, matching") {
  CHECK(Protocol::tcp().name() == "tcp");
  CHECK(Protocol::udp().name() == "udp");
  CHECK(Protocol::icmp().name() == "icmp");
  CHECK(Protocol::icmpv6().name() == "icmpv6");
  CHECK(Protocol::all().name() == "all");
  CHECK(Protocol(47).name() == "47");
  CHECK(fmt::format("{}", Protocol::tcp()) == "tcp");
  CHECK(Protocol::tcp().has_ports());
  CHECK(Protocol::udp().has_ports());
  CHECK_FALSE(Protocol::icmp().has_ports());
  CHECK_FALSE(Protocol::all().has_ports());
  CHECK_FALSE(Protocol(50).has_ports());
  CHECK(Protocol::icmp().is_icmp_family());
  CHECK(Protocol::icmpv6().is_icmp_family());
  CHECK_FALSE(Protocol::tcp().is_icmp_family());
  CHECK(Protocol::tcp().matches(6));
  CHECK_FALSE(Protocol::tcp().matches(17));
  CHECK_FALSE(Protocol::icmp().matches(58));
  CHECK(Protocol(50).matches(50));
}

TEST_CASE("Protocol::wire is the IP header's number; a packet is never of protocol \"all\"") {
  CHECK(Protocol::tcp().wire() == 6);
  CHECK(Protocol::icmpv6().wire() == 58);
  CHECK(Protocol(255).wire() == 255);
  CHECK_THROWS_AS(Protocol::all().wire(), vpcsim::net::InvariantError);
}
