#include "topology/net/strong_index.h"

#include <type_traits>
#include <unordered_set>

#include <doctest/doctest.h>

namespace {
using SubnetIdx = vpcsim::net::StrongIndex<struct SubnetTestTag>;
using RtbIdx = vpcsim::net::StrongIndex<struct RtbTestTag>;
}  // namespace

// The point of the type: an index of one table cannot be passed for another's.
static_assert(!std::is_convertible_v<SubnetIdx, RtbIdx>);
static_assert(!std::is_constructible_v<RtbIdx, SubnetIdx>);
static_assert(!std::is_convertible_v<std::uint32_t, SubnetIdx>);  // explicit construction only
static_assert(std::is_trivially_copyable_v<SubnetIdx>);

TEST_CASE("StrongIndex: default is invalid, values round-trip, comparisons and hashing") {
  const SubnetIdx none;
  CHECK_FALSE(none.valid());
  CHECK_FALSE(static_cast<bool>(none));
  const SubnetIdx zero(0);
  CHECK(zero.valid());
  CHECK(static_cast<bool>(zero));
  CHECK(zero.value() == 0);
  CHECK(SubnetIdx::from(std::size_t{7}).value() == 7);
  CHECK(SubnetIdx(3) == SubnetIdx::from(3));
  CHECK(SubnetIdx(3) < SubnetIdx(4));
  CHECK(SubnetIdx(3) != none);
  CHECK(SubnetIdx(3) < none);  // invalid sorts last
  std::unordered_set<SubnetIdx> set{SubnetIdx(1), SubnetIdx(2), SubnetIdx(1), none};
  CHECK(set.size() == 3);
}
