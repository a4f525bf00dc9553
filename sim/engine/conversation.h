#pragma once
// Conversations: the step machine of a simulation's conversations, from a flow's start to its
// end. TCP: handshake, request/response data and its ACKs, FIN or RST close, SYN retries with
// Linux's backoff and data retransmission with its RTO; UDP: request/response datagrams; ICMP:
// echo. For each step, which packets it sends through the path; on their arrival, how the
// receiver answers; on a drop, who tries again and when, or gives up. Each conversation's end
// is tallied in its flow's FlowSummary and published to the observers.
//
// Every step's packets are walked through the path when they are sent, and their arrival is
// scheduled after the path's latency. Timers are scheduled only for steps that were dropped
// (the path knows at once), so a healthy conversation leaves no stale timers; an event of a
// conversation that is over (its generation has moved on) is ignored.

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/core/engine.h"
#include "sim/engine/flow_result.h"
#include "sim/engine/observer_list.h"
#include "sim/engine/run_stats.h"
#include "sim/engine/simulation_event.h"
#include "sim/engine/source_ports.h"
#include "sim/path/packet.h"
#include "sim/path/packet_path.h"
#include "topology/model/scenario.h"
#include "topology/net/five_tuple.h"
#include "topology/net/protocol.h"
#include "topology/net/sim_time.h"

namespace vpcsim::engine {

class Conversations {
 public:
  // Packets go through `path` (whose topology is the current one); events are scheduled on
  // `engine`, whose Rng draws the source ports; packets and ends are published to `observers`
  // and counted in `stats`.
  Conversations(const model::Scenario& sc, core::Engine<SimulationEvent>& engine,
                path::PacketPath& path, const ObserverList& observers, RunStats& stats);

  // Room for every conversation up to a bound, so the table does not grow by copying.
  void reserve();
  // Conversation `instance` of flow `spec` starts (and the flow's next one is scheduled).
  void start(net::SimTime now, std::uint32_t spec, std::uint32_t instance);
  // Any event but start and change.
  void handle(net::SimTime now, const SimulationEvent& e);
  // The run ended at `end`: the conversations still open end unfinished.
  void end_open(net::SimTime end);

  const std::vector<FlowSummary>& summaries() const { return summaries_; }
  const SourcePorts& source_ports() const { return ports_; }

 private:
  struct Conv {
    std::uint32_t spec = 0;
    std::uint32_t instance = 0;
    std::uint32_t generation = 0;
    bool active = false;
    bool client_internet = false;
    bool server_internet = false;
    bool reached = false;  // a packet reached the server: rev and server are known
    bool exempt = false;   // the server is the VPC resolver / metadata service
    bool established = false;
    std::uint8_t syn_attempt = 0;  // SYN retransmissions so far
    std::uint8_t retries = 0;      // retransmissions of the current step
    model::EniIndex client;
    model::EniIndex server;
    net::FiveTuple fwd;  // as the client sends
    net::FiveTuple rev;  // as the server sends
    std::uint32_t exchange = 0;
    std::uint32_t completed = 0;
    std::uint32_t response_segments = 0;
    net::SimTime start{};
    net::SimTime last_syn{};
    std::uint32_t syns_sent = 0;
    std::unique_ptr<FlowDrop> drop;  // the latest drop of this conversation
  };
  // The packets of one step as they are sent, each through the path at once: the step
  // arrives when its slowest packet has, if none was dropped.
  struct Burst {
    net::SimTime now;
    Conv& c;
    Step step;
    bool server;            // sent by the server (else by the client)
    std::uint32_t ip;       // IP header bytes
    path::Packet packet{};  // the one being sent
    bool delivered = true;
    net::SimTime arrival{};  // the slowest packet's latency
  };

  const model::FlowSpec& spec(const Conv& c) const { return sc_.traffic.flows[c.spec]; }
  bool is_tcp(const Conv& c) const { return spec(c).protocol == net::Protocol::tcp(); }
  std::uint32_t index_of(const Conv& c) const {
    return static_cast<std::uint32_t>(&c - convs_.data());
  }
  void schedule(net::SimTime at, const Conv& c, EventKind k, Step s);

  // The step machine.
  void begin_exchange(net::SimTime now, Conv& c);
  void after_exchange(net::SimTime now, Conv& c, bool ok);
  void arrive(net::SimTime now, Conv& c, Step s);
  void dropped(net::SimTime now, Conv& c, Step s);

  // Packets.
  bool send(net::SimTime now, Conv& c, Step s);
  void send_tcp(Burst& b);
  void send_udp(Burst& b);
  void send_echo(Burst& b);
  std::uint32_t segments(Burst& b, std::uint32_t payload, std::uint32_t header, std::uint8_t flags,
                         std::uint8_t last_flags);
  void emit(Burst& b, std::uint8_t flags, std::uint32_t bytes);
  bool walk(const Burst& b, net::SimTime& latency);
  void learn_server(Conv& c);
  void nat_reset(net::SimTime now, Conv& c, const path::Packet& rst, model::EniIndex from);

  // Ends.
  FlowResult result_of(const Conv& c, model::FlowOutcome o) const;
  void finish(net::SimTime now, Conv& c, model::FlowOutcome o);
  void publish_end(const FlowResult& r);

  const model::Scenario& sc_;
  core::Engine<SimulationEvent>& engine_;
  path::PacketPath& path_;
  const ObserverList& observers_;
  RunStats& stats_;
  std::vector<FlowSummary> summaries_;  // by flow
  std::vector<Conv> convs_;
  std::vector<std::uint32_t> free_;  // slots of convs_ whose conversation is over
  std::uint64_t active_ = 0;
  SourcePorts ports_;  // held by the open conversations
  path::PathResult res_;
};

}  // namespace vpcsim::engine
