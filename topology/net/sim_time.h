#pragma once
// SimTime: simulated time, integer nanoseconds since the start of a run, as a plain
// std::chrono::nanoseconds. Never derived from the wall clock. What the standard library does
// not give (libstdc++ 12 has no duration parser): the exact decimal parser of the units a
// scenario file uses ("0.1s" is exactly 100,000,000 ns, no floating point) and the text form
// "12.000345678s", which is also how fmt prints a SimTime ("{}").

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace vpcsim::net {

using SimTime = std::chrono::nanoseconds;

// The latest simulated time a scenario may name (a flow's start or last exchange, a timeline
// change): 100 years of 365.25 days. 64-bit nanoseconds hold 292 years, so every timer or
// timeout the engine adds to a scenario time stays representable.
inline constexpr SimTime kMaxScenarioTime = std::chrono::hours(24) * 36525;
inline constexpr std::string_view kMaxScenarioTimeText = "100 years";

// "1.5s", "200ms", "30us", "10ns", "5m", "2h", or a bare number of seconds ("0.25"); nullopt
// for anything else or a value that does not fit in 64-bit nanoseconds.
std::optional<SimTime> parse_sim_time(std::string_view text);

// "12.000345678s", "-0.5s", "3s": seconds with the fraction's trailing zeros removed.
std::string sim_time_text(SimTime t);

// Whole seconds since the start (truncated toward zero), as flow-log windows count them.
constexpr std::int64_t whole_seconds(SimTime t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t).count();
}

}  // namespace vpcsim::net

// Printing a SimTime with fmt gives sim_time_text (the scenario-file units). A full
// specialization, so it stays the one in use; fmt/chrono.h is not used in this project.
template <>
struct fmt::formatter<vpcsim::net::SimTime> : fmt::formatter<std::string_view> {
  auto format(vpcsim::net::SimTime t, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(vpcsim::net::sim_time_text(t), ctx);
  }
};
