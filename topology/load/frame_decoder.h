#pragma once
// Frame decoding: one captured frame, from its link-layer header to its transport header,
// into a net::CapturedPacket's header fields (addresses, protocol, ports, TCP flags, ICMP type
// and code, TTL, IP total length, first-fragment mark) and `ip_bytes`, or the anomaly that
// makes it unusable. Link layers: Ethernet (any number of 802.1Q / 802.1ad tags), Linux cooked
// v1 and v2 (SLL, SLL2), raw IP and BSD loopback. IPv4 and IPv6 (extension headers walked)
// carrying TCP, UDP, ICMP, ICMPv6 or any other protocol.
//
// No allocation, no state: `ip_bytes` views the frame. The link layer is decoded inline (the
// reader calls it once per record); the IP and transport headers out of line.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

#include <boost/endian/conversion.hpp>

#include "topology/load/pcap_anomaly.h"
#include "topology/net/captured_packet.h"

namespace vpcsim::load {

// The link-layer header in front of each frame of a capture.
enum class LinkLayer : std::uint8_t { ethernet, sll, sll2, raw, null };

// What decoding a frame found: std::nullopt for a usable packet; unsupported_protocol for a
// usable packet whose protocol has no ports (they stay 0); else why the frame is not a usable
// packet: truncated, non_ip, fragment, bad_ip_header or bad_transport_header.
using FrameAnomaly = std::optional<PcapAnomaly>;

// The IPv4 or IPv6 packet at `p`, `len` captured bytes (link padding after the IP total
// length is dropped). `out`'s fields start as a default CapturedPacket's.
FrameAnomaly decode_ipv4(const std::uint8_t* p, std::size_t len, net::CapturedPacket& out);
FrameAnomaly decode_ipv6(const std::uint8_t* p, std::size_t len, net::CapturedPacket& out);

namespace frame_detail {

inline constexpr std::uint16_t kEtherIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherIpv6 = 0x86dd;
inline constexpr std::uint16_t kEtherVlan = 0x8100;  // 802.1Q
inline constexpr std::uint16_t kEtherQinQ = 0x88a8;  // 802.1ad
inline constexpr std::uint16_t kEtherQinQOld = 0x9100;

// A network byte order (big-endian) field at `p`.
inline std::uint16_t be16(const std::uint8_t* p) {
  return boost::endian::load_big_u16(p);
}

// The IP packet behind an ethertype (after any VLAN tags at `p`).
inline FrameAnomaly decode_ethertype(std::uint16_t type, const std::uint8_t* p, std::size_t len,
                                     net::CapturedPacket& out) {
  while (type == kEtherVlan || type == kEtherQinQ || type == kEtherQinQOld) {
    if (len < 4) return PcapAnomaly::truncated;
    type = be16(p + 2);
    p += 4;
    len -= 4;
  }
  if (type == kEtherIpv4) return decode_ipv4(p, len, out);
  if (type == kEtherIpv6) return decode_ipv6(p, len, out);
  return PcapAnomaly::non_ip;
}

inline FrameAnomaly decode_raw(const std::uint8_t* p, std::size_t len, net::CapturedPacket& out) {
  if (len < 1) return PcapAnomaly::truncated;
  switch (p[0] >> 4) {
    case 4:
      return decode_ipv4(p, len, out);
    case 6:
      return decode_ipv6(p, len, out);
    default:
      return PcapAnomaly::bad_ip_header;
  }
}

}  // namespace frame_detail

// The frame at `p`, `len` captured bytes, behind a `link` header. `out`'s fields start as a
// default CapturedPacket's; on an anomaly other than unsupported_protocol, the fields decoded
// before it was found are left in `out`.
inline FrameAnomaly decode_frame(LinkLayer link, const std::uint8_t* p, std::size_t len,
                                 net::CapturedPacket& out) {
  using frame_detail::be16;
  using frame_detail::decode_ethertype;
  switch (link) {
    case LinkLayer::ethernet:
      if (len >= 14) return decode_ethertype(be16(p + 12), p + 14, len - 14, out);
      break;
    case LinkLayer::sll:  // packet type, ARPHRD, address length, 8 address bytes, protocol
      if (len >= 16) return decode_ethertype(be16(p + 14), p + 16, len - 16, out);
      break;
    case LinkLayer::sll2:  // protocol, reserved, ifindex, ARPHRD, packet type, address length+8
      if (len >= 20) return decode_ethertype(be16(p), p + 20, len - 20, out);
      break;
    case LinkLayer::raw:
      return frame_detail::decode_raw(p, len, out);
    case LinkLayer::null:
      if (len >= 4) {
        // The address family in the byte order of the capturing host (DLT_NULL) or big
        // endian (DLT_LOOP): accept either.
        std::uint32_t family = 0;
        std::memcpy(&family, p, 4);
        if (family > 0xffff) family = __builtin_bswap32(family);
        if (family == 2) return decode_ipv4(p + 4, len - 4, out);
        if (family == 10 || family == 24 || family == 28 || family == 30)
          return decode_ipv6(p + 4, len - 4, out);
        return PcapAnomaly::non_ip;
      }
      break;
  }
  return PcapAnomaly::truncated;
}

}  // namespace vpcsim::load
