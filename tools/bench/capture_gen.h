#pragma once
// Generates the replay benchmark's capture: many TCP conversations between internet clients
// and the three-tier scenario's load balancer (alb-a, 10.0.0.10:443), as captured on the
// load balancer's interface: Ethernet, headers only (snap length 54), interleaved so that
// `concurrent` conversations are open at once, at 10,000 packets/s of capture time (so a
// 5,000,000-packet capture spans 500 s: many flow-log windows). Deterministic per seed.

#include <cstdint>
#include <string>

namespace vpcsim::bench {

struct CaptureOptions {
  std::uint64_t packets = 5'000'000;
  std::uint32_t concurrent = 10'000;
  std::uint64_t seed = 1;
};

// Writes `path`; returns an error message, or "" on success.
std::string generate_capture(const std::string& path, const CaptureOptions& o);

}  // namespace vpcsim::bench
