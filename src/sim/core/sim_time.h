#pragma once
// SimTime: simulated time in integer nanoseconds since the start of a run. Never derived
// from the wall clock; printing and parsing use the units a scenario file uses.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace vpcsim::core {

class SimTime {
 public:
  constexpr SimTime() = default;
  static constexpr SimTime ns(std::int64_t v) { return SimTime(v); }
  static constexpr SimTime us(std::int64_t v) { return SimTime(v * 1'000); }
  static constexpr SimTime ms(std::int64_t v) { return SimTime(v * 1'000'000); }
  static constexpr SimTime s(std::int64_t v) { return SimTime(v * 1'000'000'000); }
  static constexpr SimTime max() { return SimTime(INT64_MAX); }

  // "1.5s", "200ms", "30us", "10ns", "5m", "2h", or a bare number of seconds ("0.25").
  static std::optional<SimTime> parse(std::string_view text);

  constexpr std::int64_t count_ns() const { return ns_; }
  constexpr std::int64_t whole_seconds() const { return ns_ / 1'000'000'000; }
  constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }

  constexpr SimTime operator+(SimTime o) const { return SimTime(ns_ + o.ns_); }
  constexpr SimTime operator-(SimTime o) const { return SimTime(ns_ - o.ns_); }
  constexpr SimTime operator*(std::int64_t k) const { return SimTime(ns_ * k); }
  constexpr SimTime& operator+=(SimTime o) {
    ns_ += o.ns_;
    return *this;
  }
  friend constexpr auto operator<=>(SimTime, SimTime) = default;

  std::string to_string() const;  // "12.000345678s"

 private:
  constexpr explicit SimTime(std::int64_t v) : ns_(v) {}
  std::int64_t ns_ = 0;
};

}  // namespace vpcsim::core

template <>
struct fmt::formatter<vpcsim::core::SimTime> : fmt::formatter<std::string_view> {
  auto format(vpcsim::core::SimTime t, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(t.to_string(), ctx);
  }
};
