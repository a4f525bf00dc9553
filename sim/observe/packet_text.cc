#include "sim/observe/packet_text.h"

#include <fmt/format.h>

namespace vpcsim::observe {

std::string tcp_flags_text(std::uint8_t f) {
  using namespace path::tcp;
  std::string out;
  const auto add = [&](std::uint8_t bit, const char* name) {
    if (!(f & bit)) return;
    if (!out.empty()) out += '-';
    out += name;
  };
  add(kSyn, "SYN");
  add(kFin, "FIN");
  add(kRst, "RST");
  add(kPsh, "PSH");
  add(kAck, "ACK");
  return out.empty() ? std::string("-") : out;
}

std::string packet_text(const path::Packet& p) {
  const auto& t = p.tuple;
  const auto ep = [](const net::IpAddress& a, std::uint16_t port) {
    return a.is_v6() ? fmt::format("[{}]:{}", a, port) : fmt::format("{}:{}", a, port);
  };
  if (p.is_tcp())
    return fmt::format("{} → {} TCP {}", ep(t.src, t.src_port), ep(t.dst, t.dst_port),
                       tcp_flags_text(p.tcp_flags));
  if (p.is_udp()) return fmt::format("{} → {} UDP", ep(t.src, t.src_port), ep(t.dst, t.dst_port));
  if (p.is_icmp()) {
    const bool v6 = t.protocol == net::Protocol::kIcmpv6;
    const char* what = (!v6 && p.icmp_type == 8) || (v6 && p.icmp_type == 128)   ? "echo request"
                       : (!v6 && p.icmp_type == 0) || (v6 && p.icmp_type == 129) ? "echo reply"
                                                                                 : "type";
    return fmt::format("{} → {} {} {} (type {} code {}, id {})", t.src, t.dst,
                       v6 ? "ICMPv6" : "ICMP", what, p.icmp_type, p.icmp_code, t.src_port);
  }
  return fmt::format("{} → {} protocol {}", t.src, t.dst, t.protocol);
}

}  // namespace vpcsim::observe
