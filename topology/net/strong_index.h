#pragma once
// StrongIndex<Tag>: a typed index into one of the model's resource tables, so that a
// subnet index can never be passed where a route-table index is expected.

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>

namespace vpcsim::net {

template <class Tag>
class StrongIndex {
 public:
  using rep = std::uint32_t;
  constexpr StrongIndex() = default;  // invalid
  constexpr explicit StrongIndex(rep v) : v_(v) {}
  template <class Int>
  static constexpr StrongIndex from(Int v) {
    return StrongIndex(static_cast<rep>(v));
  }
  constexpr rep value() const { return v_; }
  constexpr bool valid() const { return v_ != kInvalid; }
  constexpr explicit operator bool() const { return valid(); }
  friend constexpr auto operator<=>(StrongIndex, StrongIndex) = default;

 private:
  static constexpr rep kInvalid = std::numeric_limits<rep>::max();
  rep v_ = kInvalid;
};

}  // namespace vpcsim::net

template <class Tag>
struct std::hash<vpcsim::net::StrongIndex<Tag>> {
  std::size_t operator()(vpcsim::net::StrongIndex<Tag> i) const noexcept { return i.value(); }
};
