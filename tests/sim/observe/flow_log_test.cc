// VPC Flow Logs of a run against AWS's documentation
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html), with AWS's example
// records (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html)
// as oracles where the scenario can reproduce them.
#include "sim/observe/flow_log.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "sim/engine/replay.h"
#include "tests/sim/engine/engine_fixture.h"
#include "tests/sim/path/path_fixture.h"
#include "topology/load/flow_log_format_reader.h"

using namespace vpcsim;

namespace {

// AWS's TCP-flag example starts here
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
constexpr std::int64_t kStart = 1566848875;

model::FlowLogFormat format(const std::string& text) {
  std::string error;
  auto f = load::parse_flow_log_format(text, error);
  INFO(error);
  REQUIRE(f);
  return *f;
}

// Runs `scenario` with one FlowLog; `configure` adjusts the options (start_time is kStart).
struct Logged {
  test::SimRun run;
  std::string text;
  std::vector<std::string> lines;
  std::uint64_t nodata_omitted = 0;  // FlowLog::nodata_omitted()
};
template <class Configure>
Logged run_logged(const std::string& scenario, Configure configure) {
  Logged l{test::prepare(scenario), {}, {}};
  observe::FlowLogOptions opt;
  opt.start_time = kStart;
  configure(opt, l.run.topology());
  std::ostringstream out;
  observe::FlowLog log(l.run.topology(), opt, out);
  l.run.sim->add_observer(log);
  l.run.sim->run();
  l.text = out.str();
  l.lines = test::lines_of(l.text);
  l.nodata_omitted = log.nodata_omitted();
  return l;
}

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

TEST_CASE("NODATA records for interfaces without traffic in a window, unless turned off") {
  // log-status NODATA: "There was no network traffic to or from the network interface
  // during the aggregation interval"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html); AWS's example:
  // "2 123456789010 eni-… - - - - - - - 1431280876 1431280934 - NODATA"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
  const auto topology = test::with_instance(
      test::web_fixed(),
      R"({"id": "i-idle", "name": "idle", "subnet": "subnet-web", "private_ip": "10.0.1.20", "security_groups": ["sg-web"]})");
  // Exchanges at ≈0 s and ≈120 s: eni-web is idle in the window [60 s, 120 s).
  const auto scenario = test::scenario_json(
      topology,
      R"([{"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "exchanges": 2, "gap": "120s"}])");
  const auto nodata = [](const char* eni, std::int64_t window) {
    return fmt::format("2 123456789012 {} - - - - - - - {} {} - NODATA", eni, kStart + window * 60,
                       kStart + window * 60 + 60);
  };
  const auto l = run_logged(scenario, [](observe::FlowLogOptions&, const model::Topology&) {});
  CAPTURE(l.text);
  // eni-idle in each of the three windows; eni-web only in the middle one.
  for (std::int64_t w = 0; w < 3; ++w)
    CHECK(std::count(l.lines.begin(), l.lines.end(), nodata("eni-idle", w)) == 1);
  CHECK(std::count(l.lines.begin(), l.lines.end(), nodata("eni-web", 0)) == 0);
  CHECK(std::count(l.lines.begin(), l.lines.end(), nodata("eni-web", 1)) == 1);
  CHECK(std::count(l.lines.begin(), l.lines.end(), nodata("eni-web", 2)) == 0);
  // Each window's lines come in interface-id order: eni-idle before eni-web.
  CHECK(l.lines.front() == nodata("eni-idle", 0));
  CHECK(l.lines.size() == 3 + 1 + 2 + 2);  // NODATA lines + two records in windows 0 and 2

  const auto quiet = run_logged(
      scenario, [](observe::FlowLogOptions& o, const model::Topology&) { o.nodata = false; });
  CHECK(quiet.lines.size() == 4);
  for (const auto& line : quiet.lines) {
    CHECK_FALSE(test::contains(line, "NODATA"));
    CHECK(test::contains(line, " eni-web "));
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

namespace {

// eni-idle (never any traffic) and eni-web, for the idle-gap tests below.
std::string idle_and_web() {
  return test::with_instance(
      test::web_fixed(),
      R"({"id": "i-idle", "name": "idle", "subnet": "subnet-web", "private_ip": "10.0.1.20", "security_groups": ["sg-web"]})");
}

// A SYN from the internet to web's public address (an ingress record of eni-web) at each
// of `times`, replayed into a flow log whose options `configure` adjusts (start_time is
// kStart, the format "${interface-id} ${start} ${end} ${log-status}").
struct Replayed {
  model::Scenario scenario;
  std::string text;
  std::vector<std::string> lines;
  std::uint64_t omitted_idle = 0, omitted_web = 0, omitted = 0;
};
template <class Configure>
Replayed replay_logged(const std::vector<net::SimTime>& times, Configure configure) {
  Replayed r{test::load(idle_and_web()), {}, {}};
  const auto& t = *r.scenario.topology;
  observe::FlowLogOptions opt;
  opt.start_time = kStart;
  opt.format = format("${interface-id} ${start} ${end} ${log-status}");
  configure(opt);
  std::ostringstream out;
  observe::FlowLog log(t, opt, out);
  engine::Replay replay(t, {});
  replay.add_observer(log);
  std::uint16_t port = 50000;
  for (const auto time : times)
    replay.packet(time, test::tcp("203.0.113.5", port++, "198.51.100.10", 443, path::tcp::kSyn));
  replay.finish();
  r.text = out.str();
  r.lines = test::lines_of(r.text);
  r.omitted_idle = log.nodata_omitted(test::eni(t, "idle"));
  r.omitted_web = log.nodata_omitted(test::eni(t, "web"));
  r.omitted = log.nodata_omitted();
  CHECK(log.records_written() == r.lines.size());
  return r;
}

std::string nodata_line(const char* eni, std::int64_t window, std::int64_t seconds = 60) {
  return fmt::format("{} {} {} NODATA", eni, kStart + window * seconds,
                     kStart + (window + 1) * seconds);
}
std::string record_line(net::SimTime time) {
  const auto at = kStart + net::whole_seconds(time);
  return fmt::format("eni-web {} {} OK", at, at);
}

constexpr std::int64_t kTenYears = std::int64_t{10} * 365 * 86400;  // 5,256,000 windows of 60 s

}  // namespace

TEST_CASE(
    "idle windows under nodata_gap_limit: exactly their NODATA lines, in window and interface "
    "order; nothing omitted") {
  // Traffic in windows 0, 4 and 9; eni-idle has none. Every idle window of every interface
  // gets its NODATA record, as before the limit existed
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html, log-status).
  using std::chrono::seconds;
  const std::vector<net::SimTime> times = {seconds(0), seconds(241), seconds(545)};
  const auto r = replay_logged(times, [](observe::FlowLogOptions&) {});
  std::vector<std::string> expected;
  for (std::int64_t w = 0; w <= 9; ++w) {
    expected.push_back(nodata_line("eni-idle", w));
    const auto busy = std::find_if(times.begin(), times.end(),
                                   [&](net::SimTime t) { return net::whole_seconds(t) / 60 == w; });
    expected.push_back(busy != times.end() ? record_line(*busy) : nodata_line("eni-web", w));
  }
  CHECK(r.lines == expected);
  CHECK(r.omitted == 0);

  // The same with the writer on a worker thread.
  core::Worker worker;
  const auto threaded =
      replay_logged(times, [&](observe::FlowLogOptions& o) { o.worker = &worker; });
  CHECK(threaded.text == r.text);
  CHECK(threaded.omitted == 0);
}

TEST_CASE(
    "an idle gap longer than nodata_gap_limit: NODATA for its first windows, the others "
    "counted per interface") {
  // Limit 3. eni-web: traffic in windows 0, 4 and 9, gaps of 3 (all written) and 4 windows
  // (windows 5-7 written, 8 omitted). eni-idle: one gap of windows 0-9 (0-2 written).
  using std::chrono::seconds;
  const std::vector<net::SimTime> times = {seconds(0), seconds(241), seconds(545)};
  const auto configure = [](observe::FlowLogOptions& o) { o.nodata_gap_limit = 3; };
  const auto r = replay_logged(times, configure);
  const std::vector<std::string> expected = {
      nodata_line("eni-idle", 0), record_line(times[0]),      // window 0
      nodata_line("eni-idle", 1), nodata_line("eni-web", 1),  // window 1
      nodata_line("eni-idle", 2), nodata_line("eni-web", 2),  // window 2
      nodata_line("eni-web", 3),                              // window 3: eni-idle at its limit
      record_line(times[1]),                                  // window 4: eni-web's gap ends
      nodata_line("eni-web", 5),  nodata_line("eni-web", 6), nodata_line("eni-web", 7),
      record_line(times[2]),  // window 9 (window 8 omitted)
  };
  CHECK(r.lines == expected);
  CHECK(r.omitted_web == 1);
  CHECK(r.omitted_idle == 7);
  CHECK(r.omitted == 8);

  core::Worker worker;
  const auto threaded = replay_logged(times, [&](observe::FlowLogOptions& o) {
    configure(o);
    o.worker = &worker;
  });
  CHECK(threaded.text == r.text);
  CHECK(threaded.omitted_web == 1);
  CHECK(threaded.omitted_idle == 7);

  // Nothing is counted as omitted where no NODATA record would be written anyway.
  const auto quiet = replay_logged(times, [&](observe::FlowLogOptions& o) {
    configure(o);
    o.nodata = false;
  });
  CHECK(quiet.lines.size() == 3);
  CHECK(quiet.omitted == 0);
  const auto web_only = replay_logged(times, [&](observe::FlowLogOptions& o) {
    configure(o);
    o.only = test::eni(*test::load(idle_and_web()).topology, "web");
  });
  CHECK(web_only.omitted_idle == 0);
  CHECK(web_only.omitted_web == 1);
  CHECK(web_only.lines.size() == 3 + 6);
}

TEST_CASE(
    "traffic at 0, 10 years and 9e9 s: bounded output (nodata_gap_limit lines per gap), the "
    "other idle windows counted, in no time") {
  // Before the limit, every window between was written: 10 years are 5,256,000 windows of
  // 60 s per idle interface, 9e9 s 150,000,000.
  using std::chrono::seconds;
  const auto limit = std::int64_t{observe::FlowLogOptions{}.nodata_gap_limit};
  REQUIRE(limit == 1440);
  const std::int64_t w10 = kTenYears / 60;
  const std::int64_t w9e9 = std::int64_t{9'000'000'000} / 60;
  SUBCASE("0 and 10 years") {
    const std::vector<net::SimTime> times = {seconds(0), seconds(kTenYears)};
    const auto r = replay_logged(times, [](observe::FlowLogOptions&) {});
    REQUIRE(r.lines.size() == 2 + 2 * limit);
    CHECK(std::count(r.lines.begin(), r.lines.end(), record_line(times[1])) == 1);
    CHECK(r.lines.back() == record_line(times[1]));
    // Each gap's NODATA records are its first windows: eni-idle's 0 …, eni-web's 1 … .
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-idle", limit - 1)) == 1);
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-idle", limit)) == 0);
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-web", limit)) == 1);
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-web", limit + 1)) == 0);
    CHECK(r.omitted_idle == static_cast<std::uint64_t>(w10 + 1 - limit));  // windows 0 … w10
    CHECK(r.omitted_web == static_cast<std::uint64_t>(w10 - 1 - limit));   // windows 1 … w10-1
  }
  SUBCASE("0, 10 years and 9e9 s") {
    const std::vector<net::SimTime> times = {seconds(0), seconds(kTenYears),
                                             seconds(9'000'000'000)};
    const auto r = replay_logged(times, [](observe::FlowLogOptions&) {});
    // eni-web: two gaps; eni-idle: one.
    REQUIRE(r.lines.size() == 3 + 3 * limit);
    CHECK(r.lines.back() == record_line(times[2]));
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-web", w10 + limit)) == 1);
    CHECK(std::count(r.lines.begin(), r.lines.end(), nodata_line("eni-web", w10 + limit + 1)) == 0);
    CHECK(r.omitted_idle == static_cast<std::uint64_t>(w9e9 + 1 - limit));
    CHECK(r.omitted_web ==
          static_cast<std::uint64_t>((w10 - 1 - limit) + (w9e9 - w10 - 1 - limit)));
  }
}

TEST_CASE("a flow that starts after 10 simulated years: one day of NODATA per idle gap") {
  // The engine's run, as `vpcsim run` makes it: eni-web's conversations at 0 and 10 years.
  const auto scenario = test::scenario_json(
      idle_and_web(),
      fmt::format(
          R"([{{"name": "now", "from": "internet", "to": "web", "protocol": "tcp", "port": 443}},
              {{"name": "later", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "start": "{}s"}}])",
          kTenYears));
  const auto l = run_logged(scenario, [](observe::FlowLogOptions&, const model::Topology&) {});
  CHECK(l.run.result("later").outcome == model::FlowOutcome::established);
  const auto nodata = std::count_if(l.lines.begin(), l.lines.end(),
                                    [](const std::string& s) { return s.ends_with(" NODATA"); });
  // 2 records per conversation (ingress, egress); 1440 NODATA lines for eni-idle's one gap
  // (windows 0 … the run's last) and for eni-web's gap between the two conversations.
  const std::int64_t last = net::whole_seconds(l.run.sim->end_time()) / 60;
  REQUIRE(last == kTenYears / 60);  // "later" ends within its first minute
  CHECK(l.lines.size() == 4 + 2 * 1440);
  CHECK(nodata == 2 * 1440);
  CHECK(l.nodata_omitted == static_cast<std::uint64_t>((last + 1 - 1440) + (last - 1 - 1440)));
}

TEST_CASE("window numbers near the end of std::chrono::nanoseconds do not overflow") {
  // 2^63 - 1 ns is 9,223,372,036 s: window 153,722,867 of 60 s, 15,372,286 of 600 s. Driven
  // directly (the engine's own timers have no room left there).
  const auto sc = test::load(idle_and_web());
  const auto& t = *sc.topology;
  const auto web = test::eni(t, "web");
  for (const std::int64_t seconds : {60, 600}) {
    CAPTURE(seconds);
    observe::FlowLogOptions opt;
    opt.start_time = kStart;
    opt.aggregation_seconds = static_cast<std::uint32_t>(seconds);
    opt.format = format("${interface-id} ${start} ${end} ${log-status}");
    opt.nodata_gap_limit = 2;
    std::ostringstream out;
    observe::FlowLog log(t, opt, out);
    const model::FlowSpec flow;
    const auto packet = test::tcp("203.0.113.5", 50000, "10.0.1.10", 443, path::tcp::kSyn);
    path::PathResult result;
    result.observations.push_back({web, model::Direction::inbound, packet, true, 0});
    const auto max = net::SimTime::max();
    for (const auto time : {net::SimTime(0), max})
      log.on_packet(engine::PacketEvent{time, flow, 0, packet, true, model::EniIndex(), result});
    log.on_finish(max);
    const std::int64_t last = net::whole_seconds(max) / seconds;
    const std::vector<std::string> expected = {
        nodata_line("eni-idle", 0, seconds), record_line(net::SimTime(0)),
        nodata_line("eni-idle", 1, seconds), nodata_line("eni-web", 1, seconds),
        nodata_line("eni-web", 2, seconds),  record_line(max),
    };
    CHECK(test::lines_of(out.str()) == expected);
    CHECK(log.nodata_omitted(test::eni(t, "idle")) == static_cast<std::uint64_t>(last + 1 - 2));
    CHECK(log.nodata_omitted(web) == static_cast<std::uint64_t>(last - 1 - 2));
  }
}
