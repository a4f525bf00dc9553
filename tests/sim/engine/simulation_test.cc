// engine::Simulation against AWS's documented behaviour (the AWS documentation pages cited
// below) and the TCP model a user relies on (Linux SYN backoff, RTO retransmission, NAT RST).
#include "sim/engine/simulation.h"

#include <doctest/doctest.h>

#include <set>

#include <fmt/format.h>
#include <sstream>

#include "sim/observe/flow_log.h"
#include "sim/observe/trace_writer.h"
#include "tests/sim/engine/engine_fixture.h"
#include "tests/sim/path/path_fixture.h"
#include "topology/load/flow_log_format_reader.h"

using namespace vpcsim;
using model::FlowOutcome;
using net::SimTime;
using path::DropReason;
namespace tcpf = path::tcp;

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

// A public server that admits ICMP and syslog (udp 514); its NACL lets UDP replies out to
// ephemeral ports but no ICMP out: AWS's ping example
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
const std::string kPing = R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-web", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub", "network_acl": "acl-web"}],
  "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
  "network_acls": [{"id": "acl-web", "vpc": "vpc-a",
    "inbound":  [{"rule": 100, "protocol": "icmp", "icmp_type": -1, "cidr": "0.0.0.0/0", "action": "allow"},
                 {"rule": 110, "protocol": "udp", "ports": 514, "cidr": "0.0.0.0/0", "action": "allow"}],
    "outbound": [{"rule": 100, "protocol": "udp", "ports": "1024-65535", "cidr": "0.0.0.0/0", "action": "allow"}]}],
  "security_groups": [{"id": "sg-web", "vpc": "vpc-a", "outbound": [],
    "inbound": [{"protocol": "icmp", "icmp_type": -1, "cidr": "0.0.0.0/0"}, {"protocol": "udp", "ports": 514, "cidr": "0.0.0.0/0"}]}],
  "instances": [{"id": "i-web", "name": "web", "subnet": "subnet-web", "private_ip": "10.0.1.10", "public_ip": "198.51.100.10", "security_groups": ["sg-web"]}]
})";

const char* kHttps =
    R"({"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443})";

}  // namespace

TEST_CASE(
    "a 443-only NACL blocks an internet client: the SYN-ACK is dropped and the client gives up "
    "after its SYN retries with Linux's backoff") {
  // Responses to allowed inbound traffic are subject to the outbound rules
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html), and the reply
  // goes to the client's ephemeral port
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html), which the
  // NACL does not open.
  const auto r = test::run(test::scenario_json(test::kWeb443, std::string("[") + kHttps + R"(,
      {"name": "two-retries", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "syn_retries": 2}])"));
  const auto& f = r.flow("https");
  CHECK(f.common_outcome() == FlowOutcome::blocked);
  CHECK(f.total() == 1);
  const auto& res = r.result("https");
  CHECK(res.outcome == FlowOutcome::blocked);
  CHECK(res.exchanges_completed == 0);
  // Default tcp_syn_retries = 6: 7 SYNs; timeouts 1, 2, 4, … 64 s → gives up at 127 s.
  CHECK(res.attempts == 7);
  CHECK(res.end - res.start == net::SimTime(std::chrono::seconds(1 + 2 + 4 + 8 + 16 + 32 + 64)));
  REQUIRE(res.drop);
  CHECK(res.drop->verdict.reason == DropReason::subnet_acl_restriction);
  CHECK(res.drop->verdict.resource == "acl-443");
  CHECK(res.drop->verdict.rule == "*");
  // The dropped packet is the server's SYN-ACK to the client's ephemeral port.
  CHECK(res.drop->packet.tcp_flags == (tcpf::kSyn | tcpf::kAck));
  CHECK(res.drop->packet.tuple.src.to_string() == "10.0.1.10");
  CHECK(res.drop->packet.tuple.src_port == 443);
  CHECK(res.drop->packet.tuple.dst_port == res.tuple.src_port);
  CHECK(res.tuple.dst.to_string() == "198.51.100.10");  // from the internet: the public IP

  const auto& two = r.result("two-retries");
  CHECK(two.outcome == FlowOutcome::blocked);
  CHECK(two.attempts == 3);
  CHECK(two.end - two.start == net::SimTime(std::chrono::seconds(1 + 2 + 4)));
  // Every SYN-ACK was dropped at the NACL, and nothing else was.
  CHECK(r.sim->stats().drops(DropReason::subnet_acl_restriction) == 7 + 3);
  CHECK(r.sim->stats().dropped == 7 + 3);

  // The fix: outbound 1024-65535.
  const auto fixed =
      test::run(test::scenario_json(test::web_fixed(), std::string("[") + kHttps + "]"));
  const auto& ok = fixed.result("https");
  CHECK(ok.outcome == FlowOutcome::established);
  CHECK(ok.attempts == 1);
  CHECK(ok.exchanges_completed == 1);
  CHECK_FALSE(ok.drop);
  CHECK(fixed.sim->stats().dropped == 0);
}

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

TEST_CASE("an SG reference admits a member at the private IP, not through the public IP") {
  // "Incoming traffic is allowed based on the private IP addresses of the instances that
  // are associated with the source security group (and not the public IP or Elastic IP
  // addresses)." (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules.html)
  // Through the IGW the source becomes a's public IP.
  const auto r = test::run(test::scenario_json(test::kSgRef, R"([
      {"name": "private", "from": "a", "to": "10.0.1.11", "protocol": "tcp", "port": 22},
      {"name": "by-name", "from": "a", "to": "b", "protocol": "tcp", "port": 22},
      {"name": "public", "from": "a", "to": "198.51.100.11", "protocol": "tcp", "port": 22, "syn_retries": 1}])"));
  CHECK(r.result("private").outcome == FlowOutcome::established);
  // An interface named inside its own VPC is reached at its private IP.
  CHECK(r.result("by-name").outcome == FlowOutcome::established);
  CHECK(r.result("by-name").tuple.dst.to_string() == "10.0.1.11");
  const auto& pub = r.result("public");
  CHECK(pub.outcome == FlowOutcome::blocked);
  REQUIRE(pub.drop);
  CHECK(pub.drop->verdict.reason == DropReason::sg_rules_mismatch);
  CHECK(pub.drop->verdict.resource == "sg-b");
  CHECK(pub.drop->packet.tcp_flags == tcpf::kSyn);
}

TEST_CASE(
    "UDP and ICMP: request/response established; a NACL without outbound ICMP blocks the echo "
    "reply, logged ACCEPT then REJECT") {
  // NACL statelessness (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html)
  // and AWS's ping example: "An ACCEPT record for the originating ping … A REJECT record for
  // the response ping that the network ACL denied."
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html)
  const auto flows = R"([
      {"name": "syslog", "from": "internet", "to": "web", "protocol": "udp", "port": 514, "exchanges": 3},
      {"name": "ping", "from": "internet", "to": "web", "protocol": "icmp", "exchanges": 4}])";
  auto r = test::prepare(test::scenario_json(kPing, flows, "", R"("start_time": 1432917027)"));
  std::ostringstream log;
  observe::FlowLogOptions opt;
  opt.start_time = r.scenario->start_time;
  observe::FlowLog flow_log(r.topology(), opt, log);
  r.sim->add_observer(flow_log);
  r.sim->run();

  CHECK(r.result("syslog").outcome == FlowOutcome::established);
  CHECK(r.result("syslog").exchanges_completed == 3);
  const auto& ping = r.result("ping");
  CHECK(ping.outcome == FlowOutcome::blocked);
  CHECK(ping.exchanges_completed == 0);
  REQUIRE(ping.drop);
  CHECK(ping.drop->verdict.reason == DropReason::subnet_acl_restriction);
  CHECK(ping.drop->verdict.resource == "acl-web");
  CHECK(ping.drop->packet.icmp_type == 0);  // the echo reply

  // Four 84-byte pings (20 IP + 8 ICMP + 56 data) within 3 s: "1 4 336", as in AWS's example.
  const auto text = log.str();
  CAPTURE(text);
  CHECK(test::contains(
      text,
      "2 123456789012 eni-web 203.0.113.5 10.0.1.10 0 0 1 4 336 1432917027 1432917030 "
      "ACCEPT OK\n"));
  CHECK(test::contains(
      text,
      "2 123456789012 eni-web 10.0.1.10 203.0.113.5 0 0 1 4 336 1432917027 1432917030 "
      "REJECT OK\n"));

  // With outbound ICMP allowed the echo completes, and both records are ACCEPT.
  const auto open = test::run(test::scenario_json(
      kPing, flows,
      R"([{"at": 0, "action": "replace_nacl_entry", "network_acl": "acl-web", "direction": "outbound",
           "entry": {"rule": 110, "protocol": "icmp", "icmp_type": -1, "cidr": "0.0.0.0/0", "action": "allow"}}])"));
  CHECK(open.result("ping").outcome == FlowOutcome::established);
  CHECK(open.result("ping").exchanges_completed == 4);
  CHECK(open.sim->stats().dropped == 0);
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

TEST_CASE("until: the run stops there and reports the conversations still running") {
  const auto r = test::run(
      test::scenario_json(test::web_fixed(), R"([
      {"name": "short", "from": "internet", "to": "web", "protocol": "tcp", "port": 443},
      {"name": "long", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "exchanges": 10, "gap": "10s"},
      {"name": "late", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "start": "60s"}])"),
      engine::SimulationOptions{.seed = 1, .until = net::SimTime(std::chrono::seconds(25))});
  CHECK(r.flow("short").common_outcome() == FlowOutcome::established);
  const auto& f = r.flow("long");
  CHECK(f.unfinished == 1);
  CHECK(f.total() == 1);
  CHECK_FALSE(f.common_outcome());
  REQUIRE(f.first_failure);
  CHECK_FALSE(f.first_failure->finished);
  CHECK(f.first_failure->exchanges_completed == 3);  // at ≈0, ≈10 and ≈20 s
  CHECK(f.first_failure->end == net::SimTime(std::chrono::seconds(25)));
  // A flow that had not started is not reported.
  CHECK(r.flow("late").total() == 0);
  // The run covers the time up to `until`, though its last event came earlier.
  CHECK(r.sim->end_time() == net::SimTime(std::chrono::seconds(25)));
}

TEST_CASE(
    "same scenario and seed: byte-identical flow logs and traces; another seed: other ports") {
  const auto scenario = test::scenario_json(test::kNat, R"([
      {"name": "out", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443, "repeat": 5, "every": "2s"},
      {"name": "dns", "from": "priv", "to": "internet:198.51.100.53", "protocol": "udp", "port": 53, "exchanges": 3},
      {"name": "ping", "from": "priv", "to": "internet", "protocol": "icmp", "exchanges": 2}])");
  struct Output {
    std::string flow_log, trace, jsonl;
    std::set<std::uint16_t> ports;
  };
  const auto once = [&](std::uint64_t seed) {
    auto r = test::prepare(scenario, {.seed = seed, .record_hops = true});
    std::ostringstream fl, tr, js;
    observe::FlowLogOptions opt;
    opt.format = *[] {
      std::string error;
      return load::parse_flow_log_format(
          "${interface-id} ${srcaddr} ${srcport} ${pkt-srcaddr} ${dstaddr} ${dstport} ${packets} "
          "${start} ${action} ${tcp-flags}",
          error);
    }();
    observe::FlowLog flow_log(r.topology(), opt, fl);
    observe::TraceWriter text(r.topology(), observe::TraceFormat::text, tr);
    observe::TraceWriter jsonl(r.topology(), observe::TraceFormat::jsonl, js);
    r.sim->add_observer(flow_log);
    r.sim->add_observer(text);
    r.sim->add_observer(jsonl);
    r.sim->run();
    Output o{fl.str(), tr.str(), js.str(), {}};
    for (const auto& f : r.sim->flows())
      o.ports.insert(f.first->tuple.src_port);
    return o;
  };
  const auto a = once(1), b = once(1), c = once(2);
  CHECK_FALSE(a.flow_log.empty());
  CHECK_FALSE(a.trace.empty());
  CHECK(a.flow_log == b.flow_log);
  CHECK(a.trace == b.trace);
  CHECK(a.jsonl == b.jsonl);
  // Another seed draws other client ports and ICMP ids (and other NAT ports).
  CHECK(a.ports != c.ports);
  CHECK(a.flow_log != c.flow_log);
  CHECK(a.trace != c.trace);
}

TEST_CASE("concurrent conversations from one client to one server get distinct source ports") {
  // A kernel does not hand out a local port that an open connection to the same destination
  // uses; conversations that shared a 5-tuple would merge in connection tracking, NAT and
  // flow logs. 5,000 open connections in Linux's 28,232 ephemeral ports would collide by
  // chance (birthday bound) without this.
  const auto scenario = test::scenario_json(test::web_fixed(), R"([
      {"name": "many", "from": "internet:203.0.113.7", "to": "web", "protocol": "tcp", "port": 443,
       "repeat": 5000, "every": "1ms", "close": "none"}])");
  struct Ports : engine::Observer {
    std::set<std::uint16_t> seen;
    std::size_t ended = 0;
    void on_flow_end(const model::FlowSpec&, const engine::FlowResult& r) override {
      ++ended;
      seen.insert(r.tuple.src_port);
      CHECK(r.tuple.src_port >= 32768);
      CHECK(r.tuple.src_port <= 60999);
    }
  } ports;
  auto r = test::prepare(scenario);
  r.sim->add_observer(ports);
  r.sim->run();
  CHECK(r.flow("many").count(model::FlowOutcome::established) == 5000);
  CHECK(ports.ended == 5000);
  CHECK(ports.seen.size() == 5000);
}
