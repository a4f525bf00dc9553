#pragma once
// Protocol: an IANA protocol number, or -1 meaning "all protocols" as in AWS rules.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "topology/net/invariant.h"

namespace vpcsim::net {

class Protocol {
 public:
  static constexpr std::int16_t kAll = -1;
  static constexpr std::int16_t kIcmp = 1;
  static constexpr std::int16_t kTcp = 6;
  static constexpr std::int16_t kUdp = 17;
  static constexpr std::int16_t kIcmpv6 = 58;

  constexpr Protocol() = default;  // all
  constexpr explicit Protocol(std::int16_t number) : number_(number) {}
  static constexpr Protocol all() { return Protocol(kAll); }
  static constexpr Protocol tcp() { return Protocol(kTcp); }
  static constexpr Protocol udp() { return Protocol(kUdp); }
  static constexpr Protocol icmp() { return Protocol(kIcmp); }
  static constexpr Protocol icmpv6() { return Protocol(kIcmpv6); }

  // "tcp", "udp", "icmp", "icmpv6", "all"/"-1", or a number 0-255 (case-insensitive names).
  static std::optional<Protocol> parse(std::string_view text);

  constexpr std::int16_t number() const { return number_; }
  // The number a packet of this protocol carries in its IP header. A packet has one protocol,
  // never "all": asking for the wire number of all() is a bug of the caller.
  std::uint8_t wire() const {
    VPCSIM_ASSERT(!is_all(), "a packet's protocol is one IP protocol, not \"all\"");
    return static_cast<std::uint8_t>(number_);
  }
  constexpr bool is_all() const { return number_ == kAll; }
  constexpr bool has_ports() const { return number_ == kTcp || number_ == kUdp; }
  constexpr bool is_icmp_family() const { return number_ == kIcmp || number_ == kIcmpv6; }
  // Does a rule with this protocol apply to a packet of protocol `packet`?
  constexpr bool matches(std::uint8_t packet) const { return is_all() || number_ == packet; }

  std::string name() const;  // "tcp", "udp", "icmp", "icmpv6", "all" or the number

  friend constexpr auto operator<=>(const Protocol&, const Protocol&) = default;

 private:
  std::int16_t number_ = kAll;
};

}  // namespace vpcsim::net

template <>
struct fmt::formatter<vpcsim::net::Protocol> : fmt::formatter<std::string_view> {
  auto format(const vpcsim::net::Protocol& p, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(p.name(), ctx);
  }
};
