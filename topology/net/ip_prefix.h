#pragma once
// IpPrefix: a CIDR block (network address + length), always canonical: host bits are
// cleared on construction, as AWS does ("if you specify 100.68.0.18/18 ... we create a
// rule with a 100.68.0.0/18 CIDR range",
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "topology/net/ip_address.h"

namespace vpcsim::net {

class IpPrefix {
 public:
  constexpr IpPrefix() = default;  // 0.0.0.0/0
  constexpr IpPrefix(IpAddress address, int length)
      : network_(address.masked(length)), length_(static_cast<std::uint8_t>(length)) {}

  // "a.b.c.d/n" or "x:y::/n"; nullopt if malformed or the length is out of range.
  static std::optional<IpPrefix> parse(std::string_view text);
  static constexpr IpPrefix all(IpFamily f) {
    return IpPrefix(f == IpFamily::v4 ? IpAddress::v4(0) : IpAddress::v6(0, 0), 0);
  }
  static constexpr IpPrefix host(IpAddress a) { return IpPrefix(a, a.bit_width()); }

  constexpr IpAddress network() const { return network_; }
  constexpr int length() const { return length_; }
  constexpr IpFamily family() const { return network_.family(); }
  constexpr bool is_v4() const { return network_.is_v4(); }
  constexpr IpAddress last() const { return network_.filled(length_); }
  constexpr bool is_all() const { return length_ == 0; }

  constexpr bool contains(IpAddress a) const {
    return a.family() == family() && a.masked(length_) == network_;
  }
  constexpr bool contains(const IpPrefix& p) const {
    return p.family() == family() && p.length_ >= length_ && contains(p.network_);
  }
  constexpr bool overlaps(const IpPrefix& p) const { return contains(p) || p.contains(*this); }

  std::string to_string() const;

  friend constexpr auto operator<=>(const IpPrefix&, const IpPrefix&) = default;

 private:
  IpAddress network_;
  std::uint8_t length_ = 0;
};

}  // namespace vpcsim::net

template <>
struct std::hash<vpcsim::net::IpPrefix> {
  std::size_t operator()(const vpcsim::net::IpPrefix& p) const noexcept {
    return std::hash<vpcsim::net::IpAddress>{}(p.network()) * 31 + p.length();
  }
};

template <>
struct fmt::formatter<vpcsim::net::IpPrefix> : fmt::formatter<std::string_view> {
  auto format(const vpcsim::net::IpPrefix& p, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(p.to_string(), ctx);
  }
};
