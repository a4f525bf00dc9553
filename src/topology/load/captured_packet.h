#pragma once
// CapturedPacket: one IP packet decoded from a capture record, as PcapReader hands it out.
// The path-relevant fields mirror path::Packet (topology/load may not depend on sim/path):
// addresses, ports (ICMP echo: the identifier in both), protocol, TCP flags, ICMP type/code,
// IP total length. `ip_bytes` views the captured bytes from the IP header on; it is valid
// until the next call to PcapReader::next (the reader reuses its buffers).

#include <cstdint>
#include <span>

#include "sim/core/sim_time.h"
#include "topology/net/five_tuple.h"

namespace vpcsim::load {

struct CapturedPacket {
  std::uint64_t record = 0;      // 1-based record number in the file (every record counts)
  core::SimTime time;            // since the first record of the file (negative if time ran back)
  std::int64_t origin_sec = 0;   // absolute time of the first record: seconds since the epoch
  std::int64_t origin_nsec = 0;  // ... and nanoseconds within that second

  net::FiveTuple tuple;  // protocol: the IP protocol number (the last IPv6 next header)
  std::uint8_t tcp_flags = 0;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  std::uint8_t ttl = 0;           // IPv4 TTL / IPv6 hop limit
  std::uint32_t ip_length = 0;    // IP total length from the header (IPv6: 40 + payload length)
  std::uint32_t wire_length = 0;  // the record's original length on the link, link header included
  bool fragment = false;          // a first fragment (more fragments follow); ports are decoded
  bool ports = false;             // src_port/dst_port came from a TCP, UDP or ICMP echo header
  std::span<const std::uint8_t> ip_bytes;  // captured bytes from the IP header (<= ip_length)

  // Absolute capture time of this record in nanoseconds since the epoch.
  std::int64_t epoch_ns() const {
    return origin_sec * 1'000'000'000 + origin_nsec + time.count_ns();
  }
};

}  // namespace vpcsim::load
