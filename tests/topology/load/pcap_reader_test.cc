#include "topology/load/pcap_reader.h"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

using vpcsim::load::kPcapAnomalyKinds;
using vpcsim::load::kPcapMaxEpochSec;
using vpcsim::load::PcapAnomaly;
using vpcsim::load::PcapReader;
using vpcsim::net::CapturedPacket;
using vpcsim::net::IpAddress;
using vpcsim::net::SimTime;
using Result = PcapReader::Result;
using Bytes = std::vector<std::uint8_t>;
namespace net = vpcsim::net;

namespace {

const std::string kCorpus = std::string(VPCSIM_SOURCE_DIR) + "/tests/fixtures/pcap/";

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

// A scratch file name unique to this process and call; the folder goes at exit.
struct ScratchDir {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("vpcsim-pcap-{}", getpid());
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};
std::string scratch(const std::string& name) {
  static ScratchDir scratch_dir;
  static int n = 0;
  std::filesystem::create_directories(scratch_dir.dir);
  return (scratch_dir.dir / fmt::format("{}-{}", n++, name)).string();
}

void write_file(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void put16(Bytes& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xffff);
}
void le16(Bytes& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void le32(Bytes& b, std::uint32_t v) {
  le16(b, v & 0xffff);
  le16(b, v >> 16);
}
Bytes cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Bytes tcp(unsigned sport, unsigned dport, std::uint8_t flags) {
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
Bytes udp(unsigned sport, unsigned dport, std::size_t payload) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, static_cast<unsigned>(8 + payload));
  put16(b, 0);
  b.resize(b.size() + payload, 0xab);
  return b;
}
Bytes icmp_echo(std::uint8_t type, unsigned id) {
  Bytes b{type, 0, 0, 0};
  put16(b, id);
  put16(b, 1);  // sequence
  b.resize(b.size() + 16, 0x61);
  return b;
}
Bytes ipv4(std::uint8_t proto, std::uint32_t src, std::uint32_t dst, const Bytes& payload,
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
Bytes ipv6(std::uint8_t next, std::uint8_t src_last, std::uint8_t dst_last, const Bytes& payload) {
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
Bytes ether(unsigned type, const Bytes& payload, std::vector<unsigned> vlans = {}) {
  Bytes b{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  for (const unsigned vid : vlans) {
    put16(b, 0x8100);
    put16(b, vid);
  }
  put16(b, type);
  return cat(b, payload);
}
Bytes sll(unsigned type, const Bytes& payload) {
  Bytes b;
  put16(b, 0);  // incoming to us
  put16(b, 1);  // ARPHRD_ETHER
  put16(b, 6);
  for (int i = 0; i < 8; ++i)
    b.push_back(static_cast<std::uint8_t>(i));
  put16(b, type);
  return cat(b, payload);
}
Bytes sll2(unsigned type, const Bytes& payload) {
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

constexpr std::uint32_t kMagicNs = 0xa1b23c4d;
constexpr std::uint32_t kMagicUs = 0xa1b2c3d4;

// A little-endian pcap file, nanosecond timestamps unless `magic` says microseconds.
Bytes pcap_file(std::uint32_t linktype, const std::vector<Record>& records,
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

std::string write_pcap(const std::string& name, std::uint32_t linktype,
                       const std::vector<Record>& records, std::uint32_t magic = kMagicNs) {
  const std::string path = scratch(name);
  write_file(path, pcap_file(linktype, records, magic));
  return path;
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
Bytes pcapng_file(std::uint16_t linktype, std::optional<std::uint8_t> tsresol,
                  const std::vector<Epb>& packets, std::optional<std::int64_t> tsoffset = {}) {
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

// Every decoded packet of a file; REQUIREs that it opens and ends without error.
struct ReadAll {
  std::vector<CapturedPacket> packets;
  std::vector<Bytes> ip;  // copies of each packet's ip_bytes (the span dies with the next read)
  std::vector<PcapAnomaly> skips;
  PcapReader reader;
};
void read_all(const std::string& path, ReadAll& r) {
  const auto err = r.reader.open(path);
  REQUIRE_MESSAGE(!err, (err ? err->to_string() : ""));
  for (;;) {
    CapturedPacket p;
    const Result res = r.reader.next(p);
    if (res == Result::packet) {
      r.ip.emplace_back(p.ip_bytes.begin(), p.ip_bytes.end());
      p.ip_bytes = {};
      r.packets.push_back(p);
    }
    if (res == Result::skipped) r.skips.push_back(r.reader.last_skip());
    if (res == Result::error) FAIL(r.reader.error().to_string());
    if (res == Result::end || res == Result::error) break;
  }
}

}  // namespace

TEST_CASE("pcap corpus: every capture decodes without anomalies, packet counts as tcpdump's") {
  const std::vector<std::pair<const char*, std::size_t>> files{{"dns_tcp.pcap", 11},
                                                               {"dns_udp.pcap", 2},
                                                               {"geneve-gcp.pcap", 1},
                                                               {"ipv4_tcp_http_xml.pcap", 1},
                                                               {"ntp.pcap", 8},
                                                               {"print-flags.pcap", 10},
                                                               {"ssh.pcap", 54},
                                                               {"syslog_udp.pcap", 4},
                                                               {"tcp-handshake-nano.pcap", 3},
                                                               {"tftp.pcap", 7},
                                                               {"vxlan.pcap", 10}};
  for (const auto& [file, count] : files) {
    CAPTURE(file);
    ReadAll r;
    read_all(kCorpus + file, r);
    CHECK(r.packets.size() == count);
    CHECK(r.skips.empty());
    CHECK(r.reader.records() == count);
    for (std::size_t i = 0; i < r.packets.size(); ++i) {
      CHECK(r.packets[i].record == i + 1);
      CHECK(r.packets[i].ports);
      CHECK(r.packets[i].header.tuple.src.is_v4());
      REQUIRE(!r.ip[i].empty());
      CHECK(r.ip[i].size() <= r.packets[i].header.bytes);
      CHECK((r.ip[i][0] >> 4) == 4);
    }
  }
}

TEST_CASE("pcap corpus: tcp-handshake-nano.pcap (Linux cooked v1, nanosecond timestamps)") {
  ReadAll r;
  read_all(kCorpus + "tcp-handshake-nano.pcap", r);
  CHECK(r.reader.link_type() == 113);  // LINUX_SLL
  REQUIRE(r.packets.size() == 3);
  const auto client = ip("131.155.215.69");
  const auto server = ip("137.116.81.94");
  const auto& syn = r.packets[0];
  CHECK(syn.header.tuple.src == client);
  CHECK(syn.header.tuple.dst == server);
  CHECK(syn.header.tuple.src_port == 46656);
  CHECK(syn.header.tuple.dst_port == 80);
  CHECK(syn.header.tuple.protocol == 6);
  CHECK(syn.header.tcp_flags == 0x02);  // [S]
  CHECK(r.packets[1].header.tuple == syn.header.tuple.reversed());
  CHECK(r.packets[1].header.tcp_flags == 0x12);  // [S.]
  CHECK(r.packets[2].header.tuple == syn.header.tuple);
  CHECK(r.packets[2].header.tcp_flags == 0x10);  // [.]
  CHECK(syn.header.bytes == 60);
  CHECK(r.packets[1].header.bytes == 60);
  CHECK(r.packets[2].header.bytes == 52);
  CHECK(r.ip[0].size() == 60);
  CHECK(r.ip[0][0] == 0x45);
  // tcpdump -tt --nano: 1418145369.924505488, 1418145370.052027262, 1418145370.052115157
  for (const auto& p : r.packets) {
    CHECK(p.origin_sec == 1418145369);
    CHECK(p.origin_nsec == 924505488);
  }
  CHECK(syn.time == net::SimTime(0));
  CHECK(r.packets[1].time == net::SimTime(127'521'774));
  CHECK(r.packets[2].time == net::SimTime(127'609'669));
  CHECK(r.packets[2].epoch_ns() == 1418145370'052115157);
}

TEST_CASE("pcap corpus: DNS over UDP and TCP") {
  ReadAll u;
  read_all(kCorpus + "dns_udp.pcap", u);
  REQUIRE(u.packets.size() == 2);
  CHECK(u.packets[0].header.tuple.src == ip("192.168.1.11"));
  CHECK(u.packets[0].header.tuple.dst == ip("209.87.249.18"));
  CHECK(u.packets[0].header.tuple.protocol == 17);
  CHECK(u.packets[0].header.tuple.src_port == 43966);
  CHECK(u.packets[0].header.tuple.dst_port == 53);
  CHECK(u.packets[1].header.tuple == u.packets[0].header.tuple.reversed());
  CHECK(u.packets[0].header.bytes == 84);
  CHECK(u.packets[1].header.bytes == 252);
  CHECK(u.packets[0].ttl == 64);
  CHECK(u.packets[1].ttl == 128);
  CHECK(u.packets[1].time == net::SimTime(130'282'000));  // 09:19:54.870361 - .740079

  ReadAll t;
  read_all(kCorpus + "dns_tcp.pcap", t);
  const std::vector<std::uint8_t> flags{0x02, 0x12, 0x10, 0x18, 0x10, 0x18,
                                        0x10, 0x11, 0x10, 0x19, 0x10};
  REQUIRE(t.packets.size() == flags.size());
  for (std::size_t i = 0; i < flags.size(); ++i) {
    CAPTURE(i);
    CHECK(t.packets[i].header.tcp_flags == flags[i]);
    const auto& tu = t.packets[i].header.tuple;
    CHECK(tu.protocol == 6);
    CHECK((tu.src_port == 53 ? tu.dst_port : tu.src_port) == 33779);
    CHECK((tu.src == ip("192.168.1.11") || tu.dst == ip("192.168.1.11")));
  }
}

TEST_CASE("pcap corpus: VXLAN and Geneve are seen as their outer UDP packets") {
  ReadAll v;
  read_all(kCorpus + "vxlan.pcap", v);
  REQUIRE(v.packets.size() == 10);
  for (const auto& p : v.packets) {
    CHECK(p.header.tuple.protocol == 17);
    CHECK(p.header.tuple.dst_port == 4789);
  }
  CHECK(v.packets[0].header.tuple.src == ip("192.168.203.1"));
  CHECK(v.packets[0].header.tuple.src_port == 45149);
  CHECK(v.packets[1].header.tuple.src == ip("192.168.202.1"));
  CHECK(v.packets[1].header.tuple.src_port == 42710);

  ReadAll g;
  read_all(kCorpus + "geneve-gcp.pcap", g);
  REQUIRE(g.packets.size() == 1);
  CHECK(g.packets[0].header.tuple.src == ip("192.168.100.254"));
  CHECK(g.packets[0].header.tuple.dst == ip("192.168.100.3"));
  CHECK(g.packets[0].header.tuple.src_port == 62974);
  CHECK(g.packets[0].header.tuple.dst_port == 6081);
  CHECK(g.packets[0].header.bytes == 116);
  CHECK(g.packets[0].ttl == 2);
}

TEST_CASE("pcap corpus: ssh and tftp directions") {
  ReadAll s;
  read_all(kCorpus + "ssh.pcap", s);
  int to_server = 0;
  int to_client = 0;
  for (const auto& p : s.packets) {
    if (p.header.tuple.src_port == 62146 && p.header.tuple.dst_port == 22) ++to_server;
    if (p.header.tuple.src_port == 22 && p.header.tuple.dst_port == 62146) ++to_client;
  }
  CHECK(to_server == 30);
  CHECK(to_client == 24);

  ReadAll t;
  read_all(kCorpus + "tftp.pcap", t);
  REQUIRE(t.packets.size() == 7);
  CHECK(t.packets[0].header.tuple.src_port == 44935);
  CHECK(t.packets[0].header.tuple.dst_port == 69);
  CHECK(t.packets[1].header.tuple.src == ip("192.168.1.1"));
  CHECK(t.packets[1].header.tuple.src_port == 59557);  // the server answers from a new port
  CHECK(t.packets[1].header.tuple.dst_port == 44935);
}

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
  for (const auto& [linktype, frame] : std::vector<std::pair<std::uint32_t, Bytes>>{
           {113, sll(0x0800, pkt)}, {276, sll2(0x0800, pkt)}}) {
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

TEST_CASE("pcap: timestamps running backwards are kept and counted") {
  const Bytes pkt = ipv4(17, 1, 2, udp(1, 2, 0));
  ReadAll r;
  read_all(write_pcap("back.pcap", 101, {{10, 500, pkt}, {9, 0, pkt}, {11, 0, pkt}}), r);
  REQUIRE(r.packets.size() == 3);
  CHECK(r.packets[1].time == net::SimTime(-1'000'000'500));
  CHECK(r.packets[2].time == net::SimTime(999'999'500));
  CHECK(r.reader.count(PcapAnomaly::time_backwards) == 1);
}

TEST_CASE("pcap: a truncated last record: the good records, then an error naming file and record") {
  const Bytes pkt = ipv4(6, 1, 2, tcp(1, 2, 0x02));
  Bytes file = pcap_file(101, {{1, 0, pkt}, {1, 1, pkt}, {1, 2, pkt}});
  file.resize(file.size() - 5);
  const std::string path = scratch("cut.pcap");
  write_file(path, file);
  PcapReader reader;
  REQUIRE(!reader.open(path));
  CapturedPacket p;
  CHECK(reader.next(p) == Result::packet);
  CHECK(reader.next(p) == Result::packet);
  CHECK(p.record == 2);
  REQUIRE(reader.next(p) == Result::error);
  CHECK(reader.error().file == path);
  CHECK(reader.error().where == "record 3");
  CHECK(reader.error().message.find("truncated") != std::string::npos);
  CHECK(reader.error().to_string().find(path + ": record 3: ") == 0);
  CHECK(reader.next(p) == Result::error);  // stays failed

  // Cut inside the record header: also an error at record 3.
  file.resize(file.size() - (40 - 5) - 10);
  write_file(path, file);
  REQUIRE(!reader.open(path));
  CHECK(reader.next(p) == Result::packet);
  CHECK(reader.next(p) == Result::packet);
  CHECK(reader.next(p) == Result::error);
  CHECK(reader.error().where == "record 3");
}

TEST_CASE("pcap: files that cannot be read are refused with the file name") {
  PcapReader reader;
  const std::string missing = scratch("missing.pcap");
  auto err = reader.open(missing);
  REQUIRE(err);
  CHECK(err->file == missing);
  CHECK(err->to_string().find(missing) == 0);
  CapturedPacket p;
  CHECK(reader.next(p) == Result::error);

  const std::string junk = scratch("junk.pcap");
  write_file(junk, Bytes(64, 0x42));
  err = reader.open(junk);
  REQUIRE(err);
  CHECK(err->file == junk);
  CHECK(!err->message.empty());

  err = reader.open(write_pcap("wifi.pcap", 105, {}));  // IEEE 802.11
  REQUIRE(err);
  CHECK(err->message.find("unsupported link type 105") != std::string::npos);
}

TEST_CASE("pcap: pcapng (SHB + IDB with nanosecond resolution + EPBs)") {
  const std::string path = scratch("two.pcapng");
  write_file(path,
             pcapng_file(1, 9,
                         {{1'700'000'000'123'456'789ull,
                           ether(0x0800, ipv4(17, 0x0a000001, 0x0a000002, udp(1111, 2222, 3)))},
                          {1'700'000'001'000'000'001ull,
                           ether(0x86dd, ipv6(58, 1, 2, icmp_echo(129, 4242)))}}));

  ReadAll r;
  read_all(path, r);
  REQUIRE(r.packets.size() == 2);
  CHECK(r.packets[0].origin_sec == 1'700'000'000);
  CHECK(r.packets[0].origin_nsec == 123'456'789);
  CHECK(r.packets[0].header.tuple.src_port == 1111);
  CHECK(r.packets[0].header.tuple.dst_port == 2222);
  CHECK(r.packets[1].time == net::SimTime(876'543'212));
  CHECK(r.packets[1].header.icmp_type == 129);
  CHECK(r.packets[1].header.tuple.dst_port == 4242);
  CHECK(r.packets[1].epoch_ns() == 1'700'000'001'000'000'001);
}

TEST_CASE("pcap: every anomaly kind has a name for the replay summary") {
  for (std::size_t k = 0; k < kPcapAnomalyKinds; ++k) {
    CAPTURE(k);
    CHECK(vpcsim::load::to_string(static_cast<PcapAnomaly>(k)) != "?");
  }
  CHECK(vpcsim::load::to_string(PcapAnomaly::bad_timestamp) == "bad timestamp");
  CHECK(vpcsim::load::to_string(PcapAnomaly::bad_record_length) == "bad record length");
  CHECK(vpcsim::load::to_string(PcapAnomaly::bad_transport_header) == "bad transport header");
}

TEST_CASE(
    "pcap: classic timestamps out of range or with a fraction of a second or more are "
    "bad_timestamp") {
  const Bytes pkt = ipv4(17, 0x0a000001, 0x0a000002, udp(1, 2, 0));
  const std::string ns_path =
      write_pcap("time-ns.pcap", 101,
                 {{0xffffffff, 0, pkt},                 // 2106 (libpcap hands over -1): past 2100
                  {1'700'000'000, 1'000'000'000, pkt},  // a whole second in the fraction
                  {1'700'000'000, 0xffffffff, pkt},     // (libpcap hands over -1)
                  {1'700'000'000, 999'999'999, pkt},    // the origin: the first good time
                  {0x80000000, 0, pkt},                 // 2038-01-19T03:14:08Z: ts_sec is unsigned
                  {0xf48656ff, 999'999'999, pkt},       // the last nanosecond before 2100
                  {0xf4865700, 0, pkt}});               // 2100-01-01T00:00:00Z = kPcapMaxEpochSec
  ReadAll r;
  read_all(ns_path, r);
  CHECK(r.skips == std::vector<PcapAnomaly>(4, PcapAnomaly::bad_timestamp));
  CHECK(r.reader.count(PcapAnomaly::bad_timestamp) == 4);
  CHECK(r.reader.count(PcapAnomaly::time_backwards) == 0);
  REQUIRE(r.packets.size() == 3);
  CHECK(r.packets[0].record == 4);
  CHECK(r.packets[0].origin_sec == 1'700'000'000);
  CHECK(r.packets[0].origin_nsec == 999'999'999);
  CHECK(r.packets[0].time == SimTime(0));
  CHECK(r.packets[1].epoch_ns() == 2'147'483'648'000'000'000);
  CHECK(r.packets[1].time == SimTime(447'483'647'000'000'001));
  CHECK(r.packets[2].epoch_ns() == kPcapMaxEpochSec * 1'000'000'000 - 1);

  // read() (what replay uses) skips and counts the same records.
  PcapReader many;
  REQUIRE_FALSE(many.open(ns_path));
  std::vector<CapturedPacket> got;
  std::uint64_t records = 0, skipped = 0;
  while (many.read(3, got, records, skipped) == Result::packet) {
  }
  CHECK(records == 7);
  CHECK(skipped == 4);
  REQUIRE(got.size() == 3);
  CHECK(got[2].time == r.packets[2].time);
  CHECK(many.count(PcapAnomaly::bad_timestamp) == 4);

  // Microsecond files: 1,000,000 us or more is not a fraction of a second.
  ReadAll u;
  read_all(write_pcap("time-us.pcap", 101,
                      {{1, 1'000'000, pkt}, {1, 0xffffffff, pkt}, {1, 999'999, pkt}}, kMagicUs),
           u);
  CHECK(u.skips == std::vector<PcapAnomaly>(2, PcapAnomaly::bad_timestamp));
  REQUIRE(u.packets.size() == 1);
  CHECK(u.packets[0].origin_sec == 1);
  CHECK(u.packets[0].origin_nsec == 999'999'000);
}

TEST_CASE(
    "pcap: pcapng times past 2100 (or int64 nanoseconds) are bad_timestamp, for power of "
    "10 and power of 2 if_tsresol") {
  const Bytes frame = ether(0x0800, ipv4(17, 0x0a000001, 0x0a000002, udp(1, 2, 0)));
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  struct Case {
    const char* name;
    std::optional<std::uint8_t> tsresol;
    std::optional<std::int64_t> tsoffset;
    std::uint64_t good;    // ticks ...
    std::int64_t good_ns;  // ... and their time in nanoseconds since the epoch
    std::vector<std::uint64_t> bad;
  };
  const std::vector<Case> cases{
      {"10^-9",
       9,
       {},
       4'102'444'799'999'999'999ull,
       4'102'444'799'999'999'999,
       {4'102'444'800'000'000'000ull, 9'223'372'036'854'775'808ull /* 2^63 ns: 2262 */, kMax}},
      {"10^-6 (no if_tsresol)",
       {},
       {},
       1'700'000'000'250'000ull,
       1'700'000'000'250'000'000,
       {kMax}},
      {"10^0", 0, {}, 1'700'000'000ull, 1'700'000'000'000'000'000, {1ull << 63, kMax}},
      {"2^-20",
       0x80 | 20,
       {},
       (1'700'000'000ull << 20) | (1u << 19),
       1'700'000'000'500'000'000,
       {kMax}},
      {"2^-30",
       0x80 | 30,
       {},
       (1'700'000'000ull << 30) | (1u << 28),
       1'700'000'000'250'000'000,
       {kMax, 4'102'444'800ull << 30}},
      // if_tsoffset is signed: an offset that takes a time before 1970 is as bad.
      {"10^-9, if_tsoffset -1.8e9 s",
       9,
       -1'800'000'000,
       1'900'000'000'000'000'001ull,
       100'000'000'000'000'001,
       {1'700'000'000'000'000'000ull}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    std::vector<Epb> packets;
    for (const std::uint64_t t : c.bad)
      packets.push_back({t, frame});
    packets.push_back({c.good, frame});
    packets.push_back({c.bad.front(), frame});
    const std::string path = scratch("time.pcapng");
    write_file(path, pcapng_file(1, c.tsresol, packets, c.tsoffset));
    ReadAll r;
    read_all(path, r);
    CHECK(r.reader.count(PcapAnomaly::bad_timestamp) == c.bad.size() + 1);
    CHECK(r.skips.size() == c.bad.size() + 1);
    REQUIRE(r.packets.size() == 1);
    CHECK(r.packets[0].epoch_ns() == c.good_ns);
    CHECK(r.packets[0].time == SimTime(0));
  }
}

TEST_CASE("pcap: more bytes captured than the original length is bad_record_length") {
  const Bytes pkt = ipv4(6, 0x0a000001, 0x0a000002, tcp(1, 2, 0x02));
  ReadAll r;
  read_all(write_pcap("caplen.pcap", 101,
                      {{1, 0, pkt, static_cast<std::uint32_t>(pkt.size() - 1)},
                       {5, 0, pkt},
                       {5, 1, pkt, 1500}}),  // a snaplen cut: fewer bytes than on the wire
           r);
  CHECK(r.skips == std::vector<PcapAnomaly>{PcapAnomaly::bad_record_length});
  CHECK(r.reader.count(PcapAnomaly::bad_record_length) == 1);
  REQUIRE(r.packets.size() == 2);
  CHECK(r.packets[0].record == 2);
  CHECK(r.packets[0].origin_sec == 5);  // the skipped record's time is not the origin
  CHECK(r.packets[1].wire_length == 1500);

  const std::string path = scratch("caplen.pcapng");
  write_file(path, pcapng_file(101, 9, {{1'000, pkt, 20}, {2'000, pkt}}));
  ReadAll n;
  read_all(path, n);
  CHECK(n.skips == std::vector<PcapAnomaly>{PcapAnomaly::bad_record_length});
  REQUIRE(n.packets.size() == 1);
  CHECK(n.packets[0].record == 2);
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

TEST_CASE("pcap fuzz: random truncations and byte flips never crash or hang") {
  std::vector<Bytes> sources{read_file(kCorpus + "dns_tcp.pcap"),
                             read_file(kCorpus + "tcp-handshake-nano.pcap"),
                             read_file(kCorpus + "vxlan.pcap")};
  std::mt19937_64 rng(20240605);
  const std::string path = scratch("fuzz.pcap");
  int errors = 0;
  int ends = 0;
  for (int round = 0; round < 600; ++round) {
    Bytes b = sources[static_cast<std::size_t>(round) % sources.size()];
    REQUIRE(b.size() > 100);
    if (rng() % 2 == 0) b.resize(rng() % b.size());
    const int flips = static_cast<int>(rng() % 12);
    for (int i = 0; i < flips && !b.empty(); ++i) {
      // Mostly headers (the first 200 bytes), sometimes anywhere.
      const std::size_t at =
          (rng() % 3 == 0 ? rng() % b.size() : rng() % std::min<std::size_t>(200, b.size()));
      b[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    }
    write_file(path, b);
    PcapReader reader;
    if (reader.open(path)) continue;
    CapturedPacket p;
    Result res = Result::packet;
    std::uint64_t calls = 0;
    // Each call consumes a record, and a record takes at least 16 bytes of the file.
    const std::uint64_t bound = b.size() / 16 + 2;
    while (calls < bound) {
      ++calls;
      res = reader.next(p);
      if (res == Result::end || res == Result::error) break;
      if (res == Result::packet) CHECK(p.ip_bytes.size() <= p.header.bytes);
    }
    CAPTURE(round);
    REQUIRE((res == Result::end || res == Result::error));
    CHECK(reader.records() <= calls);
    (res == Result::end ? ends : errors) += 1;
    if (res == Result::error) CHECK(reader.error().where.rfind("record ", 0) == 0);

    // read() (pcap_dispatch, what replay uses) agrees with next() record for record: the
    // same packets, the same skips, the same error at the same record.
    PcapReader one, many;
    REQUIRE_FALSE(one.open(path));
    REQUIRE_FALSE(many.open(path));
    std::vector<CapturedPacket> want, got;
    Result last_one = Result::packet;
    for (std::uint64_t k = 0; k < bound; ++k) {
      last_one = one.next(p);
      if (last_one == Result::packet) want.push_back(p);
      if (last_one == Result::end || last_one == Result::error) break;
    }
    std::uint64_t records = 0, skipped = 0;
    Result last_many = Result::packet;
    for (std::uint64_t k = 0; k < bound && last_many == Result::packet; ++k)
      last_many = many.read(1 + rng() % 5, got, records, skipped);
    CHECK(last_many == last_one);
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].record == want[i].record);
      CHECK(got[i].header.tuple == want[i].header.tuple);
      CHECK(got[i].time == want[i].time);
      CHECK(got[i].header.bytes == want[i].header.bytes);
    }
    CHECK(records == one.records());
    CHECK(skipped == records - got.size());
    if (last_one == Result::error) CHECK(many.error().to_string() == one.error().to_string());
  }
  CHECK(errors > 0);
  CHECK(ends > 0);
}
