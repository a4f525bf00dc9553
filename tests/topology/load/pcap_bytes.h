#pragma once
// Builds the bytes of captures for the pcap tests: big- and little-endian fields, TCP, UDP,
// ICMP echo, IPv4 and IPv6 packets, Ethernet and Linux cooked (SLL, SLL2) frames, and whole
// classic pcap and pcapng files around them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace vpcsim::test {

using Bytes = std::vector<std::uint8_t>;

inline void put16(Bytes& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(Bytes& b, std::uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xffff);
}
inline void le16(Bytes& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void le32(Bytes& b, std::uint32_t v) {
  le16(b, v & 0xffff);
  le16(b, v >> 16);
}
inline Bytes cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline Bytes tcp(unsigned sport, unsigned dport, std::uint8_t flags) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, 1000);  // seq
  put32(b, 0);     // ack
  b.push_back(0x50);
  b.push_back(flags);
  put16(b, 65535);
  put32(b, 0);  // checksum, urgent
  return b;
}
inline Bytes udp(unsigned sport, unsigned dport, std::size_t payload) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, static_cast<unsigned>(8 + payload));
  put16(b, 0);
  b.resize(b.size() + payload, 0xab);
  return b;
}
inline Bytes icmp_echo(std::uint8_t type, unsigned id) {
  Bytes b{type, 0, 0, 0};
  put16(b, id);
  put16(b, 1);  // sequence
  b.resize(b.size() + 16, 0x61);
  return b;
}
inline Bytes ipv4(std::uint8_t proto, std::uint32_t src, std::uint32_t dst, const Bytes& payload,
                  unsigned frag = 0) {
  Bytes b{0x45, 0};
  put16(b, static_cast<unsigned>(20 + payload.size()));
  put16(b, 1);  // id
  put16(b, frag);
  b.push_back(64);
  b.push_back(proto);
  put16(b, 0);
  put32(b, src);
  put32(b, dst);
  return cat(b, payload);
}
inline Bytes ipv6(std::uint8_t next, std::uint8_t src_last, std::uint8_t dst_last,
                  const Bytes& payload) {
  Bytes b{0x60, 0, 0, 0};
  put16(b, static_cast<unsigned>(payload.size()));
  b.push_back(next);
  b.push_back(255);
  for (const std::uint8_t last : {src_last, dst_last}) {  // 2001:db8::<last>
    Bytes a(16, 0);
    a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8, a[15] = last;
    b = cat(b, a);
  }
  return cat(b, payload);
}
inline Bytes ether(unsigned type, const Bytes& payload, std::vector<unsigned> vlans = {}) {
  Bytes b{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  for (const unsigned vid : vlans) {
    put16(b, 0x8100);
    put16(b, vid);
  }
  put16(b, type);
  return cat(b, payload);
}
inline Bytes sll(unsigned type, const Bytes& payload) {
  Bytes b;
  put16(b, 0);  // incoming to us
  put16(b, 1);  // ARPHRD_ETHER
  put16(b, 6);
  for (int i = 0; i < 8; ++i)
    b.push_back(static_cast<std::uint8_t>(i));
  put16(b, type);
  return cat(b, payload);
}
inline Bytes sll2(unsigned type, const Bytes& payload) {
  Bytes b;
  put16(b, type);
  put16(b, 0);     // reserved
  put32(b, 2);     // ifindex
  put16(b, 1);     // ARPHRD_ETHER
  b.push_back(4);  // outgoing
  b.push_back(6);
  for (int i = 0; i < 8; ++i)
    b.push_back(static_cast<std::uint8_t>(i));
  return cat(b, payload);
}

struct Record {
  std::uint32_t sec;
  std::uint32_t nsec;  // microseconds in a file with the microsecond magic
  Bytes data;
  std::uint32_t orig_len = 0;  // the record's original length; 0: data.size()
};

inline constexpr std::uint32_t kMagicNs = 0xa1b23c4d;
inline constexpr std::uint32_t kMagicUs = 0xa1b2c3d4;

// A little-endian pcap file, nanosecond timestamps unless `magic` says microseconds.
inline Bytes pcap_file(std::uint32_t linktype, const std::vector<Record>& records,
                       std::uint32_t magic = kMagicNs) {
  Bytes b;
  le32(b, magic);
  le16(b, 2);
  le16(b, 4);
  le32(b, 0);
  le32(b, 0);
  le32(b, 262144);
  le32(b, linktype);
  for (const Record& r : records) {
    le32(b, r.sec);
    le32(b, r.nsec);
    le32(b, static_cast<std::uint32_t>(r.data.size()));
    le32(b, r.orig_len != 0 ? r.orig_len : static_cast<std::uint32_t>(r.data.size()));
    b = cat(b, r.data);
  }
  return b;
}

// One Enhanced Packet Block on interface 0; `ticks` in units of the interface's if_tsresol.
struct Epb {
  std::uint64_t ticks;
  Bytes frame;
  std::uint32_t orig_len = 0;  // 0: frame.size()
};

// A little-endian pcapng file: an SHB, one IDB (snaplen 262144; an if_tsresol option if
// `tsresol` is given, else libpcap's default of microseconds; an if_tsoffset option if
// `tsoffset` is given) and `packets` as EPBs.
inline Bytes pcapng_file(std::uint16_t linktype, std::optional<std::uint8_t> tsresol,
                         const std::vector<Epb>& packets,
                         std::optional<std::int64_t> tsoffset = {}) {
  Bytes b;
  const auto block = [&b](std::uint32_t type, const Bytes& body) {
    le32(b, type);
    le32(b, static_cast<std::uint32_t>(12 + body.size()));
    b = cat(b, body);
    le32(b, static_cast<std::uint32_t>(12 + body.size()));
  };
  Bytes shb;
  le32(shb, 0x1a2b3c4d);
  le16(shb, 1);
  le16(shb, 0);
  le32(shb, 0xffffffff);
  le32(shb, 0xffffffff);  // section length unknown
  block(0x0a0d0d0a, shb);
  Bytes idb;
  le16(idb, linktype);
  le16(idb, 0);
  le32(idb, 262144);
  if (tsresol) {
    le16(idb, 9);  // if_tsresol
    le16(idb, 1);
    idb.insert(idb.end(), {*tsresol, 0, 0, 0});  // padded
  }
  if (tsoffset) {
    le16(idb, 14);  // if_tsoffset: signed seconds
    le16(idb, 8);
    const auto u = static_cast<std::uint64_t>(*tsoffset);
    le32(idb, static_cast<std::uint32_t>(u));
    le32(idb, static_cast<std::uint32_t>(u >> 32));
  }
  le32(idb, 0);  // opt_endofopt
  block(1, idb);
  for (const Epb& p : packets) {
    Bytes e;
    le32(e, 0);
    le32(e, static_cast<std::uint32_t>(p.ticks >> 32));
    le32(e, static_cast<std::uint32_t>(p.ticks));
    le32(e, static_cast<std::uint32_t>(p.frame.size()));
    le32(e, p.orig_len != 0 ? p.orig_len : static_cast<std::uint32_t>(p.frame.size()));
    e = cat(e, p.frame);
    e.resize((e.size() + 3) / 4 * 4, 0);
    block(6, e);
  }
  return b;
}

}  // namespace vpcsim::test
