#pragma once
// RunStats: counters of one run, for the summary and the benchmark.

#include <array>
#include <cstdint>

#include "sim/path/drop_reason.h"

namespace vpcsim::engine {

struct RunStats {
  std::uint64_t events = 0;         // discrete events executed
  std::uint64_t packets = 0;        // packets sent into the model
  std::uint64_t delivered = 0;      // reached their receiver
  std::uint64_t dropped = 0;        // dropped on the way (by reason below)
  std::uint64_t exempt = 0;         // to the VPC resolver / metadata: neither filtered nor logged
  std::uint64_t conversations = 0;  // started
  std::uint64_t peak_active = 0;    // most conversations open at once
  std::uint64_t changes = 0;        // timeline changes applied
  std::array<std::uint64_t, 32> drops_by_reason{};

  std::uint64_t drops(path::DropReason r) const {
    return drops_by_reason[static_cast<std::size_t>(r)];
  }
};

}  // namespace vpcsim::engine
