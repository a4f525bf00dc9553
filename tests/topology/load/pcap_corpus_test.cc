// The capture corpus (tests/fixtures/pcap/: real captures) read through PcapReader: packet
// counts as tcpdump's, addresses, ports, flags and times as tcpdump prints them.
#include "topology/load/pcap_reader.h"

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/load/pcap_fixture.h"

using vpcsim::test::ip;
using vpcsim::test::kCorpus;
using vpcsim::test::read_all;
using vpcsim::test::ReadAll;
namespace net = vpcsim::net;

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
  for (const auto& entry : files) {
    const auto& file = entry.first;  // not a binding: CAPTURE captures it (clang 14)
    const auto count = entry.second;
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
