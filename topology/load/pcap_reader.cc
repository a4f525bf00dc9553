#include "topology/load/pcap_reader.h"

#include <pcap/pcap.h>
#include <stdio_ext.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include <boost/endian/conversion.hpp>

#include "topology/net/protocol.h"

namespace vpcsim::load {

namespace {

// libpcap's DLT_ values for link types that differ by platform or may be missing.
constexpr int kDltRawA = 12;        // DLT_RAW on most platforms
constexpr int kDltRawB = 14;        // DLT_RAW on OpenBSD (and BSD/OS' DLT_ATM_RFC1483)
constexpr int kLinktypeRaw = 101;   // LINKTYPE_RAW (libpcap maps it to DLT_RAW)
constexpr int kLinktypeIpv4 = 228;  // DLT_IPV4
constexpr int kLinktypeIpv6 = 229;  // DLT_IPV6
constexpr int kLinktypeSll2 = 276;  // DLT_LINUX_SLL2
constexpr int kLinktypeLoop = 108;  // DLT_LOOP (OpenBSD loopback, network byte order)

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86dd;
constexpr std::uint16_t kEtherVlan = 0x8100;  // 802.1Q
constexpr std::uint16_t kEtherQinQ = 0x88a8;  // 802.1ad
constexpr std::uint16_t kEtherQinQOld = 0x9100;

// Network byte order (big-endian) fields at `p`.
inline std::uint16_t be16(const std::uint8_t* p) {
  return boost::endian::load_big_u16(p);
}
inline std::uint32_t be32(const std::uint8_t* p) {
  return boost::endian::load_big_u32(p);
}
inline std::uint64_t be64(const std::uint8_t* p) {
  return boost::endian::load_big_u64(p);
}

// What decoding one record found.
enum class Decoded : std::uint8_t {
  ok,
  truncated,
  non_ip,
  fragment,
  bad_ip_header,
  bad_transport_header,
  unsupported_protocol
};

// Ports, flags and ICMP fields from the transport header at `p`. `len`: the bytes captured
// from `p`; `declared`: the IP payload after `p` as the IP header gives it (>= len), which a
// header that does not fit makes malformed rather than truncated; `whole`: not a fragment (a
// first fragment's UDP length and TCP header may reach past its own payload).
Decoded decode_transport(const std::uint8_t* p, std::size_t len, std::size_t declared, bool whole,
                         net::CapturedPacket& out) {
  switch (out.header.tuple.protocol) {
    case net::Protocol::kTcp: {
      if (declared < 20) return Decoded::bad_transport_header;  // shorter than a TCP header
      if (len < 14) return Decoded::truncated;                  // ports .. flags
      const std::size_t data_offset = (std::size_t{p[12]} >> 4) * 4;
      if (data_offset < 20 || (whole && data_offset > declared))
        return Decoded::bad_transport_header;
      out.header.tuple.src_port = be16(p);
      out.header.tuple.dst_port = be16(p + 2);
      out.header.tcp_flags = p[13];
      out.ports = true;
      return Decoded::ok;
    }
    case net::Protocol::kUdp: {
      if (declared < 8) return Decoded::bad_transport_header;
      if (len < 8) return Decoded::truncated;
      // The UDP length counts its 8-byte header; a first fragment's covers the datagram.
      const std::uint16_t length = be16(p + 4);
      if (length < 8 || (whole && length > declared)) return Decoded::bad_transport_header;
      out.header.tuple.src_port = be16(p);
      out.header.tuple.dst_port = be16(p + 2);
      out.ports = true;
      return Decoded::ok;
    }
    case net::Protocol::kIcmp:
    case net::Protocol::kIcmpv6: {
      if (declared < 4) return Decoded::bad_transport_header;  // type, code, checksum
      if (len < 4) return Decoded::truncated;
      out.header.icmp_type = p[0];
      out.header.icmp_code = p[1];
      const bool v4 = out.header.tuple.protocol == net::Protocol::kIcmp;
      const bool echo = v4 ? (p[0] == 8 || p[0] == 0) : (p[0] == 128 || p[0] == 129);
      if (echo) {
        if (declared < 8) return Decoded::bad_transport_header;  // .. identifier, sequence
        if (len < 6) return Decoded::truncated;
        out.header.tuple.src_port = out.header.tuple.dst_port = be16(p + 4);
        out.ports = true;
      }
      return Decoded::ok;
    }
    default:
      return Decoded::unsupported_protocol;
  }
}

Decoded decode_ipv4(const std::uint8_t* p, std::size_t len, net::CapturedPacket& out) {
  if (len < 20) return Decoded::truncated;
  if ((p[0] >> 4) != 4) return Decoded::bad_ip_header;
  const std::size_t ihl = std::size_t{p[0] & 0x0fu} * 4;
  const std::uint16_t total = be16(p + 2);
  if (ihl < 20 || total < ihl) return Decoded::bad_ip_header;
  if (len < ihl) return Decoded::truncated;
  const std::size_t captured = std::min<std::size_t>(len, total);  // drops link padding
  out.header.bytes = total;
  out.ttl = p[8];
  out.header.tuple.protocol = p[9];
  out.header.tuple.src = net::IpAddress::v4(be32(p + 12));
  out.header.tuple.dst = net::IpAddress::v4(be32(p + 16));
  out.ip_bytes = {p, captured};
  const std::uint16_t frag = be16(p + 6);
  if ((frag & 0x1fff) != 0) return Decoded::fragment;
  out.fragment = (frag & 0x2000) != 0;
  return decode_transport(p + ihl, captured - ihl, total - ihl, !out.fragment, out);
}

Decoded decode_ipv6(const std::uint8_t* p, std::size_t len, net::CapturedPacket& out) {
  if (len < 40) return Decoded::truncated;
  if ((p[0] >> 4) != 6) return Decoded::bad_ip_header;
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
    if (total < at + 8) return Decoded::bad_ip_header;  // runs past the payload length
    if (captured < at + 8) return Decoded::truncated;
    const std::uint8_t* h = p + at;
    if (next == 44) {  // fragment header
      const std::uint16_t off_flags = be16(h + 2);
      if ((off_flags >> 3) != 0) return Decoded::fragment;
      out.fragment = (off_flags & 1) != 0;
      at += 8;
    } else if (next == 51) {  // authentication header: length in 4-byte units, minus 2
      at += (std::size_t{h[1]} + 2) * 4;
    } else {
      at += (std::size_t{h[1]} + 1) * 8;
    }
    next = h[0];
  }
  if (total < at) return Decoded::bad_ip_header;
  if (captured < at) return Decoded::truncated;
  return decode_transport(p + at, captured - at, total - at, !out.fragment, out);
}

// The IP packet behind an ethertype (after any VLAN tags at `p`).
Decoded decode_ethertype(std::uint16_t type, const std::uint8_t* p, std::size_t len,
                         net::CapturedPacket& out) {
  while (type == kEtherVlan || type == kEtherQinQ || type == kEtherQinQOld) {
    if (len < 4) return Decoded::truncated;
    type = be16(p + 2);
    p += 4;
    len -= 4;
  }
  if (type == kEtherIpv4) return decode_ipv4(p, len, out);
  if (type == kEtherIpv6) return decode_ipv6(p, len, out);
  return Decoded::non_ip;
}

Decoded decode_raw(const std::uint8_t* p, std::size_t len, net::CapturedPacket& out) {
  if (len < 1) return Decoded::truncated;
  switch (p[0] >> 4) {
    case 4:
      return decode_ipv4(p, len, out);
    case 6:
      return decode_ipv6(p, len, out);
    default:
      return Decoded::bad_ip_header;
  }
}

// Nanoseconds since the epoch of a record's time, or -1 if it is not in [1970,
// kPcapMaxEpochSec) with a fraction below one second. `nsec` is already in nanoseconds (the
// reader opens captures with nanosecond precision: libpcap scales a classic file's
// microseconds by 1000, so 1,000,000 us and more arrive as 1e9 ns and more).
std::int64_t epoch_ns(std::int64_t sec, std::int64_t nsec) {
  if (sec < 0 || sec >= kPcapMaxEpochSec || nsec < 0 || nsec >= 1'000'000'000) return -1;
  return sec * 1'000'000'000 + nsec;  // < 4.2e18: no overflow
}

}  // namespace

std::string_view to_string(PcapAnomaly a) {
  switch (a) {
    case PcapAnomaly::truncated:
      return "truncated";
    case PcapAnomaly::non_ip:
      return "non-IP";
    case PcapAnomaly::fragment:
      return "IP fragment";
    case PcapAnomaly::bad_ip_header:
      return "bad IP header";
    case PcapAnomaly::unsupported_protocol:
      return "unsupported protocol";
    case PcapAnomaly::time_backwards:
      return "time went backwards";
    case PcapAnomaly::bad_timestamp:
      return "bad timestamp";
    case PcapAnomaly::bad_record_length:
      return "bad record length";
    case PcapAnomaly::bad_transport_header:
      return "bad transport header";
  }
  return "?";
}

PcapReader::~PcapReader() {
  close();
}

void PcapReader::close() {
  if (pcap_ != nullptr) pcap_close(pcap_);
  pcap_ = nullptr;
}

std::optional<LoadError> PcapReader::open(const std::string& path) {
  close();
  file_ = path;
  error_ = {};
  record_ = 0;
  failed_ = false;
  sec_u32_ = false;
  have_origin_ = false;
  last_ns_ = 0;
  anomalies_ = {};
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  if (path == "-") {
    pcap_ = pcap_open_offline_with_tstamp_precision("-", PCAP_TSTAMP_PRECISION_NANO, errbuf);
  } else {
    // Our own FILE with a large buffer: libpcap reads each record with two small freads, and
    // stdio's default 4 KiB buffer would make a read(2) per few dozen records.
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
      failed_ = true;
      error_ = {path, "", fmt::format("cannot read capture: {}", std::strerror(errno))};
      return error_;
    }
    std::setvbuf(f, nullptr, _IOFBF, std::size_t{1} << 20);
    // One thread reads this file at a time (the reader is not shared): no locking per fread.
    __fsetlocking(f, FSETLOCKING_BYCALLER);
    pcap_ = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (pcap_ == nullptr) std::fclose(f);  // on failure libpcap leaves the file to us
  }
  if (pcap_ == nullptr) {
    failed_ = true;
    error_ = {path, "", fmt::format("cannot read capture: {}", errbuf)};
    return error_;
  }
  // Classic pcap (2.x; 543.0 for DG/UX) stores ts_sec as 32 bits, unsigned in the format's
  // definition; libpcap reads it signed (0x80000000 and later as before 1970). pcapng: 1.x.
  sec_u32_ = pcap_major_version(pcap_) != 1;
  link_type_ = pcap_datalink(pcap_);
  switch (link_type_) {
    case DLT_EN10MB:
      link_ = Link::ethernet;
      break;
    case DLT_LINUX_SLL:
      link_ = Link::sll;
      break;
    case kLinktypeSll2:
      link_ = Link::sll2;
      break;
    case kDltRawA:
    case kDltRawB:
    case kLinktypeRaw:
    case kLinktypeIpv4:
    case kLinktypeIpv6:
      link_ = Link::raw;
      break;
    case DLT_NULL:
    case kLinktypeLoop:
      link_ = Link::null;
      break;
    default: {
      const char* name = pcap_datalink_val_to_name(link_type_);
      failed_ = true;
      error_ = {path, "",
                fmt::format("unsupported link type {} ({}); supported: Ethernet, Linux cooked "
                            "(SLL, SLL2), raw IPv4/IPv6, BSD loopback",
                            link_type_, name != nullptr ? name : "unknown")};
      close();
      return error_;
    }
  }
  return std::nullopt;
}

PcapReader::Result PcapReader::skip(PcapAnomaly a) {
  ++anomalies_[static_cast<std::size_t>(a)];
  last_skip_ = a;
  return Result::skipped;
}

PcapReader::Result PcapReader::fail(std::string message) {
  failed_ = true;
  error_ = {file_, fmt::format("record {}", record_ + 1), std::move(message)};
  close();
  return Result::error;
}

PcapReader::Result PcapReader::next(net::CapturedPacket& out) {
  if (failed_) return Result::error;
  if (pcap_ == nullptr) return Result::end;
  pcap_pkthdr* hdr = nullptr;
  const u_char* data = nullptr;
  const int rc = pcap_next_ex(pcap_, &hdr, &data);
  if (rc == PCAP_ERROR_BREAK) {  // -2: end of file
    close();
    return Result::end;
  }
  if (rc != 1) return fail(pcap_geterr(pcap_));
  return decode(*hdr, data, out);
}

// pcap_dispatch's callback for read(): decodes one record into the batch.
void PcapReader::on_record(unsigned char* user, const pcap_pkthdr* hdr, const unsigned char* data) {
  auto& b = *reinterpret_cast<Batch*>(user);
  ++b.records;
  // Decoded on the stack, then copied whole: the batch's memory may have just been read by
  // another thread, and many small stores into it would each wait for its cache line.
  net::CapturedPacket c;
  if (b.self->decode(*hdr, data, c) == Result::skipped) {
    ++b.skipped;
    return;
  }
  c.ip_bytes = {};
  b.out->push_back(c);
}

PcapReader::Result PcapReader::read(std::size_t max_records, std::vector<net::CapturedPacket>& out,
                                    std::uint64_t& records, std::uint64_t& skipped) {
  if (failed_) return Result::error;
  if (pcap_ == nullptr) return Result::end;
  Batch b{this, &out, 0, 0};
  const int want = static_cast<int>(std::min<std::size_t>(max_records, 1 << 20));
  const int rc =
      pcap_dispatch(pcap_, want < 1 ? 1 : want, on_record, reinterpret_cast<u_char*>(&b));
  records += b.records;
  skipped += b.skipped;
  if (rc == 0) {  // a capture file: no more records
    close();
    return Result::end;
  }
  if (rc < 0) return fail(pcap_geterr(pcap_));
  return Result::packet;
}

PcapReader::Result PcapReader::decode(const pcap_pkthdr& h, const unsigned char* data,
                                      net::CapturedPacket& out) {
  const pcap_pkthdr* hdr = &h;
  ++record_;
  out = net::CapturedPacket{};
  out.record = record_;
  out.wire_length = hdr->len;
  // The record header first: neither a bad length nor a bad time becomes the origin.
  if (hdr->caplen > hdr->len) return skip(PcapAnomaly::bad_record_length);
  std::int64_t sec = hdr->ts.tv_sec;
  if (sec_u32_ && sec < 0 && sec >= INT32_MIN) sec += std::int64_t{1} << 32;
  const std::int64_t ns = epoch_ns(sec, hdr->ts.tv_usec);  // nanoseconds: the reader asked
  if (ns < 0) return skip(PcapAnomaly::bad_timestamp);
  if (!have_origin_) {
    have_origin_ = true;
    origin_sec_ = sec;
    origin_nsec_ = hdr->ts.tv_usec;
    origin_ns_ = ns;
  }
  out.origin_sec = origin_sec_;
  out.origin_nsec = origin_nsec_;
  const std::int64_t t = ns - origin_ns_;  // both below 4.2e18: no overflow
  if (t < last_ns_) ++anomalies_[static_cast<std::size_t>(PcapAnomaly::time_backwards)];
  last_ns_ = t;
  out.time = net::SimTime(t);

  const std::uint8_t* p = data;
  const std::size_t len = hdr->caplen;
  Decoded d = Decoded::truncated;
  switch (link_) {
    case Link::ethernet:
      if (len >= 14) d = decode_ethertype(be16(p + 12), p + 14, len - 14, out);
      break;
    case Link::sll:  // packet type, ARPHRD, address length, 8 address bytes, protocol
      if (len >= 16) d = decode_ethertype(be16(p + 14), p + 16, len - 16, out);
      break;
    case Link::sll2:  // protocol, reserved, ifindex, ARPHRD, packet type, address length+8
      if (len >= 20) d = decode_ethertype(be16(p), p + 20, len - 20, out);
      break;
    case Link::raw:
      d = decode_raw(p, len, out);
      break;
    case Link::null:
      if (len >= 4) {
        // The address family in the byte order of the capturing host (DLT_NULL) or big
        // endian (DLT_LOOP): accept either.
        std::uint32_t family = 0;
        std::memcpy(&family, p, 4);
        if (family > 0xffff) family = __builtin_bswap32(family);
        if (family == 2) {
          d = decode_ipv4(p + 4, len - 4, out);
        } else if (family == 10 || family == 24 || family == 28 || family == 30) {
          d = decode_ipv6(p + 4, len - 4, out);
        } else {
          d = Decoded::non_ip;
        }
      }
      break;
  }
  switch (d) {
    case Decoded::ok:
      return Result::packet;
    case Decoded::unsupported_protocol:
      ++anomalies_[static_cast<std::size_t>(PcapAnomaly::unsupported_protocol)];
      return Result::packet;
    case Decoded::truncated:
      return skip(PcapAnomaly::truncated);
    case Decoded::non_ip:
      return skip(PcapAnomaly::non_ip);
    case Decoded::fragment:
      return skip(PcapAnomaly::fragment);
    case Decoded::bad_ip_header:
      return skip(PcapAnomaly::bad_ip_header);
    case Decoded::bad_transport_header:
      return skip(PcapAnomaly::bad_transport_header);
  }
  return Result::error;
}

}  // namespace vpcsim::load
