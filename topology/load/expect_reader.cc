// Reading a scenario's "expect" section (expect_reader.h).

#include "topology/load/expect_reader.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "topology/load/flow_log_format_reader.h"
#include "topology/load/suggest.h"

namespace vpcsim::load {

model::Expectations ExpectReader::read(const Json& j, const std::string& p,
                                       const model::TrafficPlan* traffic) {
  model::Expectations ex;
  ObjectReader r(j, p, diag_);
  std::vector<std::string> flow_names;
  if (traffic) {
    for (const auto& f : traffic->flows)
      flow_names.push_back(f.name);
  }
  r.array("flows", [&](const Json& fj, const std::string& fp) {
    ex.flows.push_back(flow(fj, fp, traffic ? &flow_names : nullptr));
  });
  r.array("reach",
          [&](const Json& qj, const std::string& qp) { ex.reach.push_back(reach(qj, qp)); });
  r.array("flow_logs",
          [&](const Json& lj, const std::string& lp) { ex.flow_logs.push_back(flow_log(lj, lp)); });
  r.finish();
  return ex;
}

model::FlowExpectation ExpectReader::flow(const Json& j, const std::string& p,
                                          const std::vector<std::string>* flow_names) {
  ObjectReader f(j, p, diag_);
  model::FlowExpectation e;
  e.pointer = p;
  if (auto n = f.string("flow", true)) {
    e.flow = *n;
    if (flow_names && std::find(flow_names->begin(), flow_names->end(), *n) == flow_names->end()) {
      diag_.error(f.pointer("flow"), fmt::format("no flow named \"{}\" in traffic.flows{}", *n,
                                                 did_you_mean(*n, *flow_names)));
    }
  }
  if (auto o = f.choice("outcome", {"established", "blocked", "reset", "interrupted"}, true)) {
    for (auto k : {model::FlowOutcome::established, model::FlowOutcome::blocked,
                   model::FlowOutcome::reset, model::FlowOutcome::interrupted}) {
      if (model::flow_outcome_name(k) == *o) e.outcome = k;
    }
  }
  e.layer = f.choice("layer", {"sg", "nacl", "route", "igw", "nat", "peering", "eni"}).value_or("");
  e.resource = f.string("resource").value_or("");
  e.code = f.string("code").value_or("");
  if (e.outcome == model::FlowOutcome::established &&
      (!e.layer.empty() || !e.resource.empty() || !e.code.empty())) {
    diag_.error(p,
                "layer, resource and code describe a drop; they go with \"outcome\": \"blocked\", "
                "\"reset\" or \"interrupted\"");
  }
  e.every_client_port = f.boolean("every_client_port").value_or(false);
  if (e.every_client_port && e.outcome != model::FlowOutcome::established) {
    diag_.error(f.pointer("every_client_port"),
                "every_client_port asks that the flow be established whatever client port it "
                "draws; it goes with \"outcome\": \"established\"");
  }
  f.finish();
  return e;
}

model::ReachExpectation ExpectReader::reach(const Json& j, const std::string& p) {
  ObjectReader q(j, p, diag_);
  model::ReachExpectation e;
  e.pointer = p;
  const auto side = [&](const char* key, std::string& text, model::Endpoint& resolved) {
    text = q.string(key, true).value_or("");
    if (text.empty()) return;
    if (auto found = endpoint(text, q.pointer(key))) resolved = std::move(*found);
  };
  side("from", e.from, e.from_endpoint);
  side("to", e.to, e.to_endpoint);
  if (auto pr = q.choice("protocol", {"tcp", "udp", "icmp"}))
    e.protocol = net::Protocol::parse(*pr).value();  // one of the choices
  if (auto port = q.integer("port", 0, 65535)) e.port = static_cast<std::uint16_t>(*port);
  if (auto a = q.choice("answer", {"reachable", "unreachable"}, true))
    e.reachable = *a == "reachable";
  q.finish();
  return e;
}

model::FlowLogExpectation ExpectReader::flow_log(const Json& j, const std::string& p) {
  ObjectReader l(j, p, diag_);
  model::FlowLogExpectation e;
  e.pointer = p;
  if (auto text = l.string("format")) {
    std::string why;
    if (auto f = parse_flow_log_format(*text, why)) {
      e.format = std::move(*f);
    } else {
      diag_.error(p + "/format", why);
    }
  }
  if (auto a = l.integer("aggregation", 60, 600)) {
    if (*a != 60 && *a != 600) {
      l.bad("aggregation", *l.get("aggregation"), "60 or 600 (seconds)");
    }
    e.aggregation_seconds = static_cast<std::uint32_t>(*a);
  }
  for (auto& [s, sp] : l.strings("contains"))
    e.contains.push_back(s);
  for (auto& [s, sp] : l.strings("absent"))
    e.absent.push_back(s);
  if (e.contains.empty() && e.absent.empty()) {
    diag_.error(p, "a flow-log expectation needs \"contains\" or \"absent\" lines");
  }
  l.finish();
  return e;
}

}  // namespace vpcsim::load
