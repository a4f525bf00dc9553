#pragma once
// Readable text for packets: "10.0.1.10:443 → 203.0.113.5:50123 TCP SYN-ACK".

#include <string>

#include "sim/path/packet.h"

namespace vpcsim::observe {

// "SYN", "SYN-ACK", "ACK", "PSH-ACK", "FIN-ACK", "RST-ACK", "-" for none.
std::string tcp_flags_text(std::uint8_t flags);
// The packet in one line: addresses, ports, protocol and flags / ICMP type.
std::string packet_text(const path::Packet& p);

}  // namespace vpcsim::observe
