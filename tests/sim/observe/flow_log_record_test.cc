// FlowLogRecordWriter: the fields of traffic and NODATA records as
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html gives them, the
// addresses of the limitations section of
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html, and flow_log_tcp_flags().
#include "sim/observe/flow_log_record.h"

#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/path/packet.h"
#include "tests/sim/engine/engine_fixture.h"

using namespace vpcsim;
using observe::flow_log_tcp_flags;
namespace tcpf = path::tcp;
using F = model::FlowLogField;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr std::int64_t kStart = 1566848875;

// eni-web (10.0.1.10) and eni-idle (10.0.1.20, secondary 10.0.1.21) in subnet-web of vpc-a.
struct Writing {
  std::unique_ptr<model::Scenario> scenario = test::load_scenario(test::scenario_json(
      test::with_instance(
          test::web_fixed(),
          R"({"id": "i-idle", "name": "idle", "subnet": "subnet-web", "private_ip": "10.0.1.20", "secondary_private_ips": ["10.0.1.21"], "security_groups": ["sg-web"]})"),
      R"([{"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443}])"));
  const model::Topology& topo = *scenario->topology;
  std::ostringstream out;

  std::uint32_t eni(const char* name) const {
    const auto e = topo.find_eni(name);
    REQUIRE(e);
    return e->value();
  }
  std::vector<std::string> lines() const { return test::lines_of(out.str()); }
};

observe::FlowLogRecordSettings settings(std::vector<F> fields = {}, std::uint8_t version = 2) {
  observe::FlowLogRecordSettings s;
  if (!fields.empty()) s.format = model::FlowLogFormat{std::move(fields), version};
  s.start_time = kStart;
  return s;
}

net::IpAddress ip(const char* text) {
  const auto a = net::IpAddress::parse(text);
  REQUIRE(a);
  return *a;
}

observe::FlowLogKey key(std::uint32_t eni, bool egress, bool accepted, const char* src,
                        std::uint16_t sport, const char* dst, std::uint16_t dport,
                        std::uint8_t protocol = 6) {
  return {eni, egress, accepted, {ip(src), ip(dst), sport, dport, protocol}};
}

observe::FlowLogTotals totals(std::uint32_t packets, std::uint64_t bytes, net::SimTime first,
                              net::SimTime last, std::uint8_t tcp_flags = 0,
                              std::uint8_t traffic_path = 0) {
  observe::FlowLogTotals t;
  t.packets = packets;
  t.bytes = bytes;
  t.first = first;
  t.last = last;
  t.tcp_flags = tcp_flags;
  t.traffic_path = traffic_path;
  return t;
}

}  // namespace

TEST_CASE("tcp-flags: FIN 1, SYN 2, RST 4, SYN-ACK 18; ACK and PSH alone 0; OR-ed per packet") {
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html (tcp-flags).
  CHECK(flow_log_tcp_flags(tcpf::kSyn) == 2);
  CHECK(flow_log_tcp_flags(tcpf::kSyn | tcpf::kAck) == 18);
  CHECK(flow_log_tcp_flags(tcpf::kFin) == 1);
  CHECK(flow_log_tcp_flags(tcpf::kFin | tcpf::kAck) == 1);
  CHECK(flow_log_tcp_flags(tcpf::kRst) == 4);
  CHECK(flow_log_tcp_flags(tcpf::kRst | tcpf::kAck) == 4);
  CHECK(flow_log_tcp_flags(tcpf::kAck) == 0);
  CHECK(flow_log_tcp_flags(tcpf::kPsh | tcpf::kAck) == 0);
  CHECK(flow_log_tcp_flags(0) == 0);
  // "19 for SYN-ACK and FIN, and 3 for SYN and FIN"; "SYN+ECE … is 2" (ECE = 0x40).
  CHECK(flow_log_tcp_flags(tcpf::kSyn | tcpf::kFin) == 3);
  CHECK(flow_log_tcp_flags(tcpf::kSyn | tcpf::kAck | tcpf::kFin) == 19);
  CHECK(flow_log_tcp_flags(tcpf::kSyn | 0x40) == 2);
}

TEST_CASE("the default format: the version 2 fields in order, start and end in Unix seconds") {
  Writing w;
  observe::FlowLogRecordWriter writer(w.topo, settings(), w.out);
  writer.write_record(key(w.eni("web"), false, true, "203.0.113.5", 40000, "10.0.1.10", 443),
                      totals(3, 180, milliseconds(1000), milliseconds(2999), 2));
  writer.write_out();
  CHECK(w.out.str() ==
        fmt::format("2 123456789012 eni-web 203.0.113.5 10.0.1.10 40000 443 6 3 180 {} {} "
                    "ACCEPT OK\n",
                    kStart + 1, kStart + 2));
  CHECK(writer.records_written() == 1);
}

TEST_CASE("NODATA: '-' for every traffic field; start and end are the window's bounds") {
  // AWS's example: "2 123456789010 eni-… - - - - - - - 1431280876 1431280934 - NODATA"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
  Writing w;
  SUBCASE("60 s") {
    observe::FlowLogRecordWriter writer(w.topo, settings(), w.out);
    writer.write_nodata(w.eni("idle"), 2);
    writer.write_out();
    CHECK(w.lines() ==
          std::vector<std::string>{fmt::format(
              "2 123456789012 eni-idle - - - - - - - {} {} - NODATA", kStart + 120, kStart + 180)});
  }
  SUBCASE("600 s") {
    auto s = settings();
    s.aggregation_seconds = 600;
    observe::FlowLogRecordWriter writer(w.topo, s, w.out);
    writer.write_nodata(w.eni("idle"), 1);
    writer.write_out();
    CHECK(w.lines() == std::vector<std::string>{
                           fmt::format("2 123456789012 eni-idle - - - - - - - {} {} - NODATA",
                                       kStart + 600, kStart + 1200)});
  }
  SUBCASE("every other field") {
    observe::FlowLogRecordWriter writer(
        w.topo,
        settings({F::srcport, F::start, F::end, F::tcp_flags, F::flow_direction, F::traffic_path,
                  F::reject_reason, F::log_status},
                 8),
        w.out);
    writer.write_nodata(w.eni("idle"), 0);
    writer.write_out();
    CHECK(w.lines() ==
          std::vector<std::string>{fmt::format("- {} {} - - - - NODATA", kStart, kStart + 60)});
  }
}

TEST_CASE("the interface's fields read the same wherever the format puts them") {
  // vpc-id, subnet-id, instance-id (v3), region and az-id (v4); no az_id in the scenario: "-".
  // account-id and region are the interface's VPC's (the scenario's defaults here), not the
  // flow log's settings (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
  Writing w;
  const std::vector<F> interface = {F::version,   F::account_id,  F::interface_id, F::vpc_id,
                                    F::subnet_id, F::instance_id, F::region,       F::az_id};
  auto leading = interface;
  leading.insert(leading.end(), {F::srcaddr, F::log_status});
  std::vector<F> inside = {F::srcaddr};
  inside.insert(inside.end(), interface.begin(), interface.end());
  inside.push_back(F::log_status);
  const auto write = [&](std::vector<F> fields) {
    auto s = settings(std::move(fields), 4);
    s.region = "eu-west-1";
    s.account_id = "111122223333";
    std::ostringstream out;
    observe::FlowLogRecordWriter writer(w.topo, s, out);
    const auto web = w.eni("web");
    const auto idle = w.eni("idle");
    // Alternating interfaces: each keeps its own leading text.
    writer.write_record(key(web, true, true, "10.0.1.10", 443, "203.0.113.5", 40000), {});
    writer.write_nodata(idle, 0);
    writer.write_record(key(idle, true, true, "10.0.1.20", 22, "10.0.1.10", 40001), {});
    writer.write_nodata(web, 0);
    writer.write_out();
    return test::lines_of(out.str());
  };
  const std::string web = "4 123456789012 eni-web vpc-a subnet-web i-web us-east-1 -";
  const std::string idle = "4 123456789012 eni-idle vpc-a subnet-web i-idle us-east-1 -";
  CHECK(write(leading) == std::vector<std::string>{
                              web + " 10.0.1.10 OK",
                              idle + " - NODATA",
                              idle + " 10.0.1.20 OK",
                              web + " - NODATA",
                          });
  CHECK(write(inside) == std::vector<std::string>{
                             "10.0.1.10 " + web + " OK",
                             "- " + idle + " NODATA",
                             "10.0.1.20 " + idle + " OK",
                             "- " + web + " NODATA",
                         });
}

TEST_CASE(
    "srcaddr / dstaddr: the interface's primary private IP; pkt-srcaddr / pkt-dstaddr: the "
    "packet's") {
  // "the flow log displays the primary private IPv4 address in the dstaddr field"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html, limitations).
  Writing w;
  observe::FlowLogRecordWriter writer(
      w.topo,
      settings({F::type, F::flow_direction, F::srcaddr, F::dstaddr, F::pkt_srcaddr, F::pkt_dstaddr},
               5),
      w.out);
  const auto idle = w.eni("idle");
  // To and from the secondary address.
  writer.write_record(key(idle, false, true, "10.0.1.10", 40000, "10.0.1.21", 443), {});
  writer.write_record(key(idle, true, true, "10.0.1.21", 443, "10.0.1.10", 40000), {});
  // Forwarded through the interface (as a NAT gateway's does): not its own source.
  writer.write_record(key(idle, true, true, "203.0.113.5", 443, "10.0.1.10", 40000), {});
  // IPv6, on an interface without IPv6 addresses: the packet's addresses.
  writer.write_record(key(idle, true, true, "2001:db8::1", 443, "2001:db8::2", 40000), {});
  writer.write_out();
  CHECK(w.lines() == std::vector<std::string>{
                         "IPv4 ingress 10.0.1.10 10.0.1.20 10.0.1.10 10.0.1.21",
                         "IPv4 egress 10.0.1.21 10.0.1.10 10.0.1.21 10.0.1.10",
                         "IPv4 egress 10.0.1.20 10.0.1.10 203.0.113.5 10.0.1.10",
                         "IPv6 egress 2001:db8::1 2001:db8::2 2001:db8::1 2001:db8::2",
                     });
}

TEST_CASE("dotted quads: every octet value in every position, as IpAddress::to_string") {
  Writing w;
  observe::FlowLogRecordWriter writer(w.topo, settings({F::pkt_srcaddr, F::pkt_dstaddr}, 3), w.out);
  std::vector<std::string> expected;
  for (std::uint32_t v = 0; v < 256; ++v) {
    const auto a = net::IpAddress::v4(v << 24 | (255 - v) << 16 | (v * 7 & 255) << 8 | v);
    const auto b = net::IpAddress::v4((v * 13 & 255) << 24 | v << 16 | (255 - v) << 8 | 255);
    observe::FlowLogKey k{w.eni("web"), true, true, {a, b, 1, 2, 6}};
    writer.write_record(k, {});
    expected.push_back(a.to_string() + " " + b.to_string());
  }
  writer.write_record({w.eni("web"), true, true, {net::IpAddress::v4(0), net::IpAddress::v4(~0u)}},
                      {});
  expected.push_back("0.0.0.0 255.255.255.255");
  writer.write_out();
  CHECK(w.lines() == expected);
}

TEST_CASE(
    "traffic fields: ports, protocol, totals, action, tcp-flags, direction; traffic-path "
    "for egress only; '-' for what vpcsim does not model") {
  // traffic-path: "The traffic-path field is not supported for ingress traffic."
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html)
  Writing w;
  observe::FlowLogRecordWriter writer(
      w.topo,
      settings({F::srcport, F::dstport, F::protocol, F::packets, F::bytes, F::start, F::end,
                F::action, F::tcp_flags, F::flow_direction, F::traffic_path, F::pkt_src_aws_service,
                F::sublocation_id, F::ecs_task_id, F::reject_reason},
               8),
      w.out);
  const auto web = w.eni("web");
  writer.write_record(key(web, true, false, "10.0.1.10", 53, "10.0.0.2", 33000, 17),
                      totals(1, 5'000'000'000, seconds(59), seconds(59), 0, 2));
  writer.write_record(key(web, false, true, "10.0.0.2", 33000, "10.0.1.10", 53, 17),
                      totals(2, 80, seconds(0), seconds(61), 0, 2));
  writer.write_record(key(web, true, true, "10.0.1.10", 443, "203.0.113.5", 40000),
                      totals(4, 1200, seconds(3), seconds(4), 19, 0));
  writer.write_out();
  CHECK(w.lines() ==
        std::vector<std::string>{
            fmt::format("53 33000 17 1 5000000000 {0} {0} REJECT 0 egress 2 - - - -", kStart + 59),
            fmt::format("33000 53 17 2 80 {} {} ACCEPT 0 ingress - - - - -", kStart, kStart + 61),
            fmt::format("443 40000 6 4 1200 {} {} ACCEPT 19 egress - - - - -", kStart + 3,
                        kStart + 4),
        });
  CHECK(writer.records_written() == 3);
}

TEST_CASE("lines wait in the buffer until write_out(); a full buffer goes out by itself") {
  Writing w;
  observe::FlowLogRecordWriter writer(w.topo, settings(), w.out);
  const auto record = key(w.eni("web"), false, true, "203.0.113.5", 40000, "10.0.1.10", 443);
  writer.write_header();
  writer.write_record(record, {});
  CHECK(w.out.str().empty());
  writer.write_out();
  auto lines = w.lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == model::FlowLogFormat::default_v2().header());
  CHECK(writer.records_written() == 1);  // the header is no record

  // ~90 bytes a line: 64 KiB fill before 1,000 lines.
  w.out.str("");
  for (int i = 0; i < 1000; ++i)
    writer.write_record(record, {});
  CHECK_FALSE(w.out.str().empty());
  CHECK(w.out.str().back() == '\n');  // whole lines only
  CHECK(w.out.str().size() < 1000 * lines[1].size());
  writer.flush();
  CHECK(w.lines() == std::vector<std::string>(1000, lines[1]));
  CHECK(writer.records_written() == 1001);
}
