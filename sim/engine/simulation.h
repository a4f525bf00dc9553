#pragma once
// Simulation: binds a scenario to the discrete-event kernel. It runs the event queue: the
// traffic plan's conversations start at their times (Conversations, conversation.h, walks
// each one's packets through the packet path), the timeline's configuration changes apply at
// theirs, and everything is published to the observers. Same scenario and seed: the same
// events in the same order.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/engine.h"
#include "sim/engine/flow_result.h"
#include "sim/engine/observer.h"
#include "sim/engine/run_stats.h"
#include "sim/engine/source_ports.h"
#include "sim/path/packet_path.h"
#include "topology/model/scenario.h"
#include "topology/net/sim_time.h"

namespace vpcsim::engine {

struct SimulationOptions {
  std::uint64_t seed = 1;
  net::SimTime until = net::SimTime::max();
  bool record_hops = false;  // describe every hop (traces); costs text formatting per packet
};

class Simulation {
 public:
  Simulation(const model::Scenario& scenario, SimulationOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  void add_observer(Observer& o);
  // Runs to the end of the traffic (or `until`), then calls every observer's on_finish.
  void run();

  const std::vector<FlowSummary>& flows() const;
  const RunStats& stats() const;
  net::SimTime end_time() const;
  // Timeline changes AWS would refuse (e.g. revoking a rule that is not there), with the
  // JSON pointer of the change; the run goes on without them.
  const std::vector<std::string>& warnings() const;
  // Destinations some conversations reached on a five-tuple another still held, because the
  // client's ephemeral range was used up (not an error: noted for the user).
  const std::vector<SourcePorts::Shared>& shared_five_tuples() const;
  // The topology as it is now (after the timeline changes applied so far).
  const model::Topology& topology() const;
  // Live connection-tracking entries (for memory figures).
  std::size_t tracked_connections() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vpcsim::engine
