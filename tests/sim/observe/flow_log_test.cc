// VPC Flow Logs of a run against AWS's documentation
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html), with AWS's example
// records (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html)
// as oracles where the scenario can reproduce them.
// NODATA records and idle windows: flow_log_nodata_test.cc.
#include "sim/observe/flow_log.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/sim/engine/engine_fixture.h"
#include "tests/sim/observe/flow_log_fixture.h"

using namespace vpcsim;
using namespace vpcsim::test::flow_log_fixture;

namespace {

std::set<std::string> as_set(const std::vector<std::string>& lines) {
  return {lines.begin(), lines.end()};
}

const char* kHttps =
    R"([{"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443}])";

}  // namespace

TEST_CASE(
    "a short connection in one window: AWS's TCP-flag example records, 3 for the client and 19 "
    "for the server") {
  // "TCP flag sequence" of
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html, same
  // custom format. The instance that received traffic from the
  // internet logs the client's public IP and its own private IP (srcaddr = pkt-srcaddr).
  const auto l = run_logged(test::scenario_json(test::web_fixed(), kHttps),
                            [](observe::FlowLogOptions& o, const model::Topology&) {
                              o.format = format(
                                  "${version} ${vpc-id} ${subnet-id} ${instance-id} "
                                  "${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} "
                                  "${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} "
                                  "${protocol} ${bytes} ${packets} ${start} ${end} ${action} "
                                  "${tcp-flags} ${log-status}");
                            });
  const auto port = l.run.result("https").tuple.src_port;
  // Client → server: SYN 40, ACK 40, request 40+100, ACK of the response 40, FIN-ACK 40,
  // last ACK 40 = 6 packets, 340 bytes, all within second 0. Server → client: SYN-ACK 40,
  // response 40+1000, FIN-ACK 40 = 3 packets, 1120 bytes.
  const std::vector<std::string> expected = {
      fmt::format("3 vpc-a subnet-web i-web eni-web 123456789012 IPv4 203.0.113.5 10.0.1.10 {} "
                  "443 203.0.113.5 10.0.1.10 6 340 6 {} {} ACCEPT 3 OK",
                  port, kStart, kStart),
      fmt::format("3 vpc-a subnet-web i-web eni-web 123456789012 IPv4 10.0.1.10 203.0.113.5 443 "
                  "{} 10.0.1.10 203.0.113.5 6 1120 3 {} {} ACCEPT 19 OK",
                  port, kStart, kStart),
  };
  CHECK(l.lines == expected);
}

TEST_CASE("capture windows: 60 s splits a flow's records at the minute, 600 s does not") {
  // One record per 5-tuple per interface per aggregation interval (60 or 600 s;
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html).
  // Exchanges at ≈0 s and ≈60.04 s.
  const auto scenario = test::scenario_json(
      test::web_fixed(),
      R"([{"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "exchanges": 2, "gap": "60s"}])");
  const auto fmt_text =
      "${interface-id} ${flow-direction} ${packets} ${bytes} ${start} ${end} "
      "${tcp-flags} ${log-status}";
  SUBCASE("60 s") {
    const auto l = run_logged(scenario, [&](observe::FlowLogOptions& o, const model::Topology&) {
      o.format = format(fmt_text);
      o.aggregation_seconds = 60;
    });
    // Window 0: SYN, ACK, request, ACK in; SYN-ACK, response out. Window 1 (from 60 s):
    // request, ACK, FIN-ACK, ACK in; response, FIN-ACK out.
    const std::vector<std::string> expected = {
        fmt::format("eni-web ingress 4 260 {0} {0} 2 OK", kStart),
        fmt::format("eni-web egress 2 1080 {0} {0} 18 OK", kStart),
        fmt::format("eni-web ingress 4 260 {0} {0} 1 OK", kStart + 60),
        fmt::format("eni-web egress 2 1080 {0} {0} 1 OK", kStart + 60),
    };
    CHECK(l.lines == expected);
  }
  SUBCASE("600 s") {
    const auto l = run_logged(scenario, [&](observe::FlowLogOptions& o, const model::Topology&) {
      o.format = format(fmt_text);
      o.aggregation_seconds = 600;
    });
    const std::vector<std::string> expected = {
        fmt::format("eni-web ingress 8 520 {} {} 3 OK", kStart, kStart + 60),
        fmt::format("eni-web egress 4 2160 {} {} 19 OK", kStart, kStart + 60),
    };
    CHECK(l.lines == expected);
  }
}

TEST_CASE("`only` keeps one interface's records; the header line comes first, once") {
  const auto topology = test::with_instance(
      test::web_fixed(),
      R"({"id": "i-idle", "name": "idle", "subnet": "subnet-web", "private_ip": "10.0.1.20", "security_groups": ["sg-web"]})");
  const auto scenario = test::scenario_json(
      topology,
      R"([{"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "exchanges": 2, "gap": "70s"}])");
  const auto web = run_logged(scenario, [](observe::FlowLogOptions& o, const model::Topology& t) {
    o.only = t.find_eni("eni-web");
    o.header = true;
  });
  REQUIRE(web.lines.size() == 1 + 4);  // header + 2 records in each of 2 windows
  CHECK(web.lines.front() == model::FlowLogFormat::default_v2().header());
  for (std::size_t i = 1; i < web.lines.size(); ++i) {
    CHECK(web.lines[i].starts_with("2 123456789012 eni-web "));
    CHECK(test::contains(web.lines[i], " ACCEPT OK"));
  }
  const auto idle = run_logged(scenario, [](observe::FlowLogOptions& o, const model::Topology& t) {
    o.only = t.find_eni("idle");
  });
  REQUIRE(idle.lines.size() == 2);  // windows 0 and 1
  for (const auto& line : idle.lines)
    CHECK(line.ends_with(" - NODATA"));
}

TEST_CASE(
    "through a NAT gateway: AWS's example records, '-' instance-id for the gateway's interface") {
  // "Traffic through a NAT gateway" of
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html, same
  // addresses and custom format, and instance-id: "a '-' symbol for a requester-managed
  // network interface; for example, the network interface for a NAT gateway"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html). srcaddr/dstaddr
  // show the NAT interface's private IP
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html, limitations);
  // pkt-srcaddr/pkt-dstaddr the packet's own addresses.
  const auto l = run_logged(
      test::scenario_json(
          test::kNat,
          R"([{"name": "out", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443}])"),
      [](observe::FlowLogOptions& o, const model::Topology&) {
        o.format = format(
            "${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr}");
      });
  CHECK(l.run.result("out").outcome == model::FlowOutcome::established);
  const std::set<std::string> expected = {
      // The instance to the NAT interface: dstaddr is the NAT's IP, pkt-dstaddr the host's.
      "- eni-nat-a 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5",
      // The NAT interface to the host and back: its private IP, not the Elastic IP.
      "- eni-nat-a 10.0.0.220 203.0.113.5 10.0.0.220 203.0.113.5",
      "- eni-nat-a 203.0.113.5 10.0.0.220 203.0.113.5 10.0.0.220",
      // The reply to the instance: srcaddr is the NAT's IP, pkt-srcaddr the host's.
      "- eni-nat-a 10.0.0.220 10.0.1.5 203.0.113.5 10.0.1.5",
      // The instance's own interface is not an intermediate one: the addresses agree.
      "i-priv eni-priv 10.0.1.5 203.0.113.5 10.0.1.5 203.0.113.5",
      "i-priv eni-priv 203.0.113.5 10.0.1.5 203.0.113.5 10.0.1.5",
  };
  CHECK(as_set(l.lines) == expected);
  CHECK(l.lines.size() == expected.size());
}

TEST_CASE("a packet to a secondary private IP is logged with the primary IP as dstaddr") {
  // "the flow log displays the primary private IPv4 address in the dstaddr field. To
  // capture the original destination IP address, create a flow log with the pkt-dstaddr field."
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html, limitations)
  const auto topology = test::with_instance(
      test::web_fixed(),
      R"({"id": "i-client", "name": "client", "subnet": "subnet-web", "private_ip": "10.0.1.20"})");
  // web gets a secondary address; the client calls it there.
  std::string t = topology;
  const std::string web = R"("private_ip": "10.0.1.10",)";
  t.insert(t.find(web) + web.size(), R"( "secondary_private_ips": ["10.0.1.11"],)");
  const auto l = run_logged(
      test::scenario_json(
          t,
          R"([{"name": "to-secondary", "from": "client", "to": "10.0.1.11", "protocol": "tcp", "port": 443}])"),
      [](observe::FlowLogOptions& o, const model::Topology& topo) {
        o.format = format(
            "${interface-id} ${flow-direction} ${srcaddr} ${dstaddr} "
            "${pkt-srcaddr} ${pkt-dstaddr}");
        o.only = topo.find_eni("web");
      });
  CHECK(l.run.result("to-secondary").outcome == model::FlowOutcome::established);
  CHECK(as_set(l.lines) == std::set<std::string>{
                               "eni-web ingress 10.0.1.20 10.0.1.10 10.0.1.20 10.0.1.11",
                               "eni-web egress 10.0.1.11 10.0.1.20 10.0.1.11 10.0.1.20",
                           });
}

TEST_CASE(
    "traffic-path: 1 within the VPC, 2 through an internet gateway, 4 through peering; "
    "'-' for ingress") {
  // traffic-path: "The traffic-path field is not supported for ingress traffic."
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html)
  const auto fmt_text = "${interface-id} ${flow-direction} ${dstaddr} ${traffic-path}";
  SUBCASE("NAT gateway") {
    const auto l = run_logged(
        test::scenario_json(
            test::kNat,
            R"([{"name": "out", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443}])"),
        [&](observe::FlowLogOptions& o, const model::Topology&) { o.format = format(fmt_text); });
    CHECK(as_set(l.lines) == std::set<std::string>{
                                 "eni-priv egress 203.0.113.5 1",  // to the NAT gateway
                                 "eni-priv ingress 10.0.1.5 -", "eni-nat-a ingress 10.0.0.220 -",
                                 "eni-nat-a egress 203.0.113.5 2",  // to the internet gateway
                                 "eni-nat-a ingress 10.0.0.220 -",
                                 "eni-nat-a egress 10.0.1.5 1",  // back to the instance
                             });
  }
  SUBCASE("peering") {
    const auto peered = R"({
      "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}, {"id": "vpc-b", "cidr": "10.1.0.0/16"}],
      "peering_connections": [{"id": "pcx-ab", "requester": "vpc-a", "accepter": "vpc-b"}],
      "subnets": [
        {"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-a"},
        {"id": "subnet-b", "vpc": "vpc-b", "cidr": "10.1.1.0/24", "route_table": "rtb-b"}],
      "route_tables": [
        {"id": "rtb-a", "vpc": "vpc-a", "routes": [{"destination": "10.1.0.0/16", "target": "pcx-ab"}]},
        {"id": "rtb-b", "vpc": "vpc-b", "routes": [{"destination": "10.0.0.0/16", "target": "pcx-ab"}]}],
      "security_groups": [{"id": "sg-b", "vpc": "vpc-b", "inbound": [{"protocol": "tcp", "ports": 22, "cidr": "10.0.0.0/16"}]}],
      "instances": [
        {"id": "i-a", "name": "a", "subnet": "subnet-a", "private_ip": "10.0.1.5"},
        {"id": "i-b", "name": "b", "subnet": "subnet-b", "private_ip": "10.1.1.5", "security_groups": ["sg-b"]}]})";
    const auto l = run_logged(
        test::scenario_json(
            peered, R"([{"name": "ssh", "from": "a", "to": "b", "protocol": "tcp", "port": 22}])"),
        [&](observe::FlowLogOptions& o, const model::Topology&) { o.format = format(fmt_text); });
    CHECK(l.run.result("ssh").outcome == model::FlowOutcome::established);
    CHECK(as_set(l.lines) == std::set<std::string>{
                                 "eni-a egress 10.1.1.5 4",
                                 "eni-a ingress 10.0.1.5 -",
                                 "eni-b ingress 10.1.1.5 -",
                                 "eni-b egress 10.0.1.5 4",
                             });
    SUBCASE("inter-Region: traffic-path 5, and each interface's own Region and account") {
      // "5 — Through an inter-Region VPC peering connection"; region: "The Region that
      // contains the network interface"; account-id: "the owner of the source network
      // interface" (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
      std::string across = peered;
      const std::string b = R"({"id": "vpc-b", "cidr": "10.1.0.0/16")";
      across.replace(
          across.find(b), b.size(),
          R"({"id": "vpc-b", "cidr": "10.1.0.0/16", "region": "eu-west-1", "account_id": "210987654321")");
      const auto x = run_logged(
          test::scenario_json(
              across,
              R"([{"name": "ssh", "from": "a", "to": "b", "protocol": "tcp", "port": 22}])"),
          [&](observe::FlowLogOptions& o, const model::Topology&) {
            o.format =
                format("${account-id} ${region} ${interface-id} ${flow-direction} ${traffic-path}");
          });
      CHECK(x.run.result("ssh").outcome == model::FlowOutcome::established);
      CHECK(as_set(x.lines) == std::set<std::string>{
                                   "123456789012 us-east-1 eni-a egress 5",
                                   "123456789012 us-east-1 eni-a ingress -",
                                   "210987654321 eu-west-1 eni-b ingress -",
                                   "210987654321 eu-west-1 eni-b egress 5",
                               });
    }
  }
}

TEST_CASE("threaded: aggregating and writing on a worker thread gives the same records") {
  // Bundled scenarios with NAT, timeline changes (a NAT gateway deleted) and many windows.
  for (const char* name : {"three-tier", "blackhole-after-nat-delete", "nat-idle-timeout"}) {
    CAPTURE(name);
    std::ifstream in(std::string(VPCSIM_SOURCE_DIR) + "/scenarios/" + name + "/scenario.json");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto inline_log =
        run_logged(text, [](observe::FlowLogOptions&, const model::Topology&) {});
    core::Worker worker;
    const auto threaded = run_logged(
        text, [&](observe::FlowLogOptions& o, const model::Topology&) { o.worker = &worker; });
    CHECK(inline_log.lines.size() > 3);
    CHECK(threaded.text == inline_log.text);
  }
}
