#include "topology/net/protocol.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace vpcsim::net {

std::optional<Protocol> Protocol::parse(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "all" || lower == "-1") return all();
  if (lower == "tcp") return tcp();
  if (lower == "udp") return udp();
  if (lower == "icmp") return icmp();
  if (lower == "icmpv6" || lower == "ipv6-icmp") return icmpv6();
  int v = -1;
  const auto [end, ec] = std::from_chars(lower.data(), lower.data() + lower.size(), v);
  if (lower.empty() || ec != std::errc{} || end != lower.data() + lower.size() || v < 0 ||
      v > 255) {
    return std::nullopt;
  }
  return Protocol(static_cast<std::int16_t>(v));
}

std::string Protocol::name() const {
  switch (number_) {
    case kAll:
      return "all";
    case kTcp:
      return "tcp";
    case kUdp:
      return "udp";
    case kIcmp:
      return "icmp";
    case kIcmpv6:
      return "icmpv6";
    default:
      return std::to_string(number_);
  }
}

}  // namespace vpcsim::net
