#pragma once
// PcapAnomaly: why a capture record was skipped (or, for two kinds, only noted), as
// PcapReader counts it and the replay summary lists it. The frame decoder (frame_decoder.h)
// finds the kinds within a frame; the reader those of the record header and its time.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vpcsim::load {

// Why a record was skipped (or, for unsupported_protocol and time_backwards, only noted).
// New kinds go at the end: PcapReader::anomalies() is indexed by value and the replay summary
// lists kinds in this order.
enum class PcapAnomaly : std::uint8_t {
  truncated,             // captured bytes end inside the link, IP or transport header
  non_ip,                // ARP, LLDP, 802.3 frames ... (not IPv4 or IPv6)
  fragment,              // a non-first IP fragment: no transport header, skipped
  bad_ip_header,         // wrong version, header length or total length; IPv6 extension
                         // headers running past the payload length
  unsupported_protocol,  // not TCP/UDP/ICMP/ICMPv6: returned with ports 0 (not skipped)
  time_backwards,        // timestamp earlier than the previous record's (not skipped)
  bad_timestamp,         // time before the epoch or from kPcapMaxEpochSec on, or a fraction
                         // of a second that is not below one second
  bad_record_length,     // record header: captured length larger than the original length
  bad_transport_header,  // TCP data offset < 5, UDP length < 8, a TCP/UDP/ICMP header longer
                         // than the IP payload its IP header declares
};
inline constexpr std::size_t kPcapAnomalyKinds = 9;

std::string_view to_string(PcapAnomaly a);

}  // namespace vpcsim::load
