#include "sim/engine/capture_stream.h"

#include "topology/load/pcap_reader.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

using vpcsim::load::kPcapAnomalyKinds;
using vpcsim::load::PcapAnomaly;
using vpcsim::load::PcapReader;
using vpcsim::net::CapturedPacket;
using CaptureStream = vpcsim::engine::CaptureStream<PcapReader>;
using CaptureBatch = vpcsim::engine::CaptureBatch<PcapReader>;
namespace net = vpcsim::net;

namespace {

const std::string kCorpus = std::string(VPCSIM_SOURCE_DIR) + "/tests/fixtures/pcap/";

struct Scratch {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("vpcsim-stream-{}", getpid());
  Scratch() { std::filesystem::create_directories(dir); }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

// `from` cut after `bytes` bytes (inside a record: a damaged capture).
std::string truncated_copy(const Scratch& s, const std::string& from, std::size_t bytes) {
  std::ifstream in(from, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto path = (s.dir / "truncated.pcap").string();
  std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(bytes));
  return path;
}

// What a consumer sees, flattened: one line per packet and one per file end.
std::vector<std::string> drain(CaptureStream& stream) {
  std::vector<std::string> seen;
  CaptureBatch b;
  while (stream.next(b)) {
    for (const auto& p : b.packets) {
      seen.push_back(fmt::format("file {} record {} t={} {} flags {} len {}", b.file, p.record,
                                 p.time.count(), p.header.tuple, p.header.tcp_flags,
                                 p.header.bytes));
    }
    seen.push_back(fmt::format("file {}: {} records, {} skipped", b.file, b.records, b.skipped));
    if (b.file_end) {
      std::string counts;
      for (const auto n : b.anomalies)
        counts += fmt::format(" {}", n);
      seen.push_back(fmt::format("end of file {}{}{}:{}", b.file, b.open_failed ? " (open)" : "",
                                 b.error ? " error " + b.error->to_string() : "", counts));
    }
  }
  return seen;
}

// The same capture read record by record with PcapReader, in the stream's terms.
std::vector<CapturedPacket> packets_of(const std::string& path) {
  PcapReader r;
  REQUIRE_FALSE(r.open(path));
  std::vector<CapturedPacket> out;
  CapturedPacket c;
  for (auto res = r.next(c); res != PcapReader::Result::end && res != PcapReader::Result::error;
       res = r.next(c)) {
    if (res == PcapReader::Result::packet) out.push_back(c);
  }
  return out;
}

}  // namespace

TEST_CASE(
    "CaptureStream: reading ahead on a second thread hands out exactly what one thread "
    "reads, file by file, errors included") {
  Scratch s;
  const std::vector<std::string> files = {kCorpus + "tcp-handshake-nano.pcap",
                                          kCorpus + "dns_udp.pcap",
                                          truncated_copy(s, kCorpus + "ssh.pcap", 300),
                                          (s.dir / "missing.pcap").string(), kCorpus + "ssh.pcap"};
  for (const std::size_t batch : {1u, 3u, 1024u}) {
    CAPTURE(batch);
    vpcsim::core::Worker worker;
    CaptureStream one(files, nullptr, batch);
    CaptureStream two(files, &worker, batch);
    const auto a = drain(one);
    const auto b = drain(two);
    CHECK(a == b);
    REQUIRE_FALSE(a.empty());
  }
}

TEST_CASE("CaptureStream: batches hold the reader's packets in order, at most batch_size each") {
  const std::vector<std::string> files = {kCorpus + "ssh.pcap", kCorpus + "dns_tcp.pcap"};
  vpcsim::core::Worker worker;
  for (const bool threaded : {false, true}) {
    CAPTURE(threaded);
    CaptureStream stream(files, threaded ? &worker : nullptr, 4);
    CaptureBatch b;
    std::vector<std::vector<CapturedPacket>> got(files.size());
    std::vector<std::uint64_t> records(files.size());
    std::size_t ends = 0;
    while (stream.next(b)) {
      CHECK(b.packets.size() <= 4);
      if (!b.file_end) CHECK(b.packets.size() == 4);  // only a file's last batch is short
      CHECK(b.records == b.packets.size() + b.skipped);
      records[b.file] += b.records;
      for (const auto& p : b.packets) {
        CHECK(p.ip_bytes.empty());  // the reader's buffer is not shared across threads
        got[b.file].push_back(p);
      }
      if (b.file_end) {
        ++ends;
        CHECK_FALSE(b.error);
      }
    }
    CHECK(ends == files.size());
    for (std::size_t f = 0; f < files.size(); ++f) {
      const auto want = packets_of(files[f]);
      REQUIRE(got[f].size() == want.size());
      CHECK(records[f] == want.back().record);
      for (std::size_t i = 0; i < want.size(); ++i) {
        CHECK(got[f][i].record == want[i].record);
        CHECK(got[f][i].time == want[i].time);
        CHECK(got[f][i].header.tuple == want[i].header.tuple);
      }
    }
  }
}

TEST_CASE("CaptureStream: a damaged record ends its file with the error; a missing file says so") {
  Scratch s;
  const auto cut = truncated_copy(s, kCorpus + "ssh.pcap", 300);
  const auto missing = (s.dir / "missing.pcap").string();
  vpcsim::core::Worker worker;
  CaptureStream stream({cut, missing}, &worker, 1024);
  CaptureBatch b;
  REQUIRE(stream.next(b));
  CHECK(b.file == 0);
  CHECK(b.file_end);
  REQUIRE(b.error);
  CHECK_FALSE(b.open_failed);
  CHECK(b.error->to_string().find("truncated.pcap") != std::string::npos);
  // ssh.pcap's fourth record starts at byte 278 and is cut at 300.
  CHECK(b.error->to_string().find("record 4") != std::string::npos);
  CHECK(b.packets.size() == 3);  // the good records before the damage
  REQUIRE(stream.next(b));
  CHECK(b.file == 1);
  CHECK(b.open_failed);
  REQUIRE(b.error);
  CHECK(b.error->to_string().find("missing.pcap") != std::string::npos);
  CHECK(b.packets.empty());
  CHECK_FALSE(stream.next(b));
}

TEST_CASE("CaptureStream: a consumer that stops early does not wait for the reader to finish") {
  // The reader stays at most a few batches ahead; destroying the stream stops it.
  const std::vector<std::string> files(50, kCorpus + "dns_tcp.pcap");
  vpcsim::core::Worker worker;
  CaptureStream stream(files, &worker, 1);
  CaptureBatch b;
  REQUIRE(stream.next(b));
  CHECK(b.packets.size() == 1);
}  // the destructor waits for the reads under way; a hang here would time the test out
