// FlowLogTable: one record per interface, direction, 5-tuple and action per window
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html), its totals as
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html counts them, and the
// order a closed window's records are written in.
#include "sim/observe/flow_log_table.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/sim/engine/engine_fixture.h"

using namespace vpcsim;
using std::chrono::microseconds;
using std::chrono::milliseconds;

namespace {

// Interfaces eni-app, eni-idle and eni-web, declared out of id order.
struct Table {
  std::unique_ptr<model::Scenario> scenario = test::load_scenario(test::scenario_json(
      test::with_instance(
          test::with_instance(
              test::web_fixed(),
              R"({"id": "i-idle", "name": "idle", "subnet": "subnet-web", "private_ip": "10.0.1.20", "security_groups": ["sg-web"]})"),
          R"({"id": "i-app", "name": "app", "subnet": "subnet-web", "private_ip": "10.0.1.30", "security_groups": ["sg-web"]})"),
      R"([{"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443}])"));
  const model::Topology& topo = *scenario->topology;
  observe::FlowLogTable table{topo};

  std::uint32_t eni(const char* name) const {
    const auto e = topo.find_eni(name);
    REQUIRE(e);
    return e->value();
  }
  // What close_window() reports, one line each: "ENI DIRECTION SRCPORT ACTION packets=N …"
  // for a record, "ENI idle" for an interface without one.
  std::vector<std::string> close() {
    std::vector<std::string> out;
    table.close_window(
        [&](const observe::FlowLogKey& k, const observe::FlowLogTotals& t) {
          out.push_back(
              fmt::format("{} {} {} {} packets={} bytes={} first={} last={} flags={} "
                          "path={}",
                          topo.enis()[k.eni].id, k.egress ? "egress" : "ingress", k.tuple.src_port,
                          k.accepted ? "ACCEPT" : "REJECT", t.packets, t.bytes, t.first.count(),
                          t.last.count(), int{t.tcp_flags}, int{t.traffic_path}));
        },
        [&](std::uint32_t eni) { out.push_back(topo.enis()[eni].id + " idle"); });
    return out;
  }
};

observe::FlowLogObservation seen(std::uint32_t eni, bool egress, bool accepted,
                                 std::uint16_t src_port, net::SimTime time,
                                 std::uint32_t bytes = 40, std::uint8_t tcp_flags = 0,
                                 std::uint8_t traffic_path = 0) {
  const auto a = *net::IpAddress::parse("10.0.1.10");
  const auto b = *net::IpAddress::parse("203.0.113.5");
  observe::FlowLogObservation o;
  o.key = {eni, egress, accepted, {a, b, src_port, 443, 6}};
  o.time = time;
  o.bytes = bytes;
  o.tcp_flags = tcp_flags;
  o.traffic_path = traffic_path;
  return o;
}

}  // namespace

TEST_CASE(
    "totals: packets and bytes add up, tcp-flags OR-ed, first and last packet, the last "
    "traffic-path given") {
  Table t;
  const auto web = t.eni("web");
  const std::vector<observe::FlowLogObservation> in = {
      seen(web, true, true, 40000, milliseconds(1000), 60, 2, 1),
      seen(web, true, true, 40000, milliseconds(2000), 100, 0, 4),
      seen(web, true, true, 40000, milliseconds(3000), 40, 1, 0),
  };
  t.table.add(in);
  CHECK(t.table.size() == 1);
  CHECK(t.close() == std::vector<std::string>{
                         "eni-app idle",
                         "eni-idle idle",
                         "eni-web egress 40000 ACCEPT packets=3 bytes=200 first=1000000000 "
                         "last=3000000000 flags=3 path=4",
                     });
  CHECK(t.table.size() == 0);
}

TEST_CASE(
    "order: interface id, then first packet, then direction (ingress first), tuple and "
    "action (ACCEPT first); idle interfaces in their place") {
  Table t;
  const auto web = t.eni("web");
  const auto app = t.eni("app");
  const std::vector<observe::FlowLogObservation> in = {
      seen(web, true, true, 9, milliseconds(500)),    seen(web, true, true, 1, milliseconds(1000)),
      seen(web, false, false, 1, milliseconds(1000)), seen(web, false, true, 2, milliseconds(1000)),
      seen(web, false, true, 1, milliseconds(1000)),  seen(app, false, true, 7, milliseconds(2000)),
  };
  const std::vector<std::string> expected = {
      "eni-app ingress 7 ACCEPT packets=1 bytes=40 first=2000000000 last=2000000000 flags=0 path=0",
      "eni-idle idle",
      "eni-web egress 9 ACCEPT packets=1 bytes=40 first=500000000 last=500000000 flags=0 path=0",
      "eni-web ingress 1 ACCEPT packets=1 bytes=40 first=1000000000 last=1000000000 flags=0 "
      "path=0",
      "eni-web ingress 1 REJECT packets=1 bytes=40 first=1000000000 last=1000000000 flags=0 "
      "path=0",
      "eni-web ingress 2 ACCEPT packets=1 bytes=40 first=1000000000 last=1000000000 flags=0 "
      "path=0",
      "eni-web egress 1 ACCEPT packets=1 bytes=40 first=1000000000 last=1000000000 flags=0 path=0",
  };
  SUBCASE("in time order (the counting sort)") {
    t.table.add(in);
    CHECK(t.close() == expected);
  }
  SUBCASE("out of time order (the general sort)") {
    const std::vector<observe::FlowLogObservation> reversed(in.rbegin(), in.rend());
    t.table.add(reversed);
    CHECK(t.close() == expected);
  }
}

TEST_CASE(
    "many records: batches of any size, records over several chunks, the next window "
    "starts empty") {
  Table t;
  const auto web = t.eni("web");
  constexpr int kRecords = 10'000;
  std::vector<observe::FlowLogObservation> in;
  for (int i = 0; i < kRecords; ++i)
    in.push_back(seen(web, false, true, static_cast<std::uint16_t>(i), microseconds(i)));
  for (int i = 0; i < kRecords; ++i)
    in.push_back(seen(web, false, true, static_cast<std::uint16_t>(i), microseconds(kRecords + i)));
  // Hand them over in uneven pieces, as the intake does.
  const std::span<const observe::FlowLogObservation> all(in);
  std::size_t at = 0;
  for (const std::size_t n : {1, 63, 64, 65, 4096, 1000}) {
    t.table.add(all.subspan(at, n));
    at += n;
  }
  t.table.add(all.subspan(at));
  CHECK(t.table.size() == kRecords);
  const auto lines = t.close();
  REQUIRE(lines.size() == 2 + kRecords);
  for (int i = 0; i < kRecords; i += 997) {
    CAPTURE(i);
    CHECK(lines[2 + i] == fmt::format("eni-web ingress {} ACCEPT packets=2 bytes=80 first={} "
                                      "last={} flags=0 path=0",
                                      i, i * 1000, (kRecords + i) * 1000));
  }
  CHECK(lines.back().starts_with(fmt::format("eni-web ingress {} ", kRecords - 1)));

  const std::vector<observe::FlowLogObservation> next = {
      seen(web, false, true, 5, milliseconds(60'000))};
  t.table.add(next);
  CHECK(t.close() == std::vector<std::string>{
                         "eni-app idle",
                         "eni-idle idle",
                         "eni-web ingress 5 ACCEPT packets=1 bytes=40 first=60000000000 "
                         "last=60000000000 flags=0 path=0",
                     });
}

TEST_CASE("the key's hash tells apart keys that differ only in interface, direction or action") {
  const observe::FlowLogKeyHash hash;
  const auto base = seen(1, false, false, 40000, {}).key;
  auto other_eni = base;
  other_eni.eni = 2;
  auto egress = base;
  egress.egress = 1;
  auto accepted = base;
  accepted.accepted = 1;
  CHECK(hash(base) != hash(other_eni));
  CHECK(hash(base) != hash(egress));
  CHECK(hash(base) != hash(accepted));
  CHECK(hash(base) == hash(seen(1, false, false, 40000, milliseconds(5)).key));
}
