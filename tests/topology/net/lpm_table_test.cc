#include "topology/net/lpm_table.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace {

using vpcsim::net::IpAddress;
using vpcsim::net::IpFamily;
using vpcsim::net::IpPrefix;
using vpcsim::net::LpmTable;

IpPrefix P(const std::string& text) {
  return *IpPrefix::parse(text);
}
IpAddress A(const std::string& text) {
  return *IpAddress::parse(text);
}

// The obvious reference: scan every entry, keep the longest that contains the address.
struct Reference {
  std::vector<std::pair<IpPrefix, int>> entries;

  bool insert(const IpPrefix& p, int v) {
    for (const auto& [q, w] : entries) {
      if (q == p) return false;
    }
    entries.emplace_back(p, v);
    return true;
  }
  const std::pair<IpPrefix, int>* lookup(IpAddress a) const {
    const std::pair<IpPrefix, int>* best = nullptr;
    for (const auto& e : entries) {
      if (e.first.contains(a) && (!best || e.first.length() > best->first.length())) best = &e;
    }
    return best;
  }
};

IpAddress random_address(std::mt19937_64& rng, IpFamily f) {
  return f == IpFamily::v4 ? IpAddress::v4(static_cast<std::uint32_t>(rng()))
                           : IpAddress::v6(rng(), rng());
}

// A random table of one family with at least one prefix of every length 0..width. Prefixes
// are cut from a few shared base addresses so that many of them nest (the interesting case
// for longest-prefix match), plus some fully random ones.
void fill_random(std::mt19937_64& rng, IpFamily f, LpmTable<int>& table, Reference& ref,
                 std::size_t extra) {
  const int width = f == IpFamily::v4 ? 32 : 128;
  std::vector<IpAddress> bases;
  for (int i = 0; i < 6; ++i)
    bases.push_back(random_address(rng, f));
  int value = 0;
  const auto add = [&](IpPrefix p) {
    const int v = value++;
    const bool fresh = ref.insert(p, v);
    CHECK(table.insert(p, v) == fresh);
  };
  for (int len = 0; len <= width; ++len)
    add(IpPrefix(bases[rng() % bases.size()], len));
  for (std::size_t i = 0; i < extra; ++i) {
    const int len = static_cast<int>(rng() % (width + 1));
    const IpAddress a = rng() % 3 == 0 ? random_address(rng, f) : bases[rng() % bases.size()];
    add(IpPrefix(a, len));
  }
}

IpAddress minus_one(IpAddress a) {
  if (a.is_v4()) return IpAddress::v4(a.v4_bits() - 1);
  return IpAddress::v6(a.lo() == 0 ? a.hi() - 1 : a.hi(), a.lo() - 1);
}

// Addresses worth asking about: inside and just outside every prefix's ends, near the
// shared bases (flipping one bit at a random depth), and uniformly random ones.
std::vector<IpAddress> probes(std::mt19937_64& rng, IpFamily f, const Reference& ref,
                              std::size_t random_count) {
  std::vector<IpAddress> out;
  for (const auto& [p, v] : ref.entries) {
    const IpAddress first = p.network();
    const IpAddress last = p.last();
    out.push_back(first);
    out.push_back(last);
    out.push_back(last.plus(1));      // just past the end (wraps at the top)
    out.push_back(minus_one(first));  // just before the start (wraps at zero)
    out.push_back(first.plus(rng() % 7));
  }
  for (std::size_t i = 0; i < random_count; ++i) {
    if (i % 2 == 0 && !ref.entries.empty()) {
      // Random host inside a random prefix.
      const auto& [p, v] = ref.entries[rng() % ref.entries.size()];
      const IpAddress r = random_address(rng, f);
      // network | (random & host mask), where host mask = network XOR last.
      const IpAddress n = p.network();
      const IpAddress l = p.last();
      const IpAddress a =
          f == IpFamily::v4
              ? IpAddress::v4(n.v4_bits() | (r.v4_bits() & (n.v4_bits() ^ l.v4_bits())))
              : IpAddress::v6(n.hi() | (r.hi() & (n.hi() ^ l.hi())),
                              n.lo() | (r.lo() & (n.lo() ^ l.lo())));
      REQUIRE(p.contains(a));
      out.push_back(a);
    } else {
      out.push_back(random_address(rng, f));
    }
  }
  return out;
}

void check_against_reference(const LpmTable<int>& table, const Reference& ref,
                             const std::vector<IpAddress>& addresses) {
  std::size_t mismatches = 0;
  for (const IpAddress a : addresses) {
    const auto* want = ref.lookup(a);
    const int* got = table.lookup(a);
    const auto [got_prefix, got_value] = table.lookup_with_prefix(a);
    const bool same =
        want ? (got && *got == want->second && got_value == got && got_prefix == want->first)
             : (got == nullptr && got_value == nullptr);
    if (!same && ++mismatches <= 5) {
      FAIL_CHECK("lookup(", a.to_string(), "): reference ",
                 want ? want->first.to_string() : std::string("none"), ", table ",
                 got ? std::to_string(*got) : std::string("none"), " via ",
                 got_value ? got_prefix.to_string() : std::string("-"));
    }
  }
  CHECK(mismatches == 0);
}

}  // namespace

TEST_CASE("LpmTable basic longest-prefix match (AWS's route table example)") {
  // 10.0.0.0/16 local; 172.31.0.0/16 pcx; 0.0.0.0/0 igw
  // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html)
  LpmTable<std::string> t;
  CHECK(t.empty());
  CHECK(t.insert(P("0.0.0.0/0"), "igw"));
  CHECK(t.insert(P("10.0.0.0/16"), "local"));
  CHECK(t.insert(P("172.31.0.0/16"), "pcx"));
  CHECK(t.size() == 3);
  CHECK(*t.lookup(A("172.31.9.9")) == "pcx");
  CHECK(*t.lookup(A("10.0.200.1")) == "local");
  CHECK(*t.lookup(A("8.8.8.8")) == "igw");
  CHECK(t.lookup_with_prefix(A("172.31.9.9")).first == P("172.31.0.0/16"));
  // IPv4 and IPv6 are independent (same page): no ::/0 route, no IPv6 match.
  CHECK(t.lookup(A("2001:db8::1")) == nullptr);
  CHECK(t.lookup_with_prefix(A("2001:db8::1")).second == nullptr);
}

TEST_CASE("LpmTable insert keeps the first value for a prefix; exact finds only that prefix") {
  LpmTable<int> t;
  CHECK(t.insert(P("10.0.0.0/24"), 1));
  CHECK_FALSE(t.insert(P("10.0.0.77/24"), 2));  // same canonical prefix
  CHECK(t.size() == 1);
  CHECK(*t.lookup(A("10.0.0.5")) == 1);
  CHECK(t.insert(P("10.0.0.0/25"), 3));
  CHECK(t.insert(P("::/0"), 4));
  CHECK(t.size() == 3);
  REQUIRE(t.exact(P("10.0.0.0/24")) != nullptr);
  CHECK(*t.exact(P("10.0.0.0/24")) == 1);
  CHECK(*t.exact(P("10.0.0.0/25")) == 3);
  CHECK(t.exact(P("10.0.0.0/23")) == nullptr);
  CHECK(t.exact(P("10.0.1.0/24")) == nullptr);
  CHECK(t.exact(P("0.0.0.0/0")) == nullptr);  // ::/0 is not 0.0.0.0/0
  CHECK(*t.exact(P("::/0")) == 4);
  CHECK(t.lookup(A("10.0.1.1")) == nullptr);  // ::/0 does not cover IPv4
  CHECK(*t.lookup(A("10.0.0.200")) == 1);
  CHECK(*t.lookup(A("10.0.0.100")) == 3);
}

TEST_CASE("LpmTable /0 and host routes at both ends of the address space") {
  LpmTable<int> t;
  t.insert(P("0.0.0.0/0"), 0);
  t.insert(P("0.0.0.0/32"), 1);
  t.insert(P("255.255.255.255/32"), 2);
  t.insert(P("::/0"), 3);
  t.insert(P("::/128"), 4);
  t.insert(P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"), 5);
  CHECK(*t.lookup(A("0.0.0.0")) == 1);
  CHECK(*t.lookup(A("0.0.0.1")) == 0);
  CHECK(*t.lookup(A("255.255.255.255")) == 2);
  CHECK(*t.lookup(A("255.255.255.254")) == 0);
  CHECK(*t.lookup(A("::")) == 4);
  CHECK(*t.lookup(A("::1")) == 3);
  CHECK(*t.lookup(A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")) == 5);
}

TEST_CASE("LpmTable matches a brute-force reference on random IPv4 tables, every length /0../32") {
  std::mt19937_64 rng(20240601);
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    LpmTable<int> table;
    Reference ref;
    fill_random(rng, IpFamily::v4, table, ref, 10 + rng() % 200);
    CHECK(table.size() == ref.entries.size());
    check_against_reference(table, ref, probes(rng, IpFamily::v4, ref, 2000));
    for (const auto& [p, v] : ref.entries) {
      const int* e = table.exact(p);
      CHECK((e && *e == v));
    }
  }
}

TEST_CASE("LpmTable matches a brute-force reference on random IPv6 tables, every length /0../128") {
  std::mt19937_64 rng(77);
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    LpmTable<int> table;
    Reference ref;
    fill_random(rng, IpFamily::v6, table, ref, 10 + rng() % 300);
    CHECK(table.size() == ref.entries.size());
    check_against_reference(table, ref, probes(rng, IpFamily::v6, ref, 2000));
    for (const auto& [p, v] : ref.entries) {
      const int* e = table.exact(p);
      CHECK((e && *e == v));
    }
  }
}

TEST_CASE("LpmTable with both families in one table keeps them apart") {
  std::mt19937_64 rng(5);
  LpmTable<int> table;
  Reference ref4, ref6;
  fill_random(rng, IpFamily::v4, table, ref4, 100);
  // Separate reference per family, one shared table.
  LpmTable<int> scratch;
  Reference tmp;
  fill_random(rng, IpFamily::v6, scratch, tmp, 100);
  for (const auto& [p, v] : tmp.entries) {
    ref6.insert(p, v + 100000);
    CHECK(table.insert(p, v + 100000));
  }
  CHECK(table.size() == ref4.entries.size() + ref6.entries.size());
  check_against_reference(table, ref4, probes(rng, IpFamily::v4, ref4, 1000));
  check_against_reference(table, ref6, probes(rng, IpFamily::v6, ref6, 1000));
}
