#include "topology/net/ip_address.h"

#include <cstdint>
#include <random>
#include <string>
#include <unordered_set>

#include <doctest/doctest.h>
#include <fmt/format.h>

namespace {

using vpcsim::net::IpAddress;
using vpcsim::net::IpFamily;

IpAddress A(const std::string& text) {
  const auto a = IpAddress::parse(text);
  REQUIRE_MESSAGE(a.has_value(), "test address does not parse: ", text);
  return *a;
}

// Bit i (0 = most significant) of an address, computed without masks.
bool bit(IpAddress a, int i) {
  if (a.is_v4()) return (a.v4_bits() >> (31 - i)) & 1u;
  return i < 64 ? (a.hi() >> (63 - i)) & 1u : (a.lo() >> (127 - i)) & 1u;
}

}  // namespace

TEST_CASE("IpAddress parses IPv4 dotted quads") {
  const auto a = A("10.0.1.5");
  CHECK(a.is_v4());
  CHECK(a.family() == IpFamily::v4);
  CHECK(a.bit_width() == 32);
  CHECK(a.v4_bits() == 0x0A000105u);
  CHECK(a.to_string() == "10.0.1.5");
  CHECK(A("0.0.0.0") == IpAddress());
  CHECK(A("255.255.255.255").v4_bits() == 0xFFFFFFFFu);
  CHECK(IpAddress::v4(0xC0A80001u).to_string() == "192.168.0.1");
  CHECK(fmt::format("{}", A("203.0.113.5")) == "203.0.113.5");
}

TEST_CASE("IpAddress parses IPv6 text and prints it canonically") {
  const auto a = A("2001:db8::1");
  CHECK(a.is_v6());
  CHECK(a.bit_width() == 128);
  CHECK(a.hi() == 0x20010db800000000ull);
  CHECK(a.lo() == 1);
  CHECK(a.to_string() == "2001:db8::1");
  CHECK(A("::") == IpAddress::v6(0, 0));
  CHECK(A("::").is_v6());
  CHECK(A("2001:DB8:0:0:0:0:0:1") == a);
  CHECK(A("2001:0db8:0000:0000:0000:0000:0000:0001").to_string() == "2001:db8::1");
  CHECK(A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") == IpAddress::v6(~0ull, ~0ull));
  CHECK(A("fe80::1:2").lo() == 0x0000000000010002ull);
  // An IPv4-mapped address (RFC 4291 §2.5.5.2) is the IPv4 address it maps: that is how an
  // IpAddress keeps its family in 16 bytes. No VPC CIDR can lie in ::ffff:0:0/96.
  CHECK(A("::ffff:10.0.0.1").is_v4());
  CHECK(A("::ffff:10.0.0.1") == A("10.0.0.1"));
  CHECK(A("::fffe:10.0.0.1").is_v6());
  CHECK(A("::1").is_v6());
  CHECK(A("::").is_v6());
  CHECK(A("::") != A("0.0.0.0"));
  CHECK(A("255.255.255.255") < A("::"));  // every IPv4 address sorts before IPv6
  static_assert(sizeof(IpAddress) == 16);
}

TEST_CASE("IpAddress rejects garbage and IPv6 scope ids") {
  for (const std::string bad : {"",
                                " ",
                                "abc",
                                "10.0.0",
                                "10.0.0.1.2",
                                "256.0.0.1",
                                "10.0.0.-1",
                                "10.0.0.1/24",
                                " 10.0.0.1",
                                "10.0.0.1 ",
                                "10.0.0.1x",
                                "1::2::3",
                                "2001:db8::g",
                                "12345::",
                                ":::",
                                "fe80::1%eth0",
                                "fe80::1%1",
                                "%",
                                "10.0.0.1%0",
                                "[::1]",
                                "0x0a000001"}) {
    CAPTURE(bad);
    CHECK_FALSE(IpAddress::parse(bad).has_value());
  }
}

TEST_CASE("IpAddress round-trips through text") {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 2000; ++i) {
    const auto v4 = IpAddress::v4(static_cast<std::uint32_t>(rng()));
    CHECK(IpAddress::parse(v4.to_string()) == v4);
    const auto v6 = IpAddress::v6(rng(), i % 3 == 0 ? 0 : rng());
    CHECK(IpAddress::parse(v6.to_string()) == v6);
  }
}

TEST_CASE("IpAddress ordering: numeric within a family, every IPv4 before every IPv6") {
  CHECK(A("9.255.255.255") < A("10.0.0.0"));
  CHECK(A("10.0.0.2") < A("10.0.0.10"));  // numeric, not textual
  CHECK(A("255.255.255.255") < A("::"));
  CHECK(A("::ffff:ffff") < A("::1:0:0:0"));
  CHECK(A("::1") < A("1::"));  // high word dominates
  CHECK(A("2001:db8::1") < A("2001:db8::2"));
  CHECK(A("10.0.0.1") == A("10.0.0.1"));
  CHECK(IpAddress::v4(5) != IpAddress::v6(0, 5));  // same bits, different family
}

TEST_CASE("IpAddress hash agrees with equality and separates families") {
  const std::hash<IpAddress> h;
  CHECK(h(A("10.0.0.1")) == h(IpAddress::v4(0x0A000001u)));
  CHECK(h(A("2001:db8::1")) == h(IpAddress::v6(0x20010db800000000ull, 1)));
  std::unordered_set<IpAddress> set;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    set.insert(IpAddress::v4(0x0A000000u + i));
    set.insert(IpAddress::v6(0, i));
  }
  CHECK(set.size() == 2000);
  std::unordered_set<std::size_t> hashes;
  for (const auto& a : set)
    hashes.insert(h(a));
  CHECK(hashes.size() > 1990);  // a usable hash: (almost) no collisions on a dense range
}

TEST_CASE("IpAddress::masked clears host bits") {
  const auto a = A("10.1.2.3");
  CHECK(a.masked(0) == A("0.0.0.0"));
  CHECK(a.masked(8) == A("10.0.0.0"));
  CHECK(a.masked(15) == A("10.0.0.0"));
  CHECK(a.masked(16) == A("10.1.0.0"));
  CHECK(a.masked(31) == A("10.1.2.2"));
  CHECK(a.masked(32) == a);
  const auto b = A("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
  CHECK(b.masked(0) == A("::"));
  CHECK(b.masked(32) == A("2001:db8::"));
  CHECK(b.masked(64) == A("2001:db8:aaaa:bbbb::"));
  CHECK(b.masked(65) == A("2001:db8:aaaa:bbbb:8000::"));
  CHECK(b.masked(127) == A("2001:db8:aaaa:bbbb:cccc:dddd:eeee:fffe"));
  CHECK(b.masked(128) == b);
}

TEST_CASE("IpAddress::filled sets host bits (the last address of a prefix)") {
  CHECK(A("10.0.0.0").filled(24) == A("10.0.0.255"));
  CHECK(A("10.0.0.0").filled(0) == A("255.255.255.255"));
  CHECK(A("10.0.0.7").filled(32) == A("10.0.0.7"));
  CHECK(A("10.0.0.0").filled(31) == A("10.0.0.1"));
  CHECK(A("2001:db8::").filled(64) == A("2001:db8::ffff:ffff:ffff:ffff"));
  CHECK(A("2001:db8::").filled(63) == A("2001:db8:0:1:ffff:ffff:ffff:ffff"));
  CHECK(A("2001:db8::").filled(120) == A("2001:db8::ff"));
  CHECK(A("::").filled(0) == A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
  CHECK(A("::5").filled(128) == A("::5"));
}

TEST_CASE("IpAddress::masked and filled agree with a bit-by-bit reference at every length") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    for (const auto a :
         {IpAddress::v4(static_cast<std::uint32_t>(rng())), IpAddress::v6(rng(), rng())}) {
      for (int len = 0; len <= a.bit_width(); ++len) {
        const auto m = a.masked(len);
        const auto f = a.filled(len);
        CHECK(m.family() == a.family());
        CHECK(f.family() == a.family());
        for (int i = 0; i < a.bit_width(); ++i) {
          const bool want_m = i < len ? bit(a, i) : false;
          const bool want_f = i < len ? bit(a, i) : true;
          if (bit(m, i) != want_m || bit(f, i) != want_f) {
            FAIL_CHECK("wrong bit ", i, " of ", a.to_string(), "/", len, ": masked ", m.to_string(),
                       " filled ", f.to_string());
            break;
          }
        }
      }
    }
  }
}

TEST_CASE("IpAddress::plus steps through the family's space with carry and wrap-around") {
  CHECK(A("10.0.0.255").plus(1) == A("10.0.1.0"));
  CHECK(A("10.0.0.0").plus(0) == A("10.0.0.0"));
  CHECK(A("10.0.0.0").plus(65536) == A("10.1.0.0"));
  CHECK(A("255.255.255.255").plus(1) == A("0.0.0.0"));
  CHECK(A("255.255.255.255").plus(1).is_v4());
  CHECK(A("::ffff:ffff:ffff:ffff").plus(1) == A("0:0:0:1::"));
  CHECK(A("2001:db8::").plus(2) == A("2001:db8::2"));
  CHECK(A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").plus(1) == A("::"));
}

// The IGW rejects RFC 1918 / RFC 6598 destinations and sources
// (https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
TEST_CASE("is_rfc1918 and is_rfc6598 cover exactly their ranges") {
  for (const std::string in : {"10.0.0.0", "10.255.255.255", "172.16.0.0", "172.31.255.255",
                               "192.168.0.0", "192.168.255.255"}) {
    CAPTURE(in);
    CHECK(is_rfc1918(A(in)));
    CHECK_FALSE(is_rfc6598(A(in)));
  }
  for (const std::string out : {"9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0",
                                "192.167.255.255", "192.169.0.0", "100.64.0.1", "8.8.8.8"}) {
    CAPTURE(out);
    CHECK_FALSE(is_rfc1918(A(out)));
  }
  CHECK(is_rfc6598(A("100.64.0.0")));
  CHECK(is_rfc6598(A("100.127.255.255")));
  CHECK_FALSE(is_rfc6598(A("100.63.255.255")));
  CHECK_FALSE(is_rfc6598(A("100.128.0.0")));
  // IPv6 addresses are never in these IPv4 ranges, whatever their low bits.
  CHECK_FALSE(is_rfc1918(IpAddress::v6(0, 0x0A000001u)));
  CHECK_FALSE(is_rfc6598(IpAddress::v6(0, 0x64400000u)));
}
