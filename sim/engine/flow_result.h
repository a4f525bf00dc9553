#pragma once
// FlowResult: how one conversation of a scenario flow ended, and the drop that decided it.
// FlowSummary: every conversation of one named flow (a flow with `repeat` starts many).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "sim/path/packet.h"
#include "sim/path/verdict.h"
#include "topology/model/expectations.h"
#include "topology/net/five_tuple.h"
#include "topology/net/sim_time.h"

namespace vpcsim::engine {

struct FlowDrop {
  net::SimTime at{};
  path::Packet packet;    // the packet that was dropped, as sent
  path::Verdict verdict;  // what dropped it
};

struct FlowResult {
  std::uint32_t spec = 0;      // index into the scenario's traffic.flows
  std::uint32_t instance = 0;  // which repetition (0-based)
  model::FlowOutcome outcome = model::FlowOutcome::established;
  bool finished = true;  // false: still running when the run ended (--until)
  net::SimTime start{};
  net::SimTime end{};
  net::FiveTuple tuple;  // as the client sent its first packet
  std::uint32_t exchanges_completed = 0;
  std::uint32_t attempts = 0;    // SYNs sent (TCP)
  std::optional<FlowDrop> drop;  // the drop behind a non-established outcome
};

struct FlowSummary {
  std::string name;
  std::array<std::uint64_t, 4> outcomes{};  // by model::FlowOutcome
  std::uint64_t unfinished = 0;
  std::optional<FlowResult> first;          // the first conversation that ended
  std::optional<FlowResult> first_failure;  // the first that did not end established

  std::uint64_t total() const {
    return outcomes[0] + outcomes[1] + outcomes[2] + outcomes[3] + unfinished;
  }
  std::uint64_t count(model::FlowOutcome o) const { return outcomes[static_cast<std::size_t>(o)]; }
  // Counts one conversation's end, keeping the first and the first failure.
  void add(const FlowResult& r);
  // The outcome every conversation had; nullopt when they differ or none finished.
  std::optional<model::FlowOutcome> common_outcome() const;
};

}  // namespace vpcsim::engine
