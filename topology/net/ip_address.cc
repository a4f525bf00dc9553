#include "topology/net/ip_address.h"

#include <boost/asio/ip/address.hpp>

namespace vpcsim::net {

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty() || text.find('%') != std::string_view::npos) return std::nullopt;
  boost::system::error_code ec;
  const auto a = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (a.is_v4()) return v4(a.to_v4().to_uint());
  const auto bytes = a.to_v6().to_bytes();
  std::uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i)
    hi = (hi << 8) | bytes[i];
  for (int i = 8; i < 16; ++i)
    lo = (lo << 8) | bytes[i];
  return v6(hi, lo);
}

std::string IpAddress::to_string() const {
  if (is_v4()) return boost::asio::ip::address_v4(v4_bits()).to_string();
  boost::asio::ip::address_v6::bytes_type bytes{};
  for (int i = 0; i < 8; ++i)
    bytes[i] = static_cast<unsigned char>(hi_ >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i)
    bytes[8 + i] = static_cast<unsigned char>(lo_ >> (56 - 8 * i));
  return boost::asio::ip::address_v6(bytes).to_string();
}

namespace {
bool in_v4(IpAddress a, std::uint32_t net, int len) {
  return a.is_v4() && a.masked(len).v4_bits() == net;
}
}  // namespace

bool is_rfc1918(IpAddress a) {
  return in_v4(a, 0x0A000000u, 8) || in_v4(a, 0xAC100000u, 12) || in_v4(a, 0xC0A80000u, 16);
}
bool is_rfc6598(IpAddress a) {
  return in_v4(a, 0x64400000u, 10);
}

}  // namespace vpcsim::net
