#include "topology/net/ip_prefix.h"

#include <string>
#include <unordered_set>

#include <doctest/doctest.h>
#include <fmt/format.h>

namespace {

using vpcsim::net::IpAddress;
using vpcsim::net::IpFamily;
using vpcsim::net::IpPrefix;

IpPrefix P(const std::string& text) {
  const auto p = IpPrefix::parse(text);
  REQUIRE_MESSAGE(p.has_value(), "test prefix does not parse: ", text);
  return *p;
}
IpAddress A(const std::string& text) {
  return *IpAddress::parse(text);
}

}  // namespace

TEST_CASE("IpPrefix parses IPv4 CIDR blocks") {
  const auto p = P("10.0.0.0/16");
  CHECK(p.network() == A("10.0.0.0"));
  CHECK(p.length() == 16);
  CHECK(p.is_v4());
  CHECK(p.family() == IpFamily::v4);
  CHECK(p.to_string() == "10.0.0.0/16");
  CHECK(fmt::format("{}", p) == "10.0.0.0/16");
  CHECK(P("0.0.0.0/0").is_all());
  CHECK(P("10.0.0.7/32").length() == 32);
  CHECK(P("10.0.0.7/32").network() == A("10.0.0.7"));
}

// "if you specify 100.68.0.18/18 for the CIDR range, we create a rule with
// a 100.68.0.0/18 CIDR range."
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html)
TEST_CASE("IpPrefix canonicalises host bits away, as AWS does") {
  CHECK(P("100.68.0.18/18").to_string() == "100.68.0.0/18");
  CHECK(P("100.68.0.18/18") == P("100.68.0.0/18"));
  CHECK(std::hash<IpPrefix>{}(P("100.68.0.18/18")) == std::hash<IpPrefix>{}(P("100.68.0.0/18")));
  CHECK(IpPrefix(A("10.1.2.3"), 8) == P("10.0.0.0/8"));
  CHECK(P("255.255.255.255/0").to_string() == "0.0.0.0/0");
  CHECK(P("2001:db8::1/64").to_string() == "2001:db8::/64");
  CHECK(P("2001:db8:ffff::/31").to_string() == "2001:db8::/31");
}

TEST_CASE("IpPrefix parses IPv6 blocks from /0 to /128") {
  const auto p = P("2001:db8:1234::/48");
  CHECK_FALSE(p.is_v4());
  CHECK(p.family() == IpFamily::v6);
  CHECK(p.length() == 48);
  CHECK(p.to_string() == "2001:db8:1234::/48");
  CHECK(P("::/0").is_all());
  CHECK(P("::/0").family() == IpFamily::v6);
  CHECK(P("2001:db8::5/128").network() == A("2001:db8::5"));
}

TEST_CASE("IpPrefix rejects bad lengths and malformed text") {
  for (const std::string bad :
       {"10.0.0.0/33", "::/129", "2001:db8::/200", "10.0.0.0", "10.0.0.0/", "/8", "x/8",
        "10.0.0.0/-1", "10.0.0.0/-0", "10.0.0.0/+8", "10.0.0.0/8a", "10.0.0.0/ 8", "10.0.0.0/8 ",
        "10.0.0.0/0008", "10.0.0.0/8/8", "10.0.0/8", "fe80::%1/64", "", "/"}) {
    CAPTURE(bad);
    CHECK_FALSE(IpPrefix::parse(bad).has_value());
  }
}

TEST_CASE("IpPrefix::contains(address) respects length and family") {
  const auto p = P("10.0.0.0/16");
  CHECK(p.contains(A("10.0.0.0")));
  CHECK(p.contains(A("10.0.255.255")));
  CHECK_FALSE(p.contains(A("10.1.0.0")));
  CHECK_FALSE(p.contains(A("9.255.255.255")));
  CHECK(P("10.0.0.7/32").contains(A("10.0.0.7")));
  CHECK_FALSE(P("10.0.0.7/32").contains(A("10.0.0.6")));
  // "a route with a destination CIDR of 0.0.0.0/0 does not automatically
  // include all IPv6 addresses"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
  CHECK(P("0.0.0.0/0").contains(A("203.0.113.9")));
  CHECK_FALSE(P("0.0.0.0/0").contains(A("2001:db8::1")));
  CHECK_FALSE(P("::/0").contains(A("10.0.0.1")));
  CHECK(P("::/0").contains(A("2001:db8::1")));
  CHECK(P("2001:db8::/64").contains(A("2001:db8::ffff:ffff:ffff:ffff")));
  CHECK_FALSE(P("2001:db8::/64").contains(A("2001:db8:0:1::")));
  // The all-zero IPv6 prefix must not match the IPv4 address with the same (zero) bits.
  CHECK_FALSE(P("::/96").contains(A("0.0.0.1")));
}

TEST_CASE("IpPrefix::contains(prefix) and overlaps") {
  const auto vpc = P("10.0.0.0/16");
  const auto a = P("10.0.1.0/24");
  const auto b = P("10.0.2.0/24");
  CHECK(vpc.contains(a));
  CHECK(vpc.contains(vpc));
  CHECK_FALSE(a.contains(vpc));
  CHECK_FALSE(vpc.contains(P("10.1.0.0/24")));
  CHECK_FALSE(vpc.contains(P("10.0.0.0/15")));  // same network, shorter: not inside
  CHECK(vpc.overlaps(a));
  CHECK(a.overlaps(vpc));
  CHECK_FALSE(a.overlaps(b));
  CHECK_FALSE(b.overlaps(a));
  CHECK(P("10.0.0.0/25").overlaps(P("10.0.0.0/24")));
  CHECK_FALSE(P("10.0.0.0/25").overlaps(P("10.0.0.128/25")));
  CHECK(P("0.0.0.0/0").overlaps(P("192.0.2.0/24")));
  CHECK_FALSE(P("0.0.0.0/0").overlaps(P("::/0")));
  CHECK_FALSE(P("0.0.0.0/0").contains(P("::/0")));
  CHECK(P("2001:db8::/56").contains(P("2001:db8:0:ff::/64")));
  CHECK_FALSE(P("2001:db8::/56").contains(P("2001:db8:0:100::/64")));
}

TEST_CASE("IpPrefix::last, all and host") {
  CHECK(P("10.0.0.0/24").last() == A("10.0.0.255"));
  CHECK(P("10.0.0.0/28").last() == A("10.0.0.15"));
  CHECK(P("10.0.0.9/32").last() == A("10.0.0.9"));
  CHECK(P("0.0.0.0/0").last() == A("255.255.255.255"));
  CHECK(P("2001:db8::/64").last() == A("2001:db8::ffff:ffff:ffff:ffff"));
  CHECK(IpPrefix::all(IpFamily::v4) == P("0.0.0.0/0"));
  CHECK(IpPrefix::all(IpFamily::v6) == P("::/0"));
  CHECK(IpPrefix() == P("0.0.0.0/0"));
  CHECK(IpPrefix::host(A("10.0.0.9")) == P("10.0.0.9/32"));
  CHECK(IpPrefix::host(A("2001:db8::9")) == P("2001:db8::9/128"));
}

TEST_CASE("IpPrefix equality, ordering and hashing") {
  CHECK(P("10.0.0.0/16") != P("10.0.0.0/24"));
  CHECK(P("10.0.0.0/16") < P("10.1.0.0/16"));
  CHECK(P("255.0.0.0/8") < P("::/0"));  // IPv4 before IPv6, as addresses
  std::unordered_set<IpPrefix> set{P("10.0.0.0/16"), P("10.0.0.5/16"), P("10.0.0.0/24"),
                                   P("2001:db8::/64"), P("2001:db8::1/64")};
  CHECK(set.size() == 3);
}
