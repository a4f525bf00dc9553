// engine::Simulation against AWS's documented behaviour (the AWS documentation pages cited
// below) and the TCP model a user relies on (Linux SYN backoff, RTO retransmission):
// conversations over TCP, UDP and ICMP, runs cut short, seeds and source ports. Timeline
// changes and NAT gateways: simulation_timeline_test.cc.
#include "sim/engine/simulation.h"

#include <doctest/doctest.h>

#include <set>

#include <fmt/format.h>
#include <sstream>

#include "sim/observe/flow_log.h"
#include "sim/observe/trace_writer.h"
#include "tests/sim/engine/engine_fixture.h"
#include "tests/sim/engine/simulation_fixture.h"
#include "tests/sim/path/path_fixture.h"
#include "topology/load/flow_log_format_reader.h"

using namespace vpcsim;
using model::FlowOutcome;
using net::SimTime;
using path::DropReason;
namespace tcpf = path::tcp;
using test::simulation_fixture::kHttps;

namespace {

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
