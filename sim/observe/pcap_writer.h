#pragma once
// PcapWriter: what each network interface saw, as one pcap file per interface
// (DIR/<interface-id>.pcap) that tcpdump and Wireshark open: every packet the interface sent
// or received (flow-log observations: after NAT, as they appeared on that interface), with
// its simulated time as the timestamp (Unix seconds from the scenario's start_time). The
// model carries headers, not payloads: each record holds the IPv4/IPv6 header and the
// TCP/UDP/ICMP header (checksums computed over them), and its original length is the
// packet's full IP length, as a capture with a small snap length would show.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/observer.h"
#include "topology/model/topology.h"

namespace vpcsim::observe {

// The file name of an interface's capture: "<id>.pcap", with every byte of the id other than
// letters, digits, "-", "_" and "." written as %XX, and a leading "." as %2E. Whatever an id
// holds, the file is in the output folder ("../x" becomes "%2E.%2Fx.pcap").
std::string pcap_file_name(std::string_view interface_id);

class PcapWriter final : public engine::Observer {
 public:
  // Files go in `dir` (created if missing). Throws nothing; check error() after the run.
  PcapWriter(const model::Topology& topology, std::string dir, std::int64_t start_time);
  ~PcapWriter() override;
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void on_packet(const engine::PacketEvent& e) override;
  void on_finish(net::SimTime end) override;

  const std::string& error() const { return error_; }
  std::uint64_t records() const { return records_; }
  std::size_t files() const { return files_.size(); }

 private:
  struct File;
  File* file_for(model::EniIndex eni);

  const model::Topology& topo_;
  std::string dir_;
  std::int64_t start_time_;
  std::map<std::uint32_t, std::unique_ptr<File>> files_;
  std::vector<std::uint8_t> buf_;
  std::string error_;
  std::uint64_t records_ = 0;
};

// The IP packet the model's packet stands for, headers only (exposed for tests).
std::vector<std::uint8_t> packet_headers(const path::Packet& p);

}  // namespace vpcsim::observe
