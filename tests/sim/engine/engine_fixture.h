#pragma once
// Shared helpers for engine and observer tests: load a whole scenario from inline JSON,
// run it through engine::Simulation with observers, look up a flow's summary.

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/simulation.h"
#include "tests/sim/path/nat_fixture.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::test {

// Topologies shared by the engine and observer tests.

// A public web server whose NACL opens only 443 in both directions: stateless, so the reply
// to the client's ephemeral port is dropped
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
inline const std::string kWeb443 = R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-web", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub", "network_acl": "acl-443"}],
  "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
  "network_acls": [
    {"id": "acl-443", "vpc": "vpc-a",
     "inbound":  [{"rule": 100, "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0", "action": "allow"}],
     "outbound": [{"rule": 100, "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0", "action": "allow"}]},
    {"id": "acl-deny", "vpc": "vpc-a"}],
  "security_groups": [{"id": "sg-web", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0"}], "outbound": []}],
  "instances": [{"id": "i-web", "name": "web", "subnet": "subnet-web", "private_ip": "10.0.1.10", "public_ip": "198.51.100.10", "security_groups": ["sg-web"]}]
})";

// The same with the documented fix: outbound ephemeral ports 1024-65535
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
inline std::string web_fixed() {
  std::string json = kWeb443;
  const std::string from =
      R"("outbound": [{"rule": 100, "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0")";
  const std::string to =
      R"("outbound": [{"rule": 100, "protocol": "tcp", "ports": "1024-65535", "cidr": "0.0.0.0/0")";
  const auto at = json.find(from);
  REQUIRE(at != std::string::npos);
  json.replace(at, from.size(), to);
  return json;
}

// `topology` with one more instance (JSON object) at the front of its "instances".
inline std::string with_instance(std::string topology, const std::string& instance) {
  const std::string key = R"("instances": [)";
  const auto at = topology.find(key);
  REQUIRE(at != std::string::npos);
  topology.insert(at + key.size(), instance + ", ");
  return topology;
}

// A whole scenario ({"topology": …, "traffic": …, "timeline": …}); every load error fails
// the test.
inline std::unique_ptr<model::Scenario> load_scenario(const std::string& scenario_json) {
  auto r = load::load_scenario_text(scenario_json, "test.json");
  for (const auto& e : r.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(r.scenario);
  return std::make_unique<model::Scenario>(std::move(*r.scenario));
}

// {"topology": T, "traffic": {"flows": F}, "timeline": L}, with `extra` top-level members
// (e.g. R"("start_time": 1432917027, "seed": 3)") when given.
inline std::string scenario_json(const std::string& topology, const std::string& flows,
                                 const std::string& timeline = "", const std::string& extra = "") {
  std::string s = "{\"topology\": " + topology + ", \"traffic\": {\"flows\": " + flows + "}";
  if (!timeline.empty()) s += ", \"timeline\": " + timeline;
  if (!extra.empty()) s += ", " + extra;
  return s + "}";
}

// A loaded scenario and its simulation (the simulation refers to the scenario, so both
// live on the heap together).
struct SimRun {
  std::unique_ptr<model::Scenario> scenario;
  std::unique_ptr<engine::Simulation> sim;

  const model::Topology& topology() const { return *scenario->topology; }

  const engine::FlowSummary& flow(std::string_view name) const {
    for (const auto& f : sim->flows()) {
      if (f.name == name) return f;
    }
    FAIL("no flow named ", std::string(name));
    return sim->flows().front();  // not reached
  }
  // The first conversation of a flow that ended (the only one unless it repeats).
  const engine::FlowResult& result(std::string_view name) const {
    const auto& f = flow(name);
    REQUIRE_MESSAGE(f.first, "flow ", std::string(name), " has no ended conversation");
    return *f.first;
  }
};

// Loads the scenario and builds its simulation without running it (add observers first).
inline SimRun prepare(const std::string& scenario, engine::SimulationOptions options = {}) {
  SimRun r;
  r.scenario = load_scenario(scenario);
  r.sim = std::make_unique<engine::Simulation>(*r.scenario, options);
  return r;
}

inline SimRun run(const std::string& scenario, engine::SimulationOptions options = {}) {
  auto r = prepare(scenario, options);
  r.sim->run();
  return r;
}

inline bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// The lines of `text` (without their '\n').
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    out.push_back(text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

}  // namespace vpcsim::test

// Readable values in failed checks (found by argument-dependent lookup).
namespace vpcsim::model {
inline doctest::String toString(FlowOutcome o) {
  return std::string(flow_outcome_name(o)).c_str();
}
}  // namespace vpcsim::model
namespace vpcsim::path {
inline doctest::String toString(DropReason r) {
  return std::string(code(r)).c_str();
}
}  // namespace vpcsim::path
namespace doctest {
template <>
struct StringMaker<vpcsim::net::SimTime> {
  static String convert(const vpcsim::net::SimTime& t) {
    return vpcsim::net::sim_time_text(t).c_str();
  }
};
}  // namespace doctest
