#pragma once
// Files for the pcap tests: the capture corpus under tests/fixtures/pcap/, scratch files that
// go at exit, and reading a whole capture back through PcapReader.

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "tests/topology/load/pcap_bytes.h"
#include "topology/load/pcap_reader.h"
#include "topology/net/ip_address.h"

namespace vpcsim::test {

inline const std::string kCorpus = std::string(VPCSIM_SOURCE_DIR) + "/tests/fixtures/pcap/";

inline net::IpAddress ip(const char* text) {
  return *net::IpAddress::parse(text);
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
inline std::string scratch(const std::string& name) {
  static ScratchDir scratch_dir;
  static int n = 0;
  std::filesystem::create_directories(scratch_dir.dir);
  return (scratch_dir.dir / fmt::format("{}-{}", n++, name)).string();
}

inline void write_file(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

inline Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string write_pcap(const std::string& name, std::uint32_t linktype,
                              const std::vector<Record>& records, std::uint32_t magic = kMagicNs) {
  const std::string path = scratch(name);
  write_file(path, pcap_file(linktype, records, magic));
  return path;
}

// Every decoded packet of a file; REQUIREs that it opens and ends without error.
struct ReadAll {
  std::vector<net::CapturedPacket> packets;
  std::vector<Bytes> ip;  // copies of each packet's ip_bytes (the span dies with the next read)
  std::vector<load::PcapAnomaly> skips;
  load::PcapReader reader;
};
inline void read_all(const std::string& path, ReadAll& r) {
  using Result = load::PcapReader::Result;
  const auto err = r.reader.open(path);
  REQUIRE_MESSAGE(!err, (err ? err->to_string() : ""));
  for (;;) {
    net::CapturedPacket p;
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

}  // namespace vpcsim::test
