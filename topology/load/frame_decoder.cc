#include "topology/load/frame_decoder.h"

#include <algorithm>

#include "topology/net/protocol.h"

namespace vpcsim::load {

namespace {

using frame_detail::be16;

// Network byte order (big-endian) fields at `p`.
inline std::uint32_t be32(const std::uint8_t* p) {
  return boost::endian::load_big_u32(p);
}
inline std::uint64_t be64(const std::uint8_t* p) {
  return boost::endian::load_big_u64(p);
}

// Ports, flags and ICMP fields from the transport header at `p`. `len`: the bytes captured
// from `p`; `declared`: the IP payload after `p` as the IP header gives it (>= len), which a
// header that does not fit makes malformed rather than truncated; `whole`: not a fragment (a
// first fragment's UDP length and TCP header may reach past its own payload).
FrameAnomaly decode_transport(const std::uint8_t* p, std::size_t len, std::size_t declared,
                              bool whole, net::CapturedPacket& out) {
  switch (out.header.tuple.protocol) {
    case net::Protocol::kTcp: {
      if (declared < 20) return PcapAnomaly::bad_transport_header;  // shorter than a TCP header
      if (len < 14) return PcapAnomaly::truncated;                  // ports .. flags
      const std::size_t data_offset = (std::size_t{p[12]} >> 4) * 4;
      if (data_offset < 20 || (whole && data_offset > declared))
        return PcapAnomaly::bad_transport_header;
      out.header.tuple.src_port = be16(p);
      out.header.tuple.dst_port = be16(p + 2);
      out.header.tcp_flags = p[13];
      out.ports = true;
      return std::nullopt;
    }
    case net::Protocol::kUdp: {
      if (declared < 8) return PcapAnomaly::bad_transport_header;
      if (len < 8) return PcapAnomaly::truncated;
      // The UDP length counts its 8-byte header; a first fragment's covers the datagram.
      const std::uint16_t length = be16(p + 4);
      if (length < 8 || (whole && length > declared)) return PcapAnomaly::bad_transport_header;
      out.header.tuple.src_port = be16(p);
      out.header.tuple.dst_port = be16(p + 2);
      out.ports = true;
      return std::nullopt;
    }
    case net::Protocol::kIcmp:
    case net::Protocol::kIcmpv6: {
      if (declared < 4) return PcapAnomaly::bad_transport_header;  // type, code, checksum
      if (len < 4) return PcapAnomaly::truncated;
      out.header.icmp_type = p[0];
      out.header.icmp_code = p[1];
      const bool v4 = out.header.tuple.protocol == net::Protocol::kIcmp;
      const bool echo = v4 ? (p[0] == 8 || p[0] == 0) : (p[0] == 128 || p[0] == 129);
      if (echo) {
        if (declared < 8) return PcapAnomaly::bad_transport_header;  // .. identifier, sequence
        if (len < 6) return PcapAnomaly::truncated;
        out.header.tuple.src_port = out.header.tuple.dst_port = be16(p + 4);
        out.ports = true;
      }
      return std::nullopt;
    }
    default:
      return PcapAnomaly::unsupported_protocol;
  }
}

}  // namespace

FrameAnomaly decode_ipv4(const std::uint8_t* p, std::size_t len, net::CapturedPacket& out) {
  if (len < 20) return PcapAnomaly::truncated;
  if ((p[0] >> 4) != 4) return PcapAnomaly::bad_ip_header;
  const std::size_t ihl = std::size_t{p[0] & 0x0fu} * 4;
  const std::uint16_t total = be16(p + 2);
  if (ihl < 20 || total < ihl) return PcapAnomaly::bad_ip_header;
  if (len < ihl) return PcapAnomaly::truncated;
  const std::size_t captured = std::min<std::size_t>(len, total);  // drops link padding
  out.header.bytes = total;
  out.ttl = p[8];
  out.header.tuple.protocol = p[9];
  out.header.tuple.src = net::IpAddress::v4(be32(p + 12));
  out.header.tuple.dst = net::IpAddress::v4(be32(p + 16));
  out.ip_bytes = {p, captured};
  const std::uint16_t frag = be16(p + 6);
  if ((frag & 0x1fff) != 0) return PcapAnomaly::fragment;
  out.fragment = (frag & 0x2000) != 0;
  return decode_transport(p + ihl, captured - ihl, total - ihl, !out.fragment, out);
}

FrameAnomaly decode_ipv6(const std::uint8_t* p, std::size_t len, net::CapturedPacket& out) {
  if (len < 40) return PcapAnomaly::truncated;
  if ((p[0] >> 4) != 6) return PcapAnomaly::bad_ip_header;
  // A payload length of 0 with a Jumbo Payload option (RFC 2675) is not supported: the
  // extension headers or transport header then run past it (bad_ip_header / bad transport).
  const std::uint32_t total = 40u + be16(p + 4);
  const std::size_t captured = std::min<std::size_t>(len, total);
  out.header.bytes = total;
  out.ttl = p[7];
  out.header.tuple.src = net::IpAddress::v6(be64(p + 8), be64(p + 16));
  out.header.tuple.dst = net::IpAddress::v6(be64(p + 24), be64(p + 32));
  out.ip_bytes = {p, captured};
  std::uint8_t next = p[6];
  std::size_t at = 40;
  // Walk extension headers; each is at least 8 bytes, so the walk ends.
  for (;;) {
    out.header.tuple.protocol = next;
    if (next != 0 && next != 43 && next != 44 && next != 60 && next != 51) break;
    if (total < at + 8) return PcapAnomaly::bad_ip_header;  // runs past the payload length
    if (captured < at + 8) return PcapAnomaly::truncated;
    const std::uint8_t* h = p + at;
    if (next == 44) {  // fragment header
      const std::uint16_t off_flags = be16(h + 2);
      if ((off_flags >> 3) != 0) return PcapAnomaly::fragment;
      out.fragment = (off_flags & 1) != 0;
      at += 8;
    } else if (next == 51) {  // authentication header: length in 4-byte units, minus 2
      at += (std::size_t{h[1]} + 2) * 4;
    } else {
      at += (std::size_t{h[1]} + 1) * 8;
    }
    next = h[0];
  }
  if (total < at) return PcapAnomaly::bad_ip_header;
  if (captured < at) return PcapAnomaly::truncated;
  return decode_transport(p + at, captured - at, total - at, !out.fragment, out);
}

}  // namespace vpcsim::load
