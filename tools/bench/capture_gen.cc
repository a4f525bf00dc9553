#include "tools/bench/capture_gen.h"

#include <pcap/pcap.h>

#include <array>
#include <vector>

#include <fmt/format.h>

#include "sim/core/rng.h"

namespace vpcsim::bench {
namespace {

// One conversation: SYN, SYN-ACK, ACK, request (PSH-ACK), 4 response segments, ACK, FIN-ACK,
// FIN-ACK, ACK: 12 packets, client → server (true) or back (false).
constexpr std::array<std::pair<bool, std::uint8_t>, 12> kScript = {{
    {true, 0x02},
    {false, 0x12},
    {true, 0x10},
    {true, 0x18},
    {false, 0x10},
    {false, 0x10},
    {false, 0x10},
    {false, 0x18},
    {true, 0x10},
    {true, 0x11},
    {false, 0x11},
    {true, 0x10},
}};
constexpr std::array<std::uint16_t, 12> kPayload = {0,    0,   0, 300, 1448, 1448,
                                                    1448, 900, 0, 0,   0,    0};

void put16(std::uint8_t* b, std::uint32_t v) {
  b[0] = static_cast<std::uint8_t>(v >> 8);
  b[1] = static_cast<std::uint8_t>(v);
}
void put32(std::uint8_t* b, std::uint32_t v) {
  put16(b, v >> 16);
  put16(b + 2, v);
}

struct Conversation {
  std::uint32_t client = 0;
  std::uint16_t port = 0;
  std::uint8_t step = 0;
};

}  // namespace

std::string generate_capture(const std::string& path, const CaptureOptions& o) {
  pcap_t* dead = pcap_open_dead(DLT_EN10MB, 54);
  pcap_dumper_t* d = pcap_dump_open(dead, path.c_str());
  if (!d) {
    const std::string e = pcap_geterr(dead);
    pcap_close(dead);
    return fmt::format("cannot write {}: {}", path, e);
  }
  core::Rng rng(o.seed);
  std::vector<Conversation> open(o.concurrent);
  const auto fresh = [&](Conversation& c) {
    // Internet clients in 198.18.0.0/15 (RFC 2544 benchmarking space: public, not RFC 1918).
    c.client = 0xC6120000u | static_cast<std::uint32_t>(rng.below(1u << 17));
    c.port = static_cast<std::uint16_t>(rng.between(32768, 60999));
    c.step = 0;
  };
  for (auto& c : open)
    fresh(c);
  std::uint8_t frame[54] = {};
  put16(frame + 12, 0x0800);
  const std::uint32_t server = 0x0A00000Au;  // 10.0.0.10, as captured on alb-a
  std::uint64_t ns = 0;
  for (std::uint64_t n = 0; n < o.packets; ++n) {
    auto& c = open[rng.below(o.concurrent)];
    const auto [to_server, flags] = kScript[c.step];
    const auto payload = kPayload[c.step];
    std::uint8_t* ip = frame + 14;
    ip[0] = 0x45;
    put16(ip + 2, 40u + payload);
    ip[8] = 64;
    ip[9] = 6;
    put32(ip + 12, to_server ? c.client : server);
    put32(ip + 16, to_server ? server : c.client);
    std::uint8_t* tcp = ip + 20;
    put16(tcp, to_server ? c.port : 443);
    put16(tcp + 2, to_server ? 443 : c.port);
    tcp[12] = 0x50;
    tcp[13] = flags;
    ns += 100'000;  // 10,000 packets/s of capture time: minutes of traffic, many windows
    pcap_pkthdr h{};
    h.ts.tv_sec = static_cast<decltype(h.ts.tv_sec)>(1'735'689'600 + ns / 1'000'000'000);
    h.ts.tv_usec = static_cast<decltype(h.ts.tv_usec)>((ns % 1'000'000'000) / 1000);
    h.caplen = 54;
    h.len = 54u + payload;
    pcap_dump(reinterpret_cast<u_char*>(d), &h, frame);
    if (++c.step == kScript.size()) fresh(c);
  }
  pcap_dump_close(d);
  pcap_close(dead);
  return {};
}

}  // namespace vpcsim::bench
