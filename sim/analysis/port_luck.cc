#include "sim/analysis/port_luck.h"

#include <fmt/format.h>

namespace vpcsim::analysis {

std::optional<PortLuck> port_luck(const model::Scenario& scenario, const model::FlowSpec& spec,
                                  const engine::FlowSummary& summary) {
  if (!spec.protocol.has_ports() || spec.source_port || !summary.first) return std::nullopt;
  if (summary.count(model::FlowOutcome::established) == 0) return std::nullopt;
  if (!scenario.timeline.empty() && scenario.timeline.front().at <= spec.start) return std::nullopt;
  auto a = reach(*scenario.topology, {spec.from, spec.to, spec.protocol, spec.port});
  if (a.reachable) return std::nullopt;
  // Only a port question: a drop of the request itself, or of every reply, is not luck (the
  // run would not have been established).
  if (a.failing_source_ports.empty() && a.failing_nat_ports.empty()) return std::nullopt;
  return PortLuck{spec.name, summary.first->tuple.src_port, std::move(a)};
}

std::vector<PortLuck> lucky_flows(const model::Scenario& scenario,
                                  const std::vector<engine::FlowSummary>& flows) {
  std::vector<PortLuck> out;
  for (const auto& f : flows) {
    if (!f.first || f.first->spec >= scenario.traffic.flows.size()) continue;
    if (auto l = port_luck(scenario, scenario.traffic.flows[f.first->spec], f))
      out.push_back(std::move(*l));
  }
  return out;
}

std::string port_luck_text(const PortLuck& luck) {
  const auto block = luck.answer.block();  // not reachable: there is a block
  return fmt::format(
      "established with client port {}, but {}: network ACLs are stateless and check each reply "
      "against the port the client drew "
      "(https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html)",
      luck.source_port, block->detail);
}

}  // namespace vpcsim::analysis
