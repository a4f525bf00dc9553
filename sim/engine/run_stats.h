#pragma once
// RunStats: counters of one simulated run, for the summary and the benchmark: the packets'
// fates (PacketCounters) and the run's events, conversations and timeline changes.

#include <cstdint>

#include "sim/engine/packet_counters.h"

namespace vpcsim::engine {

struct RunStats : PacketCounters {
  std::uint64_t events = 0;         // discrete events executed
  std::uint64_t packets = 0;        // packets sent into the model (delivered + dropped)
  std::uint64_t conversations = 0;  // started
  std::uint64_t peak_active = 0;    // most conversations open at once
  std::uint64_t changes = 0;        // timeline changes applied
};

}  // namespace vpcsim::engine
