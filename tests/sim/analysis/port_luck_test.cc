// Port luck: a flow established only because of the client port it drew. A stateless NACL
// checks each reply against the client's ephemeral port
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html), so a NACL that
// admits most but not all of the client's range lets most runs through.
#include "sim/analysis/port_luck.h"

#include <doctest/doctest.h>

#include <string>

#include "sim/analysis/expectation_check.h"
#include "sim/engine/simulation.h"
#include "topology/load/scenario_loader.h"

using namespace vpcsim;

namespace {

// The server's subnet lets replies out to client ports `reply_ports` only; the client is Linux
// (32768-60999). `expect` is the scenario's expect section.
std::string scenario(const std::string& reply_ports, const std::string& source_port = "",
                     const std::string& expect = "{}") {
  return R"({
  "topology": {
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24"},
                {"id": "subnet-b", "vpc": "vpc-a", "cidr": "10.0.2.0/24", "network_acl": "acl-b"}],
    "network_acls": [{"id": "acl-b", "vpc": "vpc-a",
      "inbound":  [{"rule": 100, "protocol": "tcp", "ports": 22, "cidr": "10.0.0.0/16", "action": "allow"}],
      "outbound": [{"rule": 100, "protocol": "tcp", "ports": ")" +
         reply_ports + R"(", "cidr": "10.0.0.0/16", "action": "allow"}]}],
    "security_groups": [{"id": "sg-b", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 22, "cidr": "10.0.0.0/16"}]}],
    "instances": [{"id": "i-a", "name": "a", "subnet": "subnet-a", "private_ip": "10.0.1.10"},
                  {"id": "i-b", "name": "b", "subnet": "subnet-b", "private_ip": "10.0.2.10", "security_groups": ["sg-b"]}]
  },
  "traffic": {"flows": [{"name": "ssh", "from": "a", "to": "b", "protocol": "tcp", "port": 22)" +
         source_port + R"(}]},
  "expect": )" +
         expect + "}";
}

model::Scenario loaded(const std::string& text) {
  auto r = load::load_scenario_text(text, "t.json");
  for (const auto& e : r.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(r.scenario);
  return std::move(*r.scenario);
}

std::vector<analysis::PortLuck> run_and_find(const model::Scenario& sc) {
  engine::Simulation sim(sc, {sc.seed, net::SimTime::max(), true});
  sim.run();
  REQUIRE(sim.flows().size() == 1);
  // All but one client port is admitted: the run drew an admitted one.
  CHECK(sim.flows()[0].count(model::FlowOutcome::established) == 1);
  return analysis::lucky_flows(sc, sim.flows());
}

}  // namespace

TEST_CASE("a flow established by luck of its client port is found, with the failing ports") {
  const auto sc = loaded(scenario("32768-60998"));
  const auto lucky = run_and_find(sc);
  REQUIRE(lucky.size() == 1);
  CHECK(lucky[0].flow == "ssh");
  CHECK(lucky[0].source_port >= 32768);
  CHECK(lucky[0].source_port <= 60998);
  REQUIRE(lucky[0].answer.failing_source_ports.size() == 1);
  CHECK(lucky[0].answer.failing_source_ports[0] == net::PortRange::single(60999));
  const auto text = analysis::port_luck_text(lucky[0]);
  CHECK(text.find("client source ports 60999 of 32768-60999") != std::string::npos);
  CHECK(text.find("acl-b") != std::string::npos);
}

TEST_CASE("no luck: a NACL that admits the whole range, or a fixed client port") {
  CHECK(run_and_find(loaded(scenario("1024-65535"))).empty());
  // The user chose the port: the run is exactly the question asked.
  CHECK(run_and_find(loaded(scenario("32768-60998", R"(, "source_port": 40000)"))).empty());
}

TEST_CASE("expect every_client_port: fails on luck, passes when every port works") {
  const std::string expect =
      R"({"flows": [{"flow": "ssh", "outcome": "established", "every_client_port": true}]})";
  const auto lucky = analysis::check_expectations(loaded(scenario("32768-60998", "", expect)));
  REQUIRE(lucky.size() == 1);
  CHECK_FALSE(lucky[0].passed);
  CHECK(lucky[0].description == "flow ssh is established for every client port");
  REQUIRE_FALSE(lucky[0].detail.empty());
  CHECK(lucky[0].detail[0].find("60999") != std::string::npos);
  const auto sound = analysis::check_expectations(loaded(scenario("32768-60999", "", expect)));
  REQUIRE(sound.size() == 1);
  CHECK(sound[0].passed);
  // Without the flag, the lucky run passes: it was established.
  const auto plain = analysis::check_expectations(loaded(
      scenario("32768-60998", "", R"({"flows": [{"flow": "ssh", "outcome": "established"}]})")));
  CHECK(plain[0].passed);
}

TEST_CASE("every_client_port goes with established only") {
  const auto r = load::load_scenario_text(
      scenario("32768-60999", "",
               R"({"flows": [{"flow": "ssh", "outcome": "blocked", "every_client_port": true}]})"),
      "t.json");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].where == "/expect/flows/0/every_client_port");
}
