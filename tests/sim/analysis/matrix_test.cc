// What `vpcsim matrix` reports: every pair, the blocking layer per cell, groups.
#include "sim/analysis/matrix.h"

#include <doctest/doctest.h>

#include "topology/load/scenario_loader.h"

using namespace vpcsim;

namespace {

model::Scenario three_tier() {
  auto r = load::load_scenario(VPCSIM_SOURCE_DIR "/scenarios/three-tier");
  REQUIRE(r.scenario);
  return std::move(*r.scenario);
}

std::size_t index_of(const analysis::Matrix& m, const std::string& label) {
  const auto it = std::find(m.labels.begin(), m.labels.end(), label);
  REQUIRE(it != m.labels.end());
  return static_cast<std::size_t>(it - m.labels.begin());
}

}  // namespace

TEST_CASE("matrix: the SG chain of three-tier on 3306 and 8080, blocking layers per cell") {
  const auto sc = three_tier();
  const auto& t = *sc.topology;
  const auto m =
      analysis::reach_matrix(t, {net::Protocol::tcp(), 3306, analysis::Grouping::none, true, ""});
  // Interfaces except the NAT gateway's, plus the internet.
  CHECK(m.labels.size() == 6);
  const auto app1 = index_of(m, "app-1"), db = index_of(m, "db-primary"),
             alb = index_of(m, "alb-a"), net = index_of(m, "internet");
  CHECK(m.at(app1, db).reachable);
  CHECK(m.at(db, db).self);
  CHECK_FALSE(m.at(alb, db).reachable);
  CHECK(m.at(alb, db).verdict.layer() == "sg");
  CHECK(m.at(alb, db).verdict.resource == "sg-alb");
  CHECK(m.at(alb, db).verdict.code() == "ENI_SG_RULES_MISMATCH");
  // No public IP (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).
  CHECK(m.at(net, db).verdict.layer() == "igw");
  // Exactly the app tier reaches the database.
  std::size_t reachable = 0;
  for (const auto& c : m.cells)
    reachable += c.reachable ? 1 : 0;
  CHECK(reachable == 2);

  const auto m8080 =
      analysis::reach_matrix(t, {net::Protocol::tcp(), 8080, analysis::Grouping::none, false, ""});
  CHECK(m8080.at(index_of(m8080, "alb-a"), index_of(m8080, "app-1")).reachable);
  CHECK(m8080.at(index_of(m8080, "alb-b"), index_of(m8080, "app-2")).reachable);
  CHECK_FALSE(m8080.at(index_of(m8080, "app-1"), index_of(m8080, "app-2")).reachable);
}

TEST_CASE("matrix: groups by security group and by subnet") {
  const auto sc = three_tier();
  const auto& t = *sc.topology;
  const auto by_sg = analysis::reach_matrix(
      t, {net::Protocol::tcp(), 8080, analysis::Grouping::security_group, false, ""});
  CHECK(by_sg.labels == std::vector<std::string>{"sg-alb", "sg-app", "sg-db"});
  CHECK(by_sg.at(0, 1).reachable);  // every ALB node reaches every app instance
  CHECK_FALSE(by_sg.at(1, 0).reachable);
  CHECK(by_sg.at(1, 0).verdict.layer() == "sg");
  const auto by_subnet = analysis::reach_matrix(
      t, {net::Protocol::tcp(), 3306, analysis::Grouping::subnet, false, ""});
  const auto app_a = index_of(by_subnet, "subnet-app-a"), db_a = index_of(by_subnet, "subnet-db-a");
  CHECK(by_subnet.at(app_a, db_a).reachable);
  CHECK(by_subnet.at(db_a, db_a).self);  // one interface: no pair inside
}

TEST_CASE("matrix without a port: each cell is the pair's port space") {
  const auto sc = three_tier();
  const auto& t = *sc.topology;
  const auto m = analysis::reach_matrix(
      t, {net::Protocol::tcp(), std::nullopt, analysis::Grouping::none, false, ""});
  CHECK(m.at(index_of(m, "alb-a"), index_of(m, "app-1")).ports == "tcp 8080; udp none; icmp none");
  CHECK(m.at(index_of(m, "app-1"), index_of(m, "db-primary")).ports ==
        "tcp 3306; udp none; icmp none");
  CHECK_FALSE(m.at(index_of(m, "db-primary"), index_of(m, "app-1")).reachable);
}

TEST_CASE("matrix: groups by a tag's value") {
  const auto sc = three_tier();
  const auto& t = *sc.topology;
  const auto m = analysis::reach_matrix(
      t, {net::Protocol::tcp(), 3306, analysis::Grouping::tag, false, "tier"});
  CHECK(m.labels == std::vector<std::string>{"tier=app", "tier=db", "tier=web"});
  CHECK(m.at(0, 1).reachable);                // app → db
  CHECK(m.at(2, 1).verdict.layer() == "sg");  // web (the ALB) → db
  const auto none = analysis::reach_matrix(
      t, {net::Protocol::tcp(), 3306, analysis::Grouping::tag, false, "team"});
  CHECK(none.labels == std::vector<std::string>{"(no team)"});
}
