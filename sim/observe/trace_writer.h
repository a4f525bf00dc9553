#pragma once
// TraceWriter: every packet of a run with every hop it took, the verdict of each and the
// rule that decided it. Text, one line per packet:
//   0.000100000s web#0 10.0.1.10:443 → 203.0.113.5:50123 TCP SYN-ACK | eni-web SG egress:
//   tracked connection | acl-pub out: REJECT by * (no rule matches tcp dport 50123)
//   | DROPPED SUBNET_ACL_RESTRICTION
// or JSON lines (one object per packet, timeline change and conversation end) for tools.
// The engine must run with record_hops for the hops to be described.

#include <cstdint>
#include <ostream>

#include "sim/engine/observer.h"

namespace vpcsim::observe {

enum class TraceFormat : std::uint8_t { text, jsonl };

class TraceWriter final : public engine::Observer {
 public:
  TraceWriter(const model::Topology& topology, TraceFormat format, std::ostream& out)
      : topo_(topology), format_(format), out_(out) {}

  void on_packet(const engine::PacketEvent& e) override;
  void on_change(const engine::ChangeEvent& e) override;
  void on_flow_end(const model::FlowSpec& flow, const engine::FlowResult& r) override;
  void on_finish(net::SimTime end) override;

 private:
  const model::Topology& topo_;
  TraceFormat format_;
  std::ostream& out_;
};

}  // namespace vpcsim::observe
