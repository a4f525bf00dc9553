// Reachability expectations through a resource vpcsim does not model yet: neither answer
// passes, so that `vpcsim test` never reports "blocked as expected" for a packet that AWS may
// well deliver through a transit gateway.
#include "sim/analysis/expectation_check.h"

#include <doctest/doctest.h>

#include <string>

#include "topology/load/scenario_loader.h"

using namespace vpcsim;

namespace {

model::Scenario with_answer(const std::string& answer) {
  const auto r = load::load_scenario_text(R"({"topology": {
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "unmodelled": [{"kind": "TransitGateways", "id": "tgw-1"}],
    "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-a"}],
    "route_tables": [{"id": "rtb-a", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "tgw-1"}]}],
    "instances": [{"id": "i-a", "name": "a", "subnet": "subnet-a", "private_ip": "10.0.1.10"}]},
  "expect": {"reach": [{"from": "a", "to": "203.0.113.10", "protocol": "tcp", "port": 443, "answer": ")" +
                                              answer + R"("}]}})",
                                          "t.json");
  for (const auto& e : r.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(r.scenario);
  return std::move(*r.scenario);
}

}  // namespace

TEST_CASE("an expectation through a transit gateway vpcsim does not model fails either way") {
  for (const std::string answer : {"reachable", "unreachable"}) {
    CAPTURE(answer);
    const auto results = analysis::check_expectations(with_answer(answer));
    REQUIRE(results.size() == 1);
    CHECK_FALSE(results[0].passed);
    REQUIRE_FALSE(results[0].detail.empty());
    CHECK(results[0].detail[0].starts_with("got unknown: "));
    CHECK(results[0].detail[0].find("transit gateway") != std::string::npos);
  }
}
