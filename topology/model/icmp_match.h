#pragma once
// IcmpMatch: the ICMP type and code a rule matches; -1 means any (API_IcmpTypeCode).

#include <cstdint>

namespace vpcsim::model {

struct IcmpMatch {
  std::int16_t type = -1;
  std::int16_t code = -1;

  constexpr bool matches(std::uint8_t t, std::uint8_t c) const {
    return (type == -1 || type == t) && (code == -1 || code == c);
  }
  constexpr bool is_any() const { return type == -1 && code == -1; }
  friend constexpr bool operator==(const IcmpMatch&, const IcmpMatch&) = default;
};

}  // namespace vpcsim::model
