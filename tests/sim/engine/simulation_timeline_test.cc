// engine::Simulation with timeline changes (SG rules revoked, NACL entries replaced or
// associated, NAT gateways deleted, changes AWS would refuse) and NAT gateways (idle
// timeout, port allocation), against AWS's documented behaviour (the AWS documentation
// pages cited below).
#include "sim/engine/simulation.h"

#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include "sim/path/nat_table.h"
#include "tests/sim/engine/engine_fixture.h"
#include "tests/sim/engine/simulation_fixture.h"

using namespace vpcsim;
using model::FlowOutcome;
using net::SimTime;
using path::DropReason;
namespace tcpf = path::tcp;
using test::simulation_fixture::kHttps;

namespace {

// An SSH server with a public IP; `ssh_from` is the CIDR of its inbound rule. Its outbound
// rules are AWS's default (all traffic to 0.0.0.0/0), so a 0.0.0.0/0 inbound rule makes its
// SSH flows untracked
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
std::string ssh_server(const std::string& ssh_from) {
  return R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub"}],
  "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
  "security_groups": [{"id": "sg-ssh", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 22, "cidr": ")" +
         ssh_from + R"("}]}],
  "instances": [{"id": "i-srv", "name": "srv", "subnet": "subnet-a", "private_ip": "10.0.1.10", "public_ip": "198.51.100.10", "security_groups": ["sg-ssh"]}]
})";
}

}  // namespace

TEST_CASE("revoking an SG rule keeps a tracked flow but immediately interrupts an untracked one") {
  // "An untracked flow of traffic is immediately interrupted if the rule that
  // enables the flow is removed … if you have a narrower inbound rule … the existing SSH
  // connection is not interrupted because it is tracked."
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html)
  const auto scenario = [](const std::string& cidr) {
    return test::scenario_json(
        ssh_server(cidr), R"([
      {"name": "ssh", "from": "internet", "to": "srv", "protocol": "tcp", "port": 22, "exchanges": 5, "gap": "10s"},
      {"name": "new-ssh", "from": "internet", "to": "srv", "protocol": "tcp", "port": 22, "start": "30s", "syn_retries": 1}])",
        R"([{"at": "15s", "action": "revoke_sg_rule", "security_group": "sg-ssh",
           "direction": "inbound", "rule": {"protocol": "tcp", "ports": 22, "cidr": ")" +
            cidr + R"("}}])");
  };
  SUBCASE("tracked: a rule from one address") {
    const auto r = test::run(scenario("203.0.113.5/32"));
    CHECK(r.sim->warnings().empty());
    CHECK(r.sim->stats().changes == 1);
    const auto& ssh = r.result("ssh");
    CHECK(ssh.outcome == FlowOutcome::established);
    CHECK(ssh.exchanges_completed == 5);
    // The rule is gone for new connections.
    CHECK(r.result("new-ssh").outcome == FlowOutcome::blocked);
    REQUIRE(r.result("new-ssh").drop);
    CHECK(r.result("new-ssh").drop->verdict.reason == DropReason::sg_rules_mismatch);
  }
  SUBCASE("untracked: 0.0.0.0/0 inbound and all-open outbound") {
    const auto r = test::run(scenario("0.0.0.0/0"));
    CHECK(r.sim->stats().changes == 1);
    const auto& ssh = r.result("ssh");
    CHECK(ssh.outcome == FlowOutcome::interrupted);
    // Exchanges at ≈0 s and ≈10 s completed; the one at ≈20 s, after the revoke, did not.
    CHECK(ssh.exchanges_completed == 2);
    REQUIRE(ssh.drop);
    CHECK(ssh.drop->verdict.reason == DropReason::sg_rules_mismatch);
    CHECK(path::code(ssh.drop->verdict.reason) == "ENI_SG_RULES_MISMATCH");
    CHECK(ssh.drop->verdict.resource == "sg-ssh");
    CHECK(ssh.drop->at > net::SimTime(std::chrono::seconds(15)));
    // The client retransmitted (RTO from 200 ms, doubling) before it gave up.
    CHECK(r.sim->stats().drops(DropReason::sg_rules_mismatch) > 15);
    CHECK(r.result("new-ssh").outcome == FlowOutcome::blocked);
  }
}

TEST_CASE("a NAT gateway resets a connection idle for 350 s; 349 s of idleness is fine") {
  // "If a connection that's using a NAT gateway is idle for 350 seconds or more, the
  // connection times out … a NAT gateway returns an RST packet"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
  const auto r = test::run(test::scenario_json(test::kNat, R"([
      {"name": "idle-350", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443, "source_port": 40001, "exchanges": 2, "gap": "350s"},
      {"name": "idle-600", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443, "source_port": 40002, "exchanges": 2, "gap": "600s"},
      {"name": "idle-349", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443, "source_port": 40003, "exchanges": 2, "gap": "349s"},
      {"name": "idle-300", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443, "source_port": 40004, "exchanges": 2, "gap": "300s"}])"));
  for (const char* name : {"idle-350", "idle-600"}) {
    CAPTURE(name);
    const auto& res = r.result(name);
    CHECK(res.outcome == FlowOutcome::reset);
    CHECK(res.exchanges_completed == 1);
    REQUIRE(res.drop);
    CHECK(res.drop->verdict.reason == DropReason::nat_idle_timeout);
    CHECK(res.drop->verdict.resource == "nat-a");
    // The RST ends the conversation at once: no RTO retransmission (≥ 200 ms) first.
    CHECK(res.end - res.drop->at < net::SimTime(std::chrono::milliseconds(200)));
  }
  for (const char* name : {"idle-349", "idle-300"}) {
    CAPTURE(name);
    const auto& res = r.result(name);
    CHECK(res.outcome == FlowOutcome::established);
    CHECK(res.exchanges_completed == 2);
  }
  CHECK(r.sim->stats().drops(DropReason::nat_idle_timeout) == 2);
}

TEST_CASE("NAT gateway port allocation: the 55,001st concurrent connection to one destination") {
  // ErrorPortAllocation when more than 55,000 concurrent connections go to a single
  // destination (same destination IP, port and protocol;
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html). The
  // limit is not configurable in the scenario (NatTable::kConnectionsPerDestination), so
  // 55,001 connections are opened, each from its own source port and left open (close
  // "none").
  constexpr int kLimit = path::NatTable::kConnectionsPerDestination;
  std::string flows = "[";
  for (int i = 0; i <= kLimit; ++i) {
    // The last one starts a second later, so it is the one that finds no free port.
    flows += fmt::format(
        R"({{"name": "c{}", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443, )"
        R"("source_port": {}, "close": "none", "syn_retries": 0, "start": "{}"}},)",
        i, 1024 + i, i == kLimit ? "1s" : "0s");
  }
  // Another destination port is another destination: it gets a port.
  flows +=
      R"({"name": "other-port", "from": "priv", "to": "internet", "protocol": "tcp", "port": 80, "start": "2s"}])";
  const auto r = test::run(test::scenario_json(test::kNat, flows));
  std::uint64_t established = 0;
  for (int i = 0; i < kLimit; ++i)
    established += r.sim->flows()[i].count(FlowOutcome::established);
  CHECK(established == kLimit);
  const auto& last = r.result(fmt::format("c{}", kLimit));
  CHECK(last.outcome == FlowOutcome::blocked);
  REQUIRE(last.drop);
  CHECK(last.drop->verdict.reason == DropReason::nat_port_allocation);
  CHECK(last.drop->verdict.resource == "nat-a");
  CHECK(r.result("other-port").outcome == FlowOutcome::established);
  CHECK(r.sim->stats().drops(DropReason::nat_port_allocation) == 1);
}

TEST_CASE("timeline: deleting a NAT gateway turns its routes into blackholes for later flows") {
  // A route whose target is gone is a blackhole: BAD_STATE_ROUTE
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
  const auto r = test::run(test::scenario_json(
      test::kNat, R"([
      {"name": "before", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443},
      {"name": "after", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443, "start": "20s", "syn_retries": 1}])",
      R"([{"at": "10s", "action": "delete_nat_gateway", "nat_gateway": "nat-a"}])"));
  CHECK(r.result("before").outcome == FlowOutcome::established);
  const auto& after = r.result("after");
  CHECK(after.outcome == FlowOutcome::blocked);
  REQUIRE(after.drop);
  CHECK(after.drop->verdict.reason == DropReason::bad_state_route);
  CHECK(path::code(after.drop->verdict.reason) == "BAD_STATE_ROUTE");
  CHECK(after.drop->verdict.resource == "rtb-priv");
  CHECK(after.drop->verdict.rule == "0.0.0.0/0");
  CHECK(r.sim->stats().changes == 1);
  CHECK(r.sim->warnings().empty());
}

TEST_CASE("timeline: replace_nacl_entry and associate_nacl take effect at their time") {
  const auto flows = R"([
      {"name": "before", "from": "internet", "to": "web", "protocol": "tcp", "port": 443},
      {"name": "long", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "exchanges": 4, "gap": "10s"},
      {"name": "after", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "start": "20s", "syn_retries": 1}])";
  SUBCASE("replace_nacl_entry: inbound #100 becomes a deny") {
    const auto r = test::run(test::scenario_json(
        test::web_fixed(), flows,
        R"([{"at": "15s", "action": "replace_nacl_entry", "network_acl": "acl-443", "direction": "inbound",
             "entry": {"rule": 100, "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0", "action": "deny"}}])"));
    CHECK(r.result("before").outcome == FlowOutcome::established);
    const auto& after = r.result("after");
    CHECK(after.outcome == FlowOutcome::blocked);
    REQUIRE(after.drop);
    CHECK(after.drop->verdict.reason == DropReason::subnet_acl_restriction);
    CHECK(after.drop->verdict.resource == "acl-443");
    CHECK(after.drop->verdict.rule == "#100");
    CHECK(after.drop->packet.tcp_flags == tcpf::kSyn);
    // "Adding a network ACL that blocks traffic in either direction breaks existing
    // connections"
    // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html):
    // the established conversation is interrupted at its next exchange.
    const auto& long_flow = r.result("long");
    CHECK(long_flow.outcome == FlowOutcome::interrupted);
    CHECK(long_flow.exchanges_completed == 2);
    REQUIRE(long_flow.drop);
    CHECK(long_flow.drop->verdict.resource == "acl-443");
    CHECK(long_flow.drop->at >= net::SimTime(std::chrono::seconds(15)));
  }
  SUBCASE("associate_nacl: the subnet moves to an ACL without entries (deny all)") {
    const auto r = test::run(test::scenario_json(
        test::web_fixed(), flows,
        R"([{"at": "15s", "action": "associate_nacl", "subnet": "subnet-web", "network_acl": "acl-deny"}])"));
    CHECK(r.result("before").outcome == FlowOutcome::established);
    const auto& after = r.result("after");
    CHECK(after.outcome == FlowOutcome::blocked);
    REQUIRE(after.drop);
    CHECK(after.drop->verdict.resource == "acl-deny");
    CHECK(after.drop->verdict.rule == "*");
    const auto& long_flow = r.result("long");
    CHECK(long_flow.outcome == FlowOutcome::interrupted);
    CHECK(long_flow.exchanges_completed == 2);
    REQUIRE(long_flow.drop);
    CHECK(long_flow.drop->verdict.resource == "acl-deny");
    CHECK(r.sim->topology().network_acl(r.sim->topology().nacl_of(model::SubnetIndex(0))).id ==
          "acl-deny");
  }
}

TEST_CASE("timeline: a change AWS would refuse is a warning and is not applied") {
  // Revoking a rule the group does not have: AWS answers InvalidPermission.NotFound.
  const auto r = test::run(test::scenario_json(
      test::web_fixed(), std::string("[") + kHttps + "]",
      R"([{"at": "5s", "action": "revoke_sg_rule", "security_group": "sg-web", "direction": "inbound",
           "rule": {"protocol": "tcp", "ports": 22, "cidr": "0.0.0.0/0"}}])"));
  REQUIRE(r.sim->warnings().size() == 1);
  const auto& w = r.sim->warnings().front();
  CAPTURE(w);
  CHECK(test::contains(w, "/timeline/0"));
  CHECK(test::contains(w, "revoke_sg_rule"));
  CHECK(test::contains(w, "InvalidPermission.NotFound"));
  CHECK(r.sim->stats().changes == 0);
  CHECK(r.result("https").outcome == FlowOutcome::established);
}
