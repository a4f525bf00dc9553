#pragma once
// PortRange: an inclusive range of TCP/UDP ports, as in NACL and SG rules.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace vpcsim::net {

class PortRange {
 public:
  constexpr PortRange() = default;  // all ports
  constexpr PortRange(std::uint16_t from, std::uint16_t to) : from_(from), to_(to) {}
  static constexpr PortRange single(std::uint16_t p) { return {p, p}; }
  static constexpr PortRange all() { return {0, 65535}; }

  // "443", "1024-65535", "all"/"*"; nullopt if malformed or from > to.
  static std::optional<PortRange> parse(std::string_view text);

  constexpr std::uint16_t from() const { return from_; }
  constexpr std::uint16_t to() const { return to_; }
  constexpr bool is_all() const { return from_ == 0 && to_ == 65535; }
  constexpr bool contains(std::uint16_t p) const { return from_ <= p && p <= to_; }
  constexpr bool contains(PortRange r) const { return from_ <= r.from_ && r.to_ <= to_; }
  constexpr std::uint32_t size() const { return std::uint32_t{to_} - from_ + 1; }

  std::string to_string() const;  // "443", "1024-65535" or "all"

  friend constexpr auto operator<=>(const PortRange&, const PortRange&) = default;

 private:
  std::uint16_t from_ = 0;
  std::uint16_t to_ = 65535;
};

}  // namespace vpcsim::net

template <>
struct fmt::formatter<vpcsim::net::PortRange> : fmt::formatter<std::string_view> {
  auto format(const vpcsim::net::PortRange& r, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(r.to_string(), ctx);
  }
};
