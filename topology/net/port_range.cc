#include "topology/net/port_range.h"

#include <charconv>

namespace vpcsim::net {
namespace {
std::optional<std::uint16_t> parse_port(std::string_view s) {
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v > 65535) return {};
  return static_cast<std::uint16_t>(v);
}
}  // namespace

std::optional<PortRange> PortRange::parse(std::string_view text) {
  if (text == "all" || text == "*") return all();
  const auto dash = text.find('-');
  const auto from = parse_port(text.substr(0, dash));
  const auto to = dash == std::string_view::npos ? from : parse_port(text.substr(dash + 1));
  if (!from || !to || *from > *to) return std::nullopt;
  return PortRange(*from, *to);
}

std::string PortRange::to_string() const {
  if (is_all()) return "all";
  if (from_ == to_) return std::to_string(from_);
  return fmt::format("{}-{}", from_, to_);
}

}  // namespace vpcsim::net
