#pragma once
// SimulationEvent: one entry of a simulation's event queue: what happens (EventKind), to which
// conversation, at which of its steps (Step). Simulation runs the queue and applies timeline
// changes; Conversations (conversation.h) handles everything else.

#include <cstdint>

namespace vpcsim::engine {

// What a conversation is doing; each step is one or more packets from one side.
enum class Step : std::uint8_t {
  syn,            // client: SYN
  synack,         // server: SYN-ACK
  handshake_ack,  // client: ACK, then the first request's segments
  request,        // client: request segments (UDP datagrams, ICMP echo request)
  response,       // server: response segments (UDP datagrams, ICMP echo reply)
  ack,            // client: ACKs for the response (one per two segments)
  fin_client,     // client: FIN-ACK
  fin_server,     // server: FIN-ACK
  last_ack,       // client: ACK of the server's FIN
  rst,            // client: RST-ACK
};

enum class EventKind : std::uint8_t {
  start,          // a flow's next conversation starts (conv = spec index, aux = instance)
  arrive,         // a step's packets reached the other side
  retry,          // a dropped step's sender tries again
  give_up,        // a dropped step's last timeout expired (SYN or data)
  next_exchange,  // the gap between exchanges is over
  rst_arrive,     // a NAT gateway's RST reached the client
  change,         // a timeline change (aux = its index)
};

struct SimulationEvent {
  std::uint32_t conv = 0;
  std::uint32_t aux = 0;  // conversation generation (stale-event check), instance or index
  EventKind kind = EventKind::start;
  Step step = Step::syn;
};

}  // namespace vpcsim::engine
