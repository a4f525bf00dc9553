#include "sim/engine/simulation.h"

#include <fmt/format.h>

#include "sim/engine/conversation.h"
#include "sim/engine/observer_list.h"
#include "sim/engine/simulation_event.h"

namespace vpcsim::engine {

using net::SimTime;

class Simulation::Impl {
 public:
  Impl(const model::Scenario& sc, SimulationOptions opt)
      : sc_(sc),
        opt_(opt),
        state_(*sc.topology, opt.seed),
        path_(*sc.topology, state_, sc.traffic.latency, opt.record_hops),
        engine_(opt.seed),
        conversations_(sc, engine_, path_, observers_, stats_) {
    topologies_.push_back(sc.topology);
    data_ = sc.topology->data();
  }

  void run() {
    conversations_.reserve();
    for (std::uint32_t i = 0; i < sc_.traffic.flows.size(); ++i) {
      engine_.schedule_at(sc_.traffic.flows[i].start,
                          SimulationEvent{i, 0, EventKind::start, Step::syn});
    }
    for (std::uint32_t i = 0; i < sc_.timeline.size(); ++i)
      engine_.schedule_at(sc_.timeline[i].at, SimulationEvent{0, i, EventKind::change, Step::syn});
    stats_.events += engine_.run(
        [this](core::Engine<SimulationEvent>&, SimTime now, SimulationEvent& e) { handle(now, e); },
        opt_.until);
    // Cut short by `until` (events still due): the run covers the time up to `until`.
    end_ = engine_.pending() > 0 ? opt_.until : engine_.now();
    conversations_.end_open(end_);
    observers_.finish(end_);
  }

  const model::Scenario& sc_;
  SimulationOptions opt_;
  std::vector<std::shared_ptr<const model::Topology>> topologies_;  // the last is the current
  model::TopologyData data_;                                        // the current topology's
  path::PathState state_;
  path::PacketPath path_;
  core::Engine<SimulationEvent> engine_;
  ObserverList observers_;
  RunStats stats_;
  Conversations conversations_;
  std::vector<std::string> warnings_;
  SimTime end_{};

 private:
  void handle(SimTime now, const SimulationEvent& e) {
    if (e.kind == EventKind::start) return conversations_.start(now, e.conv, e.aux);
    if (e.kind == EventKind::change) return change(now, e.aux);
    conversations_.handle(now, e);
  }

  // A timeline change: applied unless AWS would refuse it; either way published.
  void change(SimTime now, std::uint32_t index) {
    const auto& ch = sc_.timeline[index];
    auto next = data_;
    auto refused = model::apply_change(next, ch);
    if (refused.empty()) {
      data_ = std::move(next);
      topologies_.push_back(std::make_shared<const model::Topology>(data_));
      path_.set_topology(*topologies_.back());
      ++stats_.changes;
    } else {
      warnings_.push_back(fmt::format("{}: {} at {}: {}", ch.pointer,
                                      model::change_kind_name(ch.kind), now, refused));
    }
    observers_.change(ChangeEvent{now, ch, *topologies_.back(), refused});
  }
};

Simulation::Simulation(const model::Scenario& scenario, SimulationOptions options)
    : impl_(std::make_unique<Impl>(scenario, options)) {}
Simulation::~Simulation() = default;

void Simulation::add_observer(Observer& o) {
  impl_->observers_.add(o);
}
void Simulation::run() {
  impl_->run();
}
const std::vector<FlowSummary>& Simulation::flows() const {
  return impl_->conversations_.summaries();
}
const RunStats& Simulation::stats() const {
  return impl_->stats_;
}
SimTime Simulation::end_time() const {
  return impl_->end_;
}
const std::vector<std::string>& Simulation::warnings() const {
  return impl_->warnings_;
}
const model::Topology& Simulation::topology() const {
  return *impl_->topologies_.back();
}
const std::vector<SourcePorts::Shared>& Simulation::shared_five_tuples() const {
  return impl_->conversations_.source_ports().shared();
}

std::size_t Simulation::tracked_connections() const {
  return impl_->state_.conntrack.size();
}

}  // namespace vpcsim::engine
