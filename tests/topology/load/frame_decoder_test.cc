// Frame decoding (frame_decoder.h) as PcapReader applies it to captures built byte by byte:
// link layers and VLAN tags, IPv4 and IPv6 (extension headers, fragments), TCP, UDP and
// ICMP, and the anomaly each malformed or cut frame is counted as.
#include "topology/load/frame_decoder.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/load/pcap_fixture.h"

using vpcsim::load::PcapAnomaly;
using vpcsim::test::Bytes;
using vpcsim::test::cat;
using vpcsim::test::ether;
using vpcsim::test::icmp_echo;
using vpcsim::test::ip;
using vpcsim::test::ipv4;
using vpcsim::test::ipv6;
using vpcsim::test::le32;
using vpcsim::test::put16;
using vpcsim::test::put32;
using vpcsim::test::read_all;
using vpcsim::test::ReadAll;
using vpcsim::test::sll;
using vpcsim::test::sll2;
using vpcsim::test::tcp;
using vpcsim::test::udp;
using vpcsim::test::write_pcap;
namespace net = vpcsim::net;

TEST_CASE("pcap: Ethernet with 802.1Q tags, ARP skipped as non-IP") {
  const std::uint32_t a = 0x0a000001;  // 10.0.0.1
  const std::uint32_t b = 0x0a000002;
  const std::string path =
      write_pcap("vlan.pcap", 1,
                 {{100, 5, ether(0x0800, ipv4(6, a, b, tcp(40000, 443, 0x02)), {42})},
                  {100, 6, ether(0x0806, Bytes(28, 0))},  // ARP
                  {100, 7, ether(0x0800, ipv4(17, b, a, udp(53, 40001, 10)), {0x88a8, 7})},
                  {101, 0, ether(0x86dd, ipv6(58, 1, 2, icmp_echo(128, 77)), {5})}});
  ReadAll r;
  read_all(path, r);
  REQUIRE(r.packets.size() == 3);
  CHECK(r.skips == std::vector<PcapAnomaly>{PcapAnomaly::non_ip});
  CHECK(r.reader.count(PcapAnomaly::non_ip) == 1);
  CHECK(r.packets[0].header.tuple.src == ip("10.0.0.1"));
  CHECK(r.packets[0].header.tuple.dst_port == 443);
  CHECK(r.packets[0].header.tcp_flags == 0x02);
  CHECK(r.packets[0].record == 1);
  // Two tags (0x88a8 appears as a tag's TCI here; the 0x8100 before it is the outer tag).
  CHECK(r.packets[1].record == 3);
  CHECK(r.packets[1].header.tuple.src_port == 53);
  CHECK(r.packets[1].header.bytes == 20 + 8 + 10);
  CHECK(r.packets[2].header.tuple.src == ip("2001:db8::1"));
  CHECK(r.packets[2].header.tuple.protocol == 58);
  CHECK(r.packets[2].header.icmp_type == 128);
  CHECK(r.packets[2].header.tuple.src_port == 77);
  CHECK(r.packets[2].header.tuple.dst_port == 77);
  CHECK(r.packets[2].time == net::SimTime(999'999'995));
}

TEST_CASE("pcap: 802.1ad outer tag then 802.1Q inner tag") {
  Bytes frame{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  put16(frame, 0x88a8);
  put16(frame, 100);
  put16(frame, 0x8100);
  put16(frame, 200);
  put16(frame, 0x0800);
  frame = cat(frame, ipv4(1, 0x0a000001, 0x0a000002, icmp_echo(8, 9)));
  ReadAll r;
  read_all(write_pcap("qinq.pcap", 1, {{1, 0, frame}}), r);
  REQUIRE(r.packets.size() == 1);
  CHECK(r.packets[0].header.tuple.protocol == 1);
  CHECK(r.packets[0].header.icmp_type == 8);
  CHECK(r.packets[0].header.tuple.src_port == 9);
}

TEST_CASE("pcap: Linux cooked v1 and v2") {
  const Bytes pkt = ipv4(6, 0xc0a80001, 0xc0a80002, tcp(1234, 22, 0x18));
  for (const auto& link : std::vector<std::pair<std::uint32_t, Bytes>>{{113, sll(0x0800, pkt)},
                                                                       {276, sll2(0x0800, pkt)}}) {
    const auto linktype = link.first;  // not a binding: CAPTURE captures it (clang 14)
    const auto& frame = link.second;
    CAPTURE(linktype);
    ReadAll r;
    read_all(write_pcap("sll.pcap", linktype, {{1, 0, frame}, {1, 1, sll(0x0806, Bytes(28, 0))}}),
             r);
    CHECK(r.reader.link_type() == static_cast<int>(linktype));
    REQUIRE(r.packets.size() == 1);
    CHECK(r.packets[0].header.tuple.src == ip("192.168.0.1"));
    CHECK(r.packets[0].header.tuple.dst == ip("192.168.0.2"));
    CHECK(r.packets[0].header.tuple.src_port == 1234);
    CHECK(r.packets[0].header.tuple.dst_port == 22);
    CHECK(r.packets[0].header.tcp_flags == 0x18);
    CHECK(r.reader.count(PcapAnomaly::non_ip) + r.reader.count(PcapAnomaly::bad_ip_header) +
              r.reader.count(PcapAnomaly::truncated) ==
          1);
  }
}

TEST_CASE("pcap: raw IPv4 and IPv6 (DLT_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6), BSD loopback") {
  const Bytes v4 = ipv4(17, 0x0a010203, 0x0a040506, udp(5000, 6000, 4));
  const Bytes v6 = ipv6(6, 9, 10, tcp(443, 50000, 0x11));
  for (const std::uint32_t linktype : {101u, 228u, 229u}) {
    CAPTURE(linktype);
    ReadAll r;
    read_all(write_pcap("raw.pcap", linktype, {{1, 0, v4}, {1, 1, v6}}), r);
    REQUIRE(r.packets.size() == 2);
    CHECK(r.packets[0].header.tuple.src == ip("10.1.2.3"));
    CHECK(r.packets[0].header.tuple.dst_port == 6000);
    CHECK(r.packets[1].header.tuple.src == ip("2001:db8::9"));
    CHECK(r.packets[1].header.tuple.dst == ip("2001:db8::a"));
    CHECK(r.packets[1].header.tuple.src_port == 443);
    CHECK(r.packets[1].header.tcp_flags == 0x11);
    CHECK(r.packets[1].header.bytes == 60);
    CHECK(r.packets[1].ttl == 255);
  }
  Bytes null_v4;
  le32(null_v4, 2);  // AF_INET, little-endian host
  Bytes loop_v6;
  put32(loop_v6, 24);  // AF_INET6 (NetBSD/OpenBSD), network order
  ReadAll r;
  read_all(write_pcap("null.pcap", 0, {{1, 0, cat(null_v4, v4)}, {1, 1, cat(loop_v6, v6)}}), r);
  REQUIRE(r.packets.size() == 2);
  CHECK(r.packets[0].header.tuple.src_port == 5000);
  CHECK(r.packets[1].header.tuple.dst_port == 50000);
}

TEST_CASE("pcap: IP fragments — first decoded and marked, later ones skipped and counted") {
  const std::uint32_t a = 0x0a000001;
  const std::uint32_t b = 0x0a000002;
  const Bytes first = ipv4(17, a, b, udp(7000, 8000, 40), 0x2000);  // MF, offset 0
  const Bytes later = ipv4(17, a, b, Bytes(40, 0xcd), 6);           // offset 48 bytes, last
  // IPv6: a fragment header (44) before UDP; the later fragment has offset 6.
  Bytes frag6_first{17, 0, 0x00, 0x01, 0, 0, 0, 5};
  Bytes frag6_later{17, 0, 0x00, 0x30, 0, 0, 0, 5};
  ReadAll r;
  read_all(write_pcap("frag.pcap", 101,
                      {{1, 0, first},
                       {1, 1, later},
                       {1, 2, ipv6(44, 1, 2, cat(frag6_first, udp(7001, 8001, 8)))},
                       {1, 3, ipv6(44, 1, 2, cat(frag6_later, Bytes(16, 0)))}}),
           r);
  REQUIRE(r.packets.size() == 2);
  CHECK(r.packets[0].fragment);
  CHECK(r.packets[0].header.tuple.dst_port == 8000);
  CHECK(r.packets[1].fragment);
  CHECK(r.packets[1].header.tuple.protocol == 17);
  CHECK(r.packets[1].header.tuple.dst_port == 8001);
  CHECK(r.reader.count(PcapAnomaly::fragment) == 2);
  CHECK(r.skips == std::vector<PcapAnomaly>{PcapAnomaly::fragment, PcapAnomaly::fragment});
}

TEST_CASE("pcap: bad headers, short captures and other protocols") {
  Bytes bad_version = ipv4(6, 1, 2, tcp(1, 2, 0));
  bad_version[0] = 0x55;
  Bytes bad_ihl = ipv4(6, 1, 2, tcp(1, 2, 0));
  bad_ihl[0] = 0x44;
  Bytes short_tcp = ipv4(6, 1, 2, tcp(1, 2, 0));
  short_tcp.resize(20 + 10);  // snaplen cut inside the TCP header
  const Bytes gre = ipv4(47, 0x0a000001, 0x0a000002, Bytes(8, 0));
  // IPv6 with a hop-by-hop header before ESP (50): addresses kept, protocol 50, no ports.
  const Bytes esp6 = ipv6(0, 3, 4, cat(Bytes{50, 0, 0, 0, 0, 0, 0, 0}, Bytes(16, 0)));
  ReadAll r;
  read_all(write_pcap("bad.pcap", 101,
                      {{1, 0, bad_version},
                       {1, 1, bad_ihl},
                       {1, 2, short_tcp},
                       {1, 3, gre},
                       {1, 4, esp6},
                       {1, 5, Bytes{0x45, 0}}}),
           r);
  CHECK(r.skips == std::vector<PcapAnomaly>{PcapAnomaly::bad_ip_header, PcapAnomaly::bad_ip_header,
                                            PcapAnomaly::truncated, PcapAnomaly::truncated});
  REQUIRE(r.packets.size() == 2);
  CHECK(r.packets[0].header.tuple.protocol == 47);
  CHECK(r.packets[0].header.tuple.dst == ip("10.0.0.2"));
  CHECK(!r.packets[0].ports);
  CHECK(r.packets[0].header.tuple.src_port == 0);
  CHECK(r.packets[1].header.tuple.protocol == 50);
  CHECK(r.packets[1].header.tuple.src == ip("2001:db8::3"));
  CHECK(r.reader.count(PcapAnomaly::unsupported_protocol) == 2);
  CHECK(r.reader.count(PcapAnomaly::bad_ip_header) == 2);
  CHECK(r.reader.count(PcapAnomaly::truncated) == 2);
}

TEST_CASE("pcap: Ethernet padding is not part of the IP packet") {
  Bytes frame = ether(0x0800, ipv4(6, 1, 2, tcp(1, 2, 0x10)));
  frame.resize(frame.size() + 6, 0);  // 54-byte frame padded to 60
  ReadAll r;
  read_all(write_pcap("pad.pcap", 1, {{1, 0, frame}}), r);
  REQUIRE(r.packets.size() == 1);
  CHECK(r.ip[0].size() == 40);
  CHECK(r.packets[0].header.bytes == 40);
  CHECK(r.packets[0].wire_length == 60);
}

TEST_CASE(
    "pcap: a TCP data offset below 5 or a TCP header past the IP payload is "
    "bad_transport_header") {
  const std::uint32_t a = 0x0a000001;
  const std::uint32_t b = 0x0a000002;
  const auto with_offset = [](std::uint8_t byte12, const Bytes& options = {}) {
    Bytes t = tcp(1000, 80, 0x02);
    t[12] = byte12;
    return cat(t, options);
  };
  Bytes short_tcp = tcp(1000, 80, 0x02);
  short_tcp.resize(14);  // the IP header says the packet ends after the flags
  Bytes cut = ipv4(6, a, b, tcp(1000, 80, 0x02));
  cut.resize(20 + 10);  // a snaplen cut: still truncated
  ReadAll r;
  read_all(write_pcap("tcp-offset.pcap", 101,
                      {{1, 0, ipv4(6, a, b, with_offset(0x40))},
                       {1, 1, ipv4(6, a, b, with_offset(0x00))},
                       {1, 2, ipv4(6, a, b, with_offset(0xf0))},  // 60 bytes in a 20-byte payload
                       {1, 3, ipv4(6, a, b, short_tcp)},
                       {1, 4, ipv6(6, 1, 2, with_offset(0x30))},
                       {1, 5, cut, 40},
                       {1, 6, ipv4(6, a, b, with_offset(0x60, {1, 1, 1, 1}))}}),  // 4 bytes of NOPs
           r);
  CHECK(r.skips == std::vector<PcapAnomaly>{
                       PcapAnomaly::bad_transport_header, PcapAnomaly::bad_transport_header,
                       PcapAnomaly::bad_transport_header, PcapAnomaly::bad_transport_header,
                       PcapAnomaly::bad_transport_header, PcapAnomaly::truncated});
  CHECK(r.reader.count(PcapAnomaly::bad_transport_header) == 5);
  REQUIRE(r.packets.size() == 1);
  CHECK(r.packets[0].record == 7);
  CHECK(r.packets[0].header.tuple.dst_port == 80);
  CHECK(r.packets[0].header.tcp_flags == 0x02);
}

TEST_CASE("pcap: a UDP length below 8 or past the IP payload is bad_transport_header") {
  const std::uint32_t a = 0x0a000001;
  const std::uint32_t b = 0x0a000002;
  const auto with_length = [](unsigned length, std::size_t payload) {
    Bytes u = udp(5000, 53, payload);
    u[4] = static_cast<std::uint8_t>(length >> 8);
    u[5] = static_cast<std::uint8_t>(length);
    return u;
  };
  Bytes short_udp = udp(5000, 53, 0);
  short_udp.resize(6);  // the IP header says the packet ends inside the UDP header
  ReadAll r;
  read_all(write_pcap("udp-length.pcap", 101,
                      {{1, 0, ipv4(17, a, b, with_length(0, 10))},
                       {1, 1, ipv4(17, a, b, with_length(7, 10))},
                       {1, 2, ipv4(17, a, b, with_length(8 + 11, 10))},
                       {1, 3, ipv6(17, 1, 2, with_length(0, 10))},
                       {1, 4, ipv4(17, a, b, short_udp)},
                       // Kept: bytes after the datagram, and a first fragment's length.
                       {1, 5, ipv4(17, a, b, with_length(8, 10))},
                       {1, 6, ipv4(17, a, b, with_length(8 + 1400, 10), 0x2000)}}),
           r);
  CHECK(r.skips == std::vector<PcapAnomaly>(5, PcapAnomaly::bad_transport_header));
  REQUIRE(r.packets.size() == 2);
  CHECK(r.packets[0].record == 6);
  CHECK(r.packets[0].header.tuple.dst_port == 53);
  CHECK(r.packets[1].record == 7);
  CHECK(r.packets[1].fragment);
  CHECK(r.packets[1].header.tuple.src_port == 5000);
}

TEST_CASE("pcap: IP lengths too short for what follows are bad headers, not truncations") {
  const std::uint32_t a = 0x0a000001;
  const std::uint32_t b = 0x0a000002;
  const auto padded = [](const Bytes& ip) {  // an Ethernet frame padded to 64 bytes
    Bytes f = ether(ip[0] >> 4 == 4 ? 0x0800 : 0x86dd, ip);
    if (f.size() < 64) f.resize(64, 0);
    return f;
  };
  Bytes total_19 = ipv4(6, a, b, tcp(1, 2, 0x02));
  total_19[2] = 0, total_19[3] = 19;  // shorter than its own header
  Bytes total_20 = ipv4(6, a, b, tcp(1, 2, 0x02));
  total_20[2] = 0, total_20[3] = 20;  // no room for TCP; the bytes after it are padding
  Bytes v6_empty = ipv6(6, 1, 2, tcp(1, 2, 0x02));
  v6_empty[4] = 0, v6_empty[5] = 0;  // payload length 0 (no Jumbo Payload option)
  // A hop-by-hop header (8 bytes) in a payload length of 4, and one of 32 bytes in 28.
  Bytes hop_short = ipv6(0, 1, 2, cat(Bytes{6, 0, 1, 4, 0, 0, 0, 0}, tcp(1, 2, 0x02)));
  hop_short[4] = 0, hop_short[5] = 4;
  const Bytes hop_long = ipv6(0, 1, 2, cat(Bytes{6, 3, 1, 4, 0, 0, 0, 0}, tcp(1, 2, 0x02)));
  Bytes echo_short = icmp_echo(8, 7);
  echo_short.resize(6);  // identifier, no sequence
  Bytes hop_cut = ipv6(0, 1, 2, cat(Bytes{6, 0, 1, 4, 0, 0, 0, 0}, tcp(1, 2, 0x02)));
  hop_cut.resize(44);  // a snaplen cut inside the hop-by-hop header: truncated
  ReadAll r;
  read_all(
      write_pcap(
          "ip-length.pcap", 1,
          {{1, 0, padded(total_19)},
           {1, 1, padded(total_20)},
           {1, 2, padded(v6_empty)},
           {1, 3, padded(hop_short)},
           {1, 4, ether(0x86dd, hop_long)},
           {1, 5, padded(ipv4(1, a, b, echo_short))},
           {1, 6, padded(ipv4(1, a, b, Bytes{3, 1}))},
           {1, 7, ether(0x86dd, hop_cut), 14 + 40 + 28},
           {1, 8, padded(ipv6(0, 1, 2, cat(Bytes{6, 0, 1, 4, 0, 0, 0, 0}, tcp(1, 2, 0x12))))}}),
      r);
  CHECK(r.skips ==
        std::vector<PcapAnomaly>{PcapAnomaly::bad_ip_header, PcapAnomaly::bad_transport_header,
                                 PcapAnomaly::bad_transport_header, PcapAnomaly::bad_ip_header,
                                 PcapAnomaly::bad_ip_header, PcapAnomaly::bad_transport_header,
                                 PcapAnomaly::bad_transport_header, PcapAnomaly::truncated});
  REQUIRE(r.packets.size() == 1);
  CHECK(r.packets[0].record == 9);
  CHECK(r.packets[0].header.tuple.protocol == 6);
  CHECK(r.packets[0].header.tcp_flags == 0x12);
}
