#include "topology/net/sim_time.h"

#include <cmath>
#include <cstdlib>

namespace vpcsim::net {

std::optional<SimTime> parse_sim_time(std::string_view text) {
  // Split into a decimal number and a unit; parse the number exactly (no floating point)
  // so that "0.1s" is exactly 100000000 ns.
  std::size_t i = 0;
  std::int64_t whole = 0;
  std::int64_t frac = 0, frac_scale = 1;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (whole > INT64_MAX / 10 - 10) return std::nullopt;
    whole = whole * 10 + (text[i++] - '0');
    digits = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (frac_scale < 1'000'000'000'000LL) {
        frac = frac * 10 + (text[i] - '0');
        frac_scale *= 10;
      }
      ++i;
      digits = true;
    }
  }
  if (!digits) return std::nullopt;
  const std::string_view unit = text.substr(i);
  std::int64_t per;  // ns per unit
  if (unit.empty() || unit == "s")
    per = 1'000'000'000;
  else if (unit == "ms")
    per = 1'000'000;
  else if (unit == "us")
    per = 1'000;
  else if (unit == "ns")
    per = 1;
  else if (unit == "m" || unit == "min")
    per = 60'000'000'000;
  else if (unit == "h")
    per = 3'600'000'000'000;
  else
    return std::nullopt;
  if (whole > INT64_MAX / per) return std::nullopt;
  // frac/frac_scale * per, computed without overflow for per ≤ 3.6e12 and scale ≤ 1e12.
  const long double f = static_cast<long double>(frac) * per / frac_scale;
  const std::int64_t frac_ns = std::llround(f);
  if (whole * per > INT64_MAX - frac_ns) return std::nullopt;
  return SimTime(whole * per + frac_ns);
}

std::string sim_time_text(SimTime t) {
  const std::int64_t ns = t.count();
  const std::int64_t sec = ns / 1'000'000'000;
  const std::int64_t rem = std::llabs(ns % 1'000'000'000);
  if (rem == 0) return fmt::format("{}s", sec);
  std::string frac = fmt::format("{:09d}", rem);
  while (frac.back() == '0')
    frac.pop_back();
  return fmt::format("{}{}.{}s", ns < 0 && sec == 0 ? "-" : "", sec, frac);
}

}  // namespace vpcsim::net
