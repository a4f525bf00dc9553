#include "topology/net/port_range.h"

#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

using vpcsim::net::PortRange;

TEST_CASE("PortRange parses single ports, ranges and all") {
  CHECK(PortRange::parse("443") == PortRange::single(443));
  CHECK(PortRange::parse("0") == PortRange(0, 0));
  CHECK(PortRange::parse("65535") == PortRange(65535, 65535));
  CHECK(PortRange::parse("1024-65535") == PortRange(1024, 65535));
  CHECK(PortRange::parse("22-22") == PortRange::single(22));
  CHECK(PortRange::parse("all") == PortRange::all());
  CHECK(PortRange::parse("*") == PortRange::all());
  CHECK(PortRange::parse("0-65535")->is_all());
}

TEST_CASE("PortRange rejects malformed and inverted ranges") {
  for (const std::string bad : {"", "65536", "-1", "10-5", "1-", "-5", "a", "80a", "1-2-3", " 80",
                                "80 ", "1024 - 2048", "ALL", "0x50", "99999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(PortRange::parse(bad).has_value());
  }
}

TEST_CASE("PortRange containment is inclusive at both ends") {
  // AWS's Linux ephemeral range
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
  const PortRange eph(32768, 61000);
  CHECK(eph.contains(std::uint16_t{32768}));
  CHECK(eph.contains(std::uint16_t{61000}));
  CHECK_FALSE(eph.contains(std::uint16_t{32767}));
  CHECK_FALSE(eph.contains(std::uint16_t{61001}));
  CHECK(eph.contains(PortRange(40000, 50000)));
  CHECK(eph.contains(eph));
  CHECK_FALSE(eph.contains(PortRange(32000, 33000)));
  CHECK_FALSE(eph.contains(PortRange::all()));
  CHECK(PortRange::all().contains(eph));
  CHECK(PortRange::all().contains(std::uint16_t{0}));
  CHECK(PortRange::all().contains(std::uint16_t{65535}));
}

TEST_CASE("PortRange size, is_all, defaults and text") {
  CHECK(PortRange::all().size() == 65536);
  CHECK(PortRange::single(80).size() == 1);
  CHECK(PortRange(1024, 65535).size() == 64512);
  CHECK(PortRange().is_all());
  CHECK_FALSE(PortRange(1, 65535).is_all());
  CHECK(PortRange::all().to_string() == "all");
  CHECK(PortRange::single(443).to_string() == "443");
  CHECK(PortRange(1024, 65535).to_string() == "1024-65535");
  CHECK(fmt::format("{}", PortRange(80, 81)) == "80-81");
  for (const std::string text : {"443", "1024-65535", "all", "0"}) {
    CHECK(PortRange::parse(PortRange::parse(text)->to_string()) == PortRange::parse(text));
  }
}
