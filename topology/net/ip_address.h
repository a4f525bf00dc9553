#pragma once
// IpAddress: an IPv4 or IPv6 address as a small value type (16 bytes, trivially
// copyable, totally ordered: all IPv4 addresses sort before IPv6). An IPv4 address is kept
// as its IPv4-mapped IPv6 form (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), so the family costs no
// extra bytes; an IPv6 address in that range is therefore the IPv4 address it maps.
// Parsing and printing go through Boost.Asio's ip types (in the .cc file).

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace vpcsim::net {

enum class IpFamily : std::uint8_t { v4 = 4, v6 = 6 };

class IpAddress {
 public:
  constexpr IpAddress() = default;  // 0.0.0.0

  static constexpr IpAddress v4(std::uint32_t host_order) {
    return IpAddress(0, kV4Mapped | host_order);
  }
  static constexpr IpAddress v6(std::uint64_t hi, std::uint64_t lo) { return IpAddress(hi, lo); }
  // Dotted quad or RFC 4291 text; nullopt for anything else (including IPv6 scope ids).
  static std::optional<IpAddress> parse(std::string_view text);

  constexpr IpFamily family() const { return is_v4() ? IpFamily::v4 : IpFamily::v6; }
  constexpr bool is_v4() const { return hi_ == 0 && (lo_ >> 32) == (kV4Mapped >> 32); }
  constexpr bool is_v6() const { return !is_v4(); }
  constexpr int bit_width() const { return is_v4() ? 32 : 128; }
  constexpr std::uint32_t v4_bits() const { return static_cast<std::uint32_t>(lo_); }
  constexpr std::uint64_t hi() const { return hi_; }
  constexpr std::uint64_t lo() const { return lo_; }

  // The address with every bit after the first `length` cleared.
  constexpr IpAddress masked(int length) const {
    if (is_v4()) {
      const std::uint32_t mask = length <= 0 ? 0u : (~0u << (32 - length));
      return v4(v4_bits() & mask);
    }
    const std::uint64_t hi_mask = length <= 0 ? 0 : length >= 64 ? ~0ull : ~0ull << (64 - length);
    const std::uint64_t lo_mask = length <= 64    ? 0
                                  : length >= 128 ? ~0ull
                                                  : ~0ull << (128 - length);
    return v6(hi_ & hi_mask, lo_ & lo_mask);
  }
  // The address with every bit after the first `length` set (last address of a prefix).
  constexpr IpAddress filled(int length) const {
    if (is_v4()) {
      const std::uint32_t host = length >= 32 ? 0u : (~0u >> length);
      return v4(v4_bits() | host);
    }
    const std::uint64_t hi_host = length >= 64 ? 0 : length <= 0 ? ~0ull : ~0ull >> length;
    const std::uint64_t lo_host = length >= 128 ? 0 : length <= 64 ? ~0ull : ~0ull >> (length - 64);
    return v6(hi_ | hi_host, lo_ | lo_host);
  }
  // The address `n` positions further (wraps within the family's space).
  constexpr IpAddress plus(std::uint64_t n) const {
    if (is_v4()) return v4(static_cast<std::uint32_t>(v4_bits() + n));
    const std::uint64_t lo = lo_ + n;
    return v6(hi_ + (lo < lo_ ? 1 : 0), lo);
  }

  std::string to_string() const;

  friend constexpr bool operator==(const IpAddress&, const IpAddress&) = default;
  friend constexpr std::strong_ordering operator<=>(const IpAddress& a, const IpAddress& b) {
    if (a.is_v4() != b.is_v4())
      return a.is_v4() ? std::strong_ordering::less : std::strong_ordering::greater;
    if (a.hi_ != b.hi_) return a.hi_ <=> b.hi_;
    return a.lo_ <=> b.lo_;
  }

 private:
  static constexpr std::uint64_t kV4Mapped = 0x0000ffff00000000ull;
  constexpr IpAddress(std::uint64_t hi, std::uint64_t lo) : hi_(hi), lo_(lo) {}

  std::uint64_t hi_ = 0;
  std::uint64_t lo_ = kV4Mapped;  // 0.0.0.0
};

// Address classes that gateways treat specially
// (https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
bool is_rfc1918(IpAddress a);  // 10/8, 172.16/12, 192.168/16
bool is_rfc6598(IpAddress a);  // 100.64/10 (shared address space)

}  // namespace vpcsim::net

template <>
struct std::hash<vpcsim::net::IpAddress> {
  std::size_t operator()(const vpcsim::net::IpAddress& a) const noexcept {
    std::uint64_t h = a.hi() * 0x9e3779b97f4a7c15ull ^ (a.lo() + static_cast<int>(a.family()));
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return static_cast<std::size_t>(h ^ (h >> 32));
  }
};

template <>
struct fmt::formatter<vpcsim::net::IpAddress> : fmt::formatter<std::string_view> {
  auto format(const vpcsim::net::IpAddress& a, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(a.to_string(), ctx);
  }
};
