#include "topology/net/ip_prefix.h"

#include <charconv>

namespace vpcsim::net {

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  const auto len_text = text.substr(slash + 1);
  // Digits only: from_chars would otherwise accept "-0" as a length of 0.
  if (len_text.empty() || len_text.front() < '0' || len_text.front() > '9') return std::nullopt;
  int length = -1;
  const auto [end, ec] =
      std::from_chars(len_text.data(), len_text.data() + len_text.size(), length);
  if (ec != std::errc{} || end != len_text.data() + len_text.size() || len_text.empty() ||
      len_text.size() > 3 || length < 0 || length > address->bit_width()) {
    return std::nullopt;
  }
  return IpPrefix(*address, length);
}

std::string IpPrefix::to_string() const {
  return fmt::format("{}/{}", network_, length_);
}

}  // namespace vpcsim::net
