// Reading a scenario's "traffic" section (traffic_reader.h).

#include "topology/load/traffic_reader.h"

#include <algorithm>
#include <climits>
#include <cstdint>

#include <fmt/format.h>

namespace vpcsim::load {

namespace {
// One hop's latency is at most an hour: a network, not a postal service.
constexpr net::SimTime kMaxLatency = std::chrono::hours(1);
}  // namespace

model::TrafficPlan TrafficReader::read(const Json& j, const std::string& p) {
  model::TrafficPlan plan;
  ObjectReader r(j, p, diag_);
  std::set<std::string> names;
  r.array("flows", [&](const Json& fj, const std::string& fp) {
    plan.flows.push_back(flow(fj, fp, names));
  });
  if (const Json* l = r.get("latency")) {
    ObjectReader lr(*l, r.pointer("latency"), diag_);
    plan.latency.same_az =
        lr.time("same_az", false, kMaxLatency, "1h").value_or(plan.latency.same_az);
    plan.latency.cross_az =
        lr.time("cross_az", false, kMaxLatency, "1h").value_or(plan.latency.cross_az);
    plan.latency.internet =
        lr.time("internet", false, kMaxLatency, "1h").value_or(plan.latency.internet);
    lr.finish();
  }
  plan.mss = static_cast<std::uint32_t>(r.integer("mss", 536, 9001).value_or(1460));
  r.finish();
  return plan;
}

model::FlowSpec TrafficReader::flow(const Json& j, const std::string& p,
                                    std::set<std::string>& names) {
  ObjectReader f(j, p, diag_);
  model::FlowSpec s;
  s.pointer = p;
  s.name = f.string("name", true).value_or("");
  if (!s.name.empty() && !names.insert(s.name).second) {
    diag_.error(f.pointer("name"),
                fmt::format("\"{}\" is already the name of another flow", s.name));
  }
  s.from = flow_endpoint(f, "from");
  s.to = flow_endpoint(f, "to");
  const auto protocol = f.choice("protocol", {"tcp", "udp", "icmp", "icmpv6"}, true);
  if (protocol) s.protocol = net::Protocol::parse(*protocol).value();  // one of the choices
  if (s.protocol.has_ports()) {
    if (auto port = f.integer("port", 1, 65535, true)) s.port = static_cast<std::uint16_t>(*port);
  } else if (protocol && f.get("port") != nullptr) {
    // ICMP has types and codes, not ports: a port here is a mistake, not a key to list.
    diag_.error(f.pointer("port"), fmt::format("{} flows have no port (they are echo requests "
                                               "and replies); remove \"port\"",
                                               s.protocol));
  }
  s.start = f.time("start").value_or(net::SimTime());
  s.request_bytes = static_cast<std::uint32_t>(
      f.integer("request_bytes", 0, 1'000'000'000).value_or(s.request_bytes));
  s.response_bytes = static_cast<std::uint32_t>(
      f.integer("response_bytes", 0, 1'000'000'000).value_or(s.response_bytes));
  s.exchanges = static_cast<std::uint32_t>(f.integer("exchanges", 1, 1'000'000).value_or(1));
  s.gap = f.time("gap").value_or(s.gap);
  if (auto c = f.choice("close", {"fin", "rst", "none"})) {
    s.close = *c == "fin"   ? model::CloseKind::fin
              : *c == "rst" ? model::CloseKind::rst
                            : model::CloseKind::none;
  }
  if (auto sp = f.integer("source_port", 1, 65535)) s.source_port = static_cast<std::uint16_t>(*sp);
  s.syn_retries = static_cast<std::uint32_t>(f.integer("syn_retries", 0, 20).value_or(6));
  s.repeat = static_cast<std::uint32_t>(f.integer("repeat", 1, 100'000'000).value_or(1));
  s.every = f.time("every").value_or(s.every);
  // Each time is at most 100 years, but a flow adds them up: its last conversation's last
  // exchange must start within the simulated span too, or times would overflow.
  const long double end = static_cast<long double>(s.start.count()) +
                          static_cast<long double>(s.repeat - 1) * s.every.count() +
                          static_cast<long double>(s.exchanges) * s.gap.count();
  if (end > static_cast<long double>(net::kMaxScenarioTime.count())) {
    diag_.error(p, fmt::format("the flow's last exchange would start after {} of simulated time "
                               "(start + (repeat - 1) × every + exchanges × gap); vpcsim simulates "
                               "at most {}",
                               net::sim_time_text(net::SimTime(static_cast<std::int64_t>(
                                   std::min(end, static_cast<long double>(INT64_MAX))))),
                               net::kMaxScenarioTimeText));
  }
  f.finish();
  return s;
}

model::Endpoint TrafficReader::flow_endpoint(ObjectReader& r, std::string_view key) {
  const auto text = r.string(key, true);
  if (!text) return {};
  return endpoint(*text, r.pointer(key)).value_or(model::Endpoint{});
}

}  // namespace vpcsim::load
