#include "sim/path/flat_hash_map.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <unordered_map>

#include "sim/core/rng.h"

using vpcsim::path::FlatHashMap;

namespace {

struct GoodHash {
  std::size_t operator()(std::uint64_t k) const { return k * 0x9e3779b97f4a7c15ull; }
};
// Few distinct hashes: long probe runs that wrap around the table, the case that
// backward-shift deletion must get right.
struct CollidingHash {
  std::size_t operator()(std::uint64_t k) const {
    return (k % 7) * 0x9e3779b97f4a7c15ull + (k % 3);
  }
};

template <class Hash>
void check_against_reference(std::uint64_t seed, std::uint64_t key_space, int ops) {
  FlatHashMap<std::uint64_t, std::uint64_t, Hash> m;
  std::unordered_map<std::uint64_t, std::uint64_t> ref;
  vpcsim::core::Rng rng(seed);
  for (int i = 0; i < ops; ++i) {
    const std::uint64_t k = rng.below(key_space);
    switch (rng.below(3)) {
      case 0: {
        auto [v, inserted] = m.try_emplace(k);
        CHECK(inserted == (ref.count(k) == 0));
        *v += i;
        ref[k] += static_cast<std::uint64_t>(i);
        break;
      }
      case 1:
        CHECK(m.erase(k) == (ref.erase(k) == 1));
        break;
      default: {
        const auto* v = m.find(k);
        const auto it = ref.find(k);
        REQUIRE((v != nullptr) == (it != ref.end()));
        if (v) CHECK(*v == it->second);
      }
    }
    REQUIRE(m.size() == ref.size());
  }
  std::size_t seen = 0;
  m.for_each([&](std::uint64_t k, std::uint64_t& v) {
    ++seen;
    CHECK(ref.at(k) == v);
  });
  CHECK(seen == ref.size());
}

}  // namespace

TEST_CASE("FlatHashMap behaves as std::unordered_map under random inserts, erases, finds") {
  check_against_reference<GoodHash>(1, 1000, 50'000);
  check_against_reference<GoodHash>(2, 100'000, 100'000);
  check_against_reference<CollidingHash>(3, 300, 30'000);
}

TEST_CASE("FlatHashMap keeps its capacity on clear and grows past 3/4 full") {
  FlatHashMap<std::uint64_t, int, GoodHash> m;
  for (std::uint64_t k = 0; k < 1000; ++k)
    m.try_emplace(k);
  CHECK(m.size() == 1000);
  CHECK(m.capacity() * 3 >= m.size() * 4);
  const auto cap = m.capacity();
  m.clear();
  CHECK(m.empty());
  CHECK(m.capacity() == cap);
  CHECK(m.find(5) == nullptr);
}

TEST_CASE(
    "FlatHashMap::sweep erases exactly the entries the predicate names, wherever probes run") {
  FlatHashMap<std::uint64_t, std::uint64_t, CollidingHash> m;
  std::unordered_map<std::uint64_t, std::uint64_t> ref;
  for (std::uint64_t k = 0; k < 500; ++k) {
    *m.try_emplace(k).first = k;
    ref[k] = k;
  }
  std::size_t cursor = 0, erased = 0;
  // A full turn over every slot, in small steps, erasing the odd values.
  for (std::size_t step = 0; step < m.capacity(); step += 7)
    erased += m.sweep(cursor, 7, [](std::uint64_t, std::uint64_t v) { return v % 2 == 1; });
  CHECK(erased == 250);
  CHECK(m.size() == 250);
  for (std::uint64_t k = 0; k < 500; ++k)
    CHECK((m.find(k) != nullptr) == (k % 2 == 0));  // every survivor still reachable
}

TEST_CASE("FlatHashMap: a hash that crowds keys together is refused, not grown without end") {
  // 1,024 distinct hash values, consecutive: 70,000 keys form one run of 70,000 slots, longer
  // than an entry's displacement can be, and doubling the table does not spread them.
  struct Crowding {
    std::size_t operator()(std::uint64_t k) const { return k % 1024; }
  };
  FlatHashMap<std::uint64_t, int, Crowding> m;
  CHECK_THROWS_AS(
      [&] {
        for (std::uint64_t k = 0; k < 70'000; ++k)
          m.try_emplace(k);
      }(),
      std::length_error);
}
