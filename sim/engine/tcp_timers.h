#pragma once
// TCP retransmission timers as Linux runs them, which simulated conversations follow. A SYN
// is sent again after 1 s, doubling, tcp_syn_retries times; after the last one the client
// waits one more timeout before giving up. Data is sent again after the RTO, from 200 ms
// doubling up to 120 s, tcp_retries2 = 15 times.

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "topology/net/sim_time.h"

namespace vpcsim::engine::tcp_timers {

inline constexpr std::uint32_t kDataRetries = 15;  // tcp_retries2
inline constexpr net::SimTime kMinRto = net::SimTime(std::chrono::milliseconds(200));
inline constexpr net::SimTime kMaxRto = net::SimTime(std::chrono::seconds(120));

// The SYN timer after `retransmissions` retransmissions so far: 1 s, 2 s, 4 s, ...
constexpr net::SimTime syn_timeout(std::uint8_t retransmissions) {
  return net::SimTime(std::chrono::seconds(std::int64_t{1} << retransmissions));
}

// The data RTO after `retries` retransmissions so far: 200 ms, 400 ms, ... up to 120 s.
constexpr net::SimTime data_rto(std::uint32_t retries) {
  net::SimTime rto = kMinRto;
  for (std::uint32_t i = 0; i < retries && rto < kMaxRto; ++i)
    rto = rto * 2;
  return std::min(rto, kMaxRto);
}

}  // namespace vpcsim::engine::tcp_timers
