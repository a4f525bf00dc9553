#pragma once
// CapturedPacket: one IP packet as a capture recorded it: its header (the same PacketHeader
// the packet path decides on), when it was captured, which record it came from and what the
// capture knows beyond the header. `ip_bytes` views the captured bytes from the IP header on;
// the reader that filled it says how long they stay valid.

#include <cstdint>
#include <span>

#include "topology/net/packet_header.h"
#include "topology/net/sim_time.h"

namespace vpcsim::net {

struct CapturedPacket {
  std::uint64_t record = 0;      // 1-based record number in the file (every record counts)
  SimTime time{};                // since the first record of the file (negative if time ran back)
  std::int64_t origin_sec = 0;   // absolute time of the first record: seconds since the epoch
  std::int64_t origin_nsec = 0;  // ... and nanoseconds within that second

  PacketHeader header;            // header.bytes: the IP total length from the header
  std::uint8_t ttl = 0;           // IPv4 TTL / IPv6 hop limit
  std::uint32_t wire_length = 0;  // the record's original length on the link, link header included
  bool fragment = false;          // a first fragment (more fragments follow); ports are decoded
  bool ports = false;             // src_port/dst_port came from a TCP, UDP or ICMP echo header
  std::span<const std::uint8_t> ip_bytes;  // captured bytes from the IP header (<= header.bytes)

  // Absolute capture time of this record in nanoseconds since the epoch.
  std::int64_t epoch_ns() const { return origin_sec * 1'000'000'000 + origin_nsec + time.count(); }
};

}  // namespace vpcsim::net
