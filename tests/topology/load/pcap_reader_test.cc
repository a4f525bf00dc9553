// PcapReader: the capture file (pcap and pcapng, damaged files, unreadable ones), its records
// (numbers, lengths), their times (origin, range, running backwards), read() against next().
#include "topology/load/pcap_reader.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/load/pcap_fixture.h"

using vpcsim::load::kPcapMaxEpochSec;
using vpcsim::load::PcapAnomaly;
using vpcsim::load::PcapReader;
using vpcsim::net::CapturedPacket;
using vpcsim::net::SimTime;
using vpcsim::test::Bytes;
using vpcsim::test::Epb;
using vpcsim::test::ether;
using vpcsim::test::icmp_echo;
using vpcsim::test::ipv4;
using vpcsim::test::ipv6;
using vpcsim::test::kCorpus;
using vpcsim::test::kMagicUs;
using vpcsim::test::pcap_file;
using vpcsim::test::pcapng_file;
using vpcsim::test::read_all;
using vpcsim::test::read_file;
using vpcsim::test::ReadAll;
using vpcsim::test::scratch;
using vpcsim::test::tcp;
using vpcsim::test::udp;
using vpcsim::test::write_file;
using vpcsim::test::write_pcap;
using Result = PcapReader::Result;
namespace net = vpcsim::net;

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
