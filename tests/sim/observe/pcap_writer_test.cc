// PcapWriter (behind --pcap-out): one pcap per interface with what it sent and received,
// after NAT, readable by libpcap and tcpdump.
#include "sim/observe/pcap_writer.h"

#include <doctest/doctest.h>
#include <pcap/pcap.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "sim/engine/simulation.h"
#include "topology/load/scenario_loader.h"

using namespace vpcsim;

namespace {

struct CountObservations : engine::Observer {
  std::map<std::string, std::uint64_t> per_eni;
  const model::Topology* t = nullptr;
  void on_packet(const engine::PacketEvent& e) override {
    for (const auto& o : e.result.observations)
      ++per_eni[t->eni(o.eni).id];
  }
};

struct Record {
  std::int64_t sec, nsec;
  std::vector<std::uint8_t> bytes;
  std::uint32_t len;
};

std::vector<Record> read_all(const std::string& path, int& linktype) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
  REQUIRE_MESSAGE(p, err);
  linktype = pcap_datalink(p);
  std::vector<Record> out;
  pcap_pkthdr* h;
  const u_char* data;
  while (pcap_next_ex(p, &h, &data) == 1)
    out.push_back({h->ts.tv_sec, h->ts.tv_usec, {data, data + h->caplen}, h->len});
  pcap_close(p);
  return out;
}

std::string ip4(const std::vector<std::uint8_t>& b, std::size_t at) {
  return fmt::format("{}.{}.{}.{}", b[at], b[at + 1], b[at + 2], b[at + 3]);
}

}  // namespace

// NAT as AWS's flow-log example shows it
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
TEST_CASE("pcap out: one file per interface, every observation a record, NAT as AWS shows it") {
  auto r = load::load_scenario(VPCSIM_SOURCE_DIR "/scenarios/three-tier");
  REQUIRE(r.scenario);
  const auto& sc = *r.scenario;
  const auto dir = std::filesystem::temp_directory_path() / "vpcsim-pcap-out-test";
  std::filesystem::remove_all(dir);
  {
    engine::Simulation sim(sc, {sc.seed, net::SimTime::max(), false});
    observe::PcapWriter pcap(*sc.topology, dir.string(), sc.start_time);
    CountObservations count;
    count.t = sc.topology.get();
    sim.add_observer(pcap);
    sim.add_observer(count);
    sim.run();
    REQUIRE(pcap.error().empty());
    CHECK(pcap.files() == count.per_eni.size());
    for (const auto& entry : count.per_eni) {
      const auto& eni = entry.first;  // not a binding: CHECK_MESSAGE captures it (clang 14)
      const auto n = entry.second;
      int linktype = 0;
      const auto records = read_all((dir / (eni + ".pcap")).string(), linktype);
      CHECK(linktype == DLT_RAW);
      CHECK_MESSAGE(records.size() == n, eni);
    }
  }
  int linktype = 0;
  const auto nat = read_all((dir / "eni-nat-a.pcap").string(), linktype);
  REQUIRE(nat.size() >= 4);
  // The instance's SYN as it reaches the NAT interface, then the same SYN leaving it with the
  // NAT's private address as source (the IGW maps that to the Elastic IP later,
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
  CHECK(ip4(nat[0].bytes, 12) == "10.0.11.10");
  CHECK(ip4(nat[0].bytes, 16) == "203.0.113.50");
  CHECK(nat[0].bytes[33] == 0x02);  // TCP flags: SYN
  CHECK(ip4(nat[1].bytes, 12) == "10.0.0.220");
  // Timestamps: the scenario's start_time plus simulated time (the flow starts at 0.2 s).
  CHECK(nat[0].sec == sc.start_time);
  CHECK(nat[0].nsec == 200'000'000);
  std::filesystem::remove_all(dir);
}

TEST_CASE("pcap out: headers with valid IPv4 and TCP checksums") {
  path::Packet p;
  p.tuple = {*net::IpAddress::parse("10.0.0.10"), *net::IpAddress::parse("203.0.113.5"), 443, 50123,
             6};
  p.tcp_flags = path::tcp::kSyn | path::tcp::kAck;
  p.bytes = 40;
  const auto b = observe::packet_headers(p);
  REQUIRE(b.size() == 40);
  const auto sum = [&](std::size_t from, std::size_t n, std::uint32_t s) {
    for (std::size_t i = 0; i < n; i += 2)
      s += static_cast<std::uint32_t>(b[from + i] << 8 | b[from + i + 1]);
    while (s >> 16)
      s = (s & 0xffff) + (s >> 16);
    return s;
  };
  CHECK(sum(0, 20, 0) == 0xffff);  // the IPv4 header sums to all ones
  const std::uint32_t pseudo = sum(12, 8, 0) + 6 + 20;
  CHECK(sum(20, 20, pseudo) == 0xffff);  // the TCP segment with its pseudo-header
}

TEST_CASE("pcap out: tcpdump reads the files") {
  if (std::system("command -v tcpdump >/dev/null 2>&1") != 0) {
    MESSAGE("tcpdump is not installed: skipped (./dev.sh test installs it)");
    return;
  }
  auto r = load::load_scenario(VPCSIM_SOURCE_DIR "/scenarios/flow-log-nat-gateway");
  REQUIRE(r.scenario);
  const auto& sc = *r.scenario;
  const auto dir = std::filesystem::temp_directory_path() / "vpcsim-pcap-tcpdump-test";
  std::filesystem::remove_all(dir);
  {
    engine::Simulation sim(sc, {sc.seed, net::SimTime::max(), false});
    observe::PcapWriter pcap(*sc.topology, dir.string(), sc.start_time);
    sim.add_observer(pcap);
    sim.run();
  }
  const auto out = dir / "tcpdump.txt";
  const auto cmd = fmt::format("tcpdump -nn -r {} > {} 2>&1",
                               (dir / "eni-1235b8ca123456789.pcap").string(), out.string());
  CHECK(std::system(cmd.c_str()) == 0);
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("IP 10.0.1.5.") != std::string::npos);
  CHECK(text.find("> 203.0.113.5.443: Flags [S]") != std::string::npos);
  CHECK(text.find("IP 10.0.0.220.") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("pcap out: a file name is the interface id, escaped so it stays in the folder") {
  using vpcsim::observe::pcap_file_name;
  CHECK(pcap_file_name("eni-0a1b2c3d4e5f67890") == "eni-0a1b2c3d4e5f67890.pcap");
  CHECK(pcap_file_name("eni-db_primary.v2") == "eni-db_primary.v2.pcap");
  // An id that once made run --pcap-out DIR write outside DIR, and an absolute one.
  CHECK(pcap_file_name("../ESCAPED-eni") == "%2E.%2FESCAPED-eni.pcap");
  CHECK(pcap_file_name("/tmp/x") == "%2Ftmp%2Fx.pcap");
  CHECK(pcap_file_name("..") == "%2E..pcap");
  CHECK(pcap_file_name("eni-web server") == "eni-web%20server.pcap");
  CHECK(pcap_file_name(std::string("a\0b", 3)) == "a%00b.pcap");
  CHECK(pcap_file_name("a\\b") == "a%5Cb.pcap");
}
