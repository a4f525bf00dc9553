#include "topology/net/five_tuple.h"

#include <random>
#include <string>
#include <unordered_set>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "tests/topology/net/colliding_tuples.h"

namespace {
using vpcsim::net::FiveTuple;
using vpcsim::net::IpAddress;
IpAddress A(const std::string& text) {
  return *IpAddress::parse(text);
}
}  // namespace

TEST_CASE("FiveTuple::reversed swaps addresses and ports, keeps the protocol") {
  const FiveTuple t{A("10.0.1.5"), A("10.0.2.9"), 40000, 443, 6};
  const auto r = t.reversed();
  CHECK(r.src == A("10.0.2.9"));
  CHECK(r.dst == A("10.0.1.5"));
  CHECK(r.src_port == 443);
  CHECK(r.dst_port == 40000);
  CHECK(r.protocol == 6);
  CHECK(r != t);
  CHECK(r.reversed() == t);
}

TEST_CASE("FiveTuple hash: equal tuples hash equal, different tuples (almost) never collide") {
  const std::hash<FiveTuple> h;
  const FiveTuple a{A("10.0.1.5"), A("10.0.2.9"), 40000, 443, 6};
  const FiveTuple b{A("10.0.1.5"), A("10.0.2.9"), 40000, 443, 6};
  CHECK(a == b);
  CHECK(h(a) == h(b));
  CHECK(h(a) != h(a.reversed()));

  std::mt19937_64 rng(3);
  std::unordered_set<FiveTuple> tuples;
  std::unordered_set<std::size_t> hashes;
  for (int i = 0; i < 20000; ++i) {
    const FiveTuple t{IpAddress::v4(0x0A000000u | (rng() & 0xFFFF)),
                      IpAddress::v4(0xCB007100u | (rng() & 0xFF)),
                      static_cast<std::uint16_t>(32768 + rng() % 28232),
                      static_cast<std::uint16_t>(rng() % 4 == 0 ? 443 : 80),
                      static_cast<std::uint8_t>(rng() % 2 ? 6 : 17)};
    if (tuples.insert(t).second) hashes.insert(h(t));
  }
  CHECK(hashes.size() + 20 >= tuples.size());
  // Tuples that differ only in one field must land in different buckets.
  FiveTuple c = a;
  c.protocol = 17;
  CHECK(h(c) != h(a));
  c = a;
  c.src_port = 40001;
  CHECK(h(c) != h(a));
  c = a;
  c.dst = A("10.0.2.10");
  CHECK(h(c) != h(a));
}

TEST_CASE("FiveTuple formats IPv4 and IPv6 endpoints") {
  CHECK(fmt::format("{}", FiveTuple{A("10.0.1.5"), A("10.0.2.9"), 40000, 443, 6}) ==
        "10.0.1.5:40000 → 10.0.2.9:443 tcp");
  CHECK(fmt::format("{}", FiveTuple{A("2001:db8::1"), A("2001:db8::2"), 5, 53, 17}) ==
        "[2001:db8::1]:5 → [2001:db8::2]:53 udp");
}

TEST_CASE("five-tuple hash is keyed: tuples computed to collide under a public hash spread out") {
  // 70,000 SYNs with one value of the former, unkeyed hash: one bucket, and quadratic
  // insertion, in every table packets fill.
  const auto tuples = vpcsim::test::colliding_tuples(70'000);
  std::unordered_set<std::uint64_t> unkeyed, buckets;
  for (const auto& t : tuples) {
    unkeyed.insert(vpcsim::test::unkeyed_tuple_hash(t));
    buckets.insert(std::hash<FiveTuple>{}(t) >> 48);  // 65,536 buckets, as a table's top bits
  }
  CHECK(unkeyed.size() == 1);
  // Random placement of 70,000 into 65,536 buckets fills about 42,600 of them.
  CHECK(buckets.size() > 40'000);
  // Low bits too (tables that index by them).
  std::unordered_set<std::uint64_t> low;
  for (const auto& t : tuples)
    low.insert(std::hash<FiveTuple>{}(t)&0xffff);
  CHECK(low.size() > 40'000);
}
