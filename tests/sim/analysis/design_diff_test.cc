// What `vpcsim diff` reports: gained and lost reachability between two versions of a
// design, and the rule responsible.
#include "sim/analysis/design_diff.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "topology/load/scenario_loader.h"

using namespace vpcsim;

namespace {

std::string three_tier_text() {
  std::ifstream in(VPCSIM_SOURCE_DIR "/scenarios/three-tier/scenario.json");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

model::Scenario load_text(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  auto r = load::load_scenario_text(text, "after.json");
  for (const auto& e : r.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(r.scenario);
  return std::move(*r.scenario);
}

}  // namespace

TEST_CASE("diff: a deny entry in front of the DB's allow loses app-2 → db 3306, and names it") {
  const auto before = load_text(three_tier_text(), "", "");
  const auto after = load_text(
      three_tier_text(), R"("inbound":  [{ "rule": 100, "protocol": "tcp", "ports": 3306,)",
      R"("inbound":  [{ "rule": 90, "protocol": "tcp", "ports": 3306, "cidr": "10.0.11.0/24", "action": "deny" },
                      { "rule": 100, "protocol": "tcp", "ports": 3306,)");
  const auto changes = analysis::design_diff(*before.topology, *after.topology, {});
  REQUIRE(changes.size() == 1);
  const auto& c = changes[0];
  CHECK(c.from == "app-2");
  CHECK(c.to == "db-primary");
  CHECK_FALSE(c.gained);
  CHECK(c.protocol == vpcsim::net::Protocol::tcp());
  CHECK(analysis::subtract(c.ports, {net::PortRange::single(3306)}).empty());
  CHECK(c.because == "now blocked by acl-db #90 (SUBNET_ACL_RESTRICTION, on the request)");
  // The same question with one port, the other way round: a gain, and what blocked it.
  const auto back = analysis::design_diff(*after.topology, *before.topology, {3306, false});
  REQUIRE(back.size() == 1);
  CHECK(back[0].gained);
  CHECK(back[0].because == "was blocked by acl-db #90 (SUBNET_ACL_RESTRICTION, on the request)");
}

TEST_CASE("diff: no reachability change when the new rule is shadowed by another layer") {
  // sg-alb may now send 3306 to sg-db, but sg-db still admits only sg-app: nothing changes.
  const auto before = load_text(three_tier_text(), "", "");
  const auto after = load_text(
      three_tier_text(), R"("outbound": [{ "protocol": "tcp", "ports": 8080, "group": "sg-app",)",
      R"("outbound": [{ "protocol": "tcp", "ports": 3306, "group": "sg-db" },
                      { "protocol": "tcp", "ports": 8080, "group": "sg-app",)");
  CHECK(analysis::design_diff(*before.topology, *after.topology, {}).empty());
}

TEST_CASE("subtract: port ranges") {
  using R = net::PortRange;
  CHECK(analysis::subtract({R(1, 100)}, {R(10, 20), R(50, 60)}) ==
        std::vector<R>{R(1, 9), R(21, 49), R(61, 100)});
  CHECK(analysis::subtract({R(1, 100)}, {R(1, 100)}).empty());
  CHECK(analysis::subtract({R(5, 5)}, {}) == std::vector<R>{R(5, 5)});
}
