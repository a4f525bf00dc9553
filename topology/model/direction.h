#pragma once
// Direction: inbound or outbound, relative to a subnet (NACL) or a network interface (SG).

#include <cstdint>
#include <string_view>

namespace vpcsim::model {

enum class Direction : std::uint8_t { inbound, outbound };

constexpr std::string_view direction_name(Direction d) {
  return d == Direction::inbound ? "inbound" : "outbound";
}
constexpr Direction opposite(Direction d) {
  return d == Direction::inbound ? Direction::outbound : Direction::inbound;
}

}  // namespace vpcsim::model
