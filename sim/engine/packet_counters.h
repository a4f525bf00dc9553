#pragma once
// PacketCounters: what became of the packets sent into the packet path, counted the same way
// by a simulated run (RunStats) and a replay (ReplayStats): delivered, dropped (by reason), and
// exempt: to the VPC resolver or the instance metadata service, neither filtered nor logged
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html).

#include <array>
#include <cstddef>
#include <cstdint>

#include "sim/path/drop_reason.h"
#include "sim/path/packet_path.h"

namespace vpcsim::engine {

struct PacketCounters {
  using ByReason = std::array<std::uint64_t, path::kDropReasonCount>;  // by path::DropReason

  std::uint64_t delivered = 0;  // reached their receiver (exempt ones included)
  std::uint64_t dropped = 0;    // dropped on the way (by reason below)
  std::uint64_t exempt = 0;     // to the VPC resolver / metadata: neither filtered nor logged
  ByReason drops_by_reason{};

  std::uint64_t drops(path::DropReason r) const {
    return drops_by_reason[static_cast<std::size_t>(r)];
  }

  // Counts one packet by what the path decided; true when it was delivered.
  bool count(const path::PathResult& r) {
    if (r.exempt) ++exempt;
    if (r.delivered) {
      ++delivered;
      return true;
    }
    ++dropped;
    ++drops_by_reason[static_cast<std::size_t>(r.verdict.reason)];
    return false;
  }
};

}  // namespace vpcsim::engine
