#include "sim/analysis/expectation_check.h"

#include <algorithm>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "sim/analysis/port_luck.h"
#include "sim/analysis/reach.h"
#include "sim/engine/simulation.h"
#include "sim/observe/flow_log.h"
#include "sim/observe/packet_text.h"

namespace vpcsim::analysis {
namespace {

// Keeps, per flow, the hops of the latest dropped packet: the trace excerpt that explains
// a failed expectation.
class LastDrops final : public engine::Observer {
 public:
  void on_packet(const engine::PacketEvent& e) override {
    if (e.result.delivered) return;
    auto& lines = by_flow_[e.flow.name];
    lines.clear();
    lines.push_back(fmt::format("{} {}", e.time, observe::packet_text(e.packet)));
    for (const auto& h : e.result.hops)
      lines.push_back(fmt::format("  {}: {}", h.component, h.detail));
  }
  std::vector<std::string> of(const std::string& flow) const {
    const auto it = by_flow_.find(flow);
    return it == by_flow_.end() ? std::vector<std::string>{} : it->second;
  }

 private:
  std::map<std::string, std::vector<std::string>> by_flow_;
};

std::string drop_summary(const engine::FlowDrop& d) {
  const auto& v = d.verdict;
  return fmt::format("{} at {} ({}, {}{})", observe::packet_text(d.packet), v.resource, v.layer(),
                     v.code(), v.rule.empty() ? "" : fmt::format(", rule {}", v.rule));
}

void check_flows(const model::Scenario& sc, std::vector<CheckResult>& out) {
  if (sc.expect.flows.empty()) return;
  engine::Simulation sim(sc, {sc.seed, net::SimTime::max(), true});
  LastDrops drops;
  sim.add_observer(drops);
  sim.run();
  for (const auto& e : sc.expect.flows) {
    CheckResult r;
    r.pointer = e.pointer;
    std::string what = std::string(model::flow_outcome_name(e.outcome));
    std::vector<std::string> qualifiers;
    for (const auto* q : {&e.layer, &e.resource, &e.code})
      if (!q->empty()) qualifiers.push_back(*q);
    if (!qualifiers.empty()) {
      what += " (";
      for (std::size_t i = 0; i < qualifiers.size(); ++i)
        what += fmt::format("{}{}", i ? ", " : "", qualifiers[i]);
      what += ")";
    }
    if (e.every_client_port) what += " for every client port";
    r.description = fmt::format("flow {} is {}", e.flow, what);
    const auto& flows = sim.flows();
    const auto it = std::find_if(flows.begin(), flows.end(),
                                 [&](const engine::FlowSummary& f) { return f.name == e.flow; });
    if (it == flows.end() || it->total() == 0) {
      r.detail.push_back("the flow never started (check its start time and --until)");
      out.push_back(std::move(r));
      continue;
    }
    const auto outcome = it->common_outcome();
    std::vector<std::string> problems;
    if (!outcome) {
      std::string mix;
      for (std::size_t i = 0; i < it->outcomes.size(); ++i) {
        if (it->outcomes[i])
          mix += fmt::format("{}{} {}", mix.empty() ? "" : ", ", it->outcomes[i],
                             model::flow_outcome_name(static_cast<model::FlowOutcome>(i)));
      }
      if (it->unfinished)
        mix += fmt::format("{}{} unfinished", mix.empty() ? "" : ", ", it->unfinished);
      problems.push_back(fmt::format("its conversations ended differently: {}", mix));
    } else if (*outcome != e.outcome) {
      problems.push_back(fmt::format("got {}", model::flow_outcome_name(*outcome)));
    }
    if (e.every_client_port && problems.empty() && it->first &&
        it->first->spec < sc.traffic.flows.size()) {
      if (const auto luck = port_luck(sc, sc.traffic.flows[it->first->spec], *it))
        problems.push_back(port_luck_text(*luck));
    }
    const auto* d =
        it->first_failure && it->first_failure->drop ? &*it->first_failure->drop : nullptr;
    if (e.outcome != model::FlowOutcome::established && problems.empty()) {
      if (!d) {
        problems.push_back("no packet of it was dropped");
      } else {
        const auto& v = d->verdict;
        if (!e.layer.empty() && v.layer() != e.layer)
          problems.push_back(fmt::format("layer {}, not {}", v.layer(), e.layer));
        if (!e.resource.empty() && v.resource != e.resource)
          problems.push_back(fmt::format("decided by {}, not {}", v.resource, e.resource));
        if (!e.code.empty() && v.code() != e.code)
          problems.push_back(fmt::format("code {}, not {}", v.code(), e.code));
      }
    }
    r.passed = problems.empty();
    if (!r.passed) {
      std::string got;
      for (const auto& p : problems)
        got += fmt::format("{}{}", got.empty() ? "" : "; ", p);
      r.detail.push_back(got);
      if (d) r.detail.push_back(fmt::format("first drop: {}", drop_summary(*d)));
      for (auto& line : drops.of(e.flow))
        r.detail.push_back(std::move(line));
    }
    out.push_back(std::move(r));
  }
}

void check_reach(const model::Scenario& sc, std::vector<CheckResult>& out) {
  const auto& t = *sc.topology;
  for (const auto& e : sc.expect.reach) {
    CheckResult r;
    r.pointer = e.pointer;
    r.description = fmt::format("{} {} {} {}{}", e.from, e.reachable ? "reaches" : "does not reach",
                                e.to, e.protocol, e.port ? fmt::format("/{}", *e.port) : "");
    bool reachable = false;
    std::optional<ReachAnswer> answer;
    if (!e.protocol.has_ports() || e.port) {
      answer = reach(t, {e.from_endpoint, e.to_endpoint, e.protocol, e.port.value_or(0)});
      reachable = answer->reachable;
    } else {
      const auto s = reachable_ports(t, e.from_endpoint, e.to_endpoint);
      reachable = !(e.protocol == net::Protocol::tcp() ? s.tcp : s.udp).empty();
      if (reachable != e.reachable)
        r.detail.push_back(fmt::format("port space: {}", port_space_text(s)));
    }
    // A path through a resource vpcsim does not model yet (a transit gateway) answers
    // neither way: the expectation fails, whichever it is, and says why.
    const auto block = answer ? answer->block() : std::nullopt;
    const bool unknown = block && block->verdict.reason == path::DropReason::target_not_modelled;
    r.passed = !unknown && reachable == e.reachable;
    if (!r.passed && answer) {
      r.detail.insert(r.detail.begin(),
                      unknown ? fmt::format("got unknown: {}", block->detail)
                              : fmt::format("got {}", reachable ? "reachable" : "unreachable"));
      const Leg* leg = answer->blocking();
      if (!leg) leg = answer->reply ? &*answer->reply : &answer->request;
      r.detail.push_back(observe::packet_text(leg->packet));
      for (const auto& h : leg->result.hops)
        r.detail.push_back(fmt::format("  {}: {}", h.component, h.detail));
    } else if (!r.passed) {
      r.detail.insert(r.detail.begin(),
                      fmt::format("got {}", reachable ? "reachable" : "unreachable"));
    }
    out.push_back(std::move(r));
  }
}

}  // namespace

std::string flow_log_of(const model::Scenario& sc, const model::FlowLogExpectation& e) {
  observe::FlowLogOptions o;
  o.aggregation_seconds = e.aggregation_seconds;
  o.start_time = sc.start_time;
  o.region = sc.region;
  o.account_id = sc.account_id;
  o.format = e.format;
  std::ostringstream text;
  engine::Simulation sim(sc, {sc.seed, net::SimTime::max(), false});
  observe::FlowLog log(*sc.topology, o, text);
  sim.add_observer(log);
  sim.run();
  return text.str();
}

namespace {

void check_flow_logs(const model::Scenario& sc, std::vector<CheckResult>& out) {
  for (const auto& e : sc.expect.flow_logs) {
    std::vector<std::string> lines;
    std::istringstream in(flow_log_of(sc, e));
    for (std::string l; std::getline(in, l);)
      lines.push_back(l);
    const auto has = [&](const std::string& l) {
      return std::find(lines.begin(), lines.end(), l) != lines.end();
    };
    for (std::size_t i = 0; i < e.contains.size(); ++i) {
      CheckResult r{fmt::format("{}/contains/{}", e.pointer, i),
                    fmt::format("flow log has: {}", e.contains[i]),
                    has(e.contains[i]),
                    {}};
      if (!r.passed) {
        r.detail.push_back(
            fmt::format("no such line among the {} records; records of its "
                        "interface:",
                        lines.size()));
        const auto words = e.contains[i].find("eni-");
        const auto eni = words == std::string::npos
                             ? std::string()
                             : e.contains[i].substr(words, e.contains[i].find(' ', words) - words);
        for (const auto& l : lines)
          if (!eni.empty() && l.find(eni) != std::string::npos &&
              l.find("NODATA") == std::string::npos)
            r.detail.push_back(fmt::format("  {}", l));
      }
      out.push_back(std::move(r));
    }
    for (std::size_t i = 0; i < e.absent.size(); ++i) {
      CheckResult r{fmt::format("{}/absent/{}", e.pointer, i),
                    fmt::format("flow log lacks: {}", e.absent[i]),
                    !has(e.absent[i]),
                    {}};
      if (!r.passed) r.detail.push_back("the line is there");
      out.push_back(std::move(r));
    }
  }
}

}  // namespace

std::vector<CheckResult> check_expectations(const model::Scenario& scenario) {
  std::vector<CheckResult> out;
  check_flows(scenario, out);
  check_reach(scenario, out);
  check_flow_logs(scenario, out);
  return out;
}

}  // namespace vpcsim::analysis
