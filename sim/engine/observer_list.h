#pragma once
// ObserverList: the observers of a run or a replay, in the order they were added, and the
// fan-out of everything the engine publishes to each of them in turn. A packet is counted
// (PacketCounters) as it is published, so a run and a replay count alike.

#include <vector>

#include "sim/engine/flow_result.h"
#include "sim/engine/observer.h"
#include "sim/engine/packet_counters.h"
#include "topology/model/traffic_plan.h"
#include "topology/net/sim_time.h"

namespace vpcsim::engine {

class ObserverList {
 public:
  void add(Observer& o) { observers_.push_back(&o); }

  // Every observer's on_packet, then the packet's result counted in `counted`; true when the
  // packet was delivered.
  bool packet(const PacketEvent& e, PacketCounters& counted) const {
    for (auto* o : observers_)
      o->on_packet(e);
    return counted.count(e.result);
  }
  void change(const ChangeEvent& e) const {
    for (auto* o : observers_)
      o->on_change(e);
  }
  void flow_end(const model::FlowSpec& flow, const FlowResult& r) const {
    for (auto* o : observers_)
      o->on_flow_end(flow, r);
  }
  void finish(net::SimTime end) const {
    for (auto* o : observers_)
      o->on_finish(end);
  }

 private:
  std::vector<Observer*> observers_;
};

}  // namespace vpcsim::engine
