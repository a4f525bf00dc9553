// TrafficReader: the rules of a scenario's "traffic" section (flows, their endpoints,
// latencies), one row each.
#include "topology/load/traffic_reader.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/load/scenario_patch.h"

using namespace vpcsim::test::scenario_patch;

namespace {

const std::vector<Row>& rows() {
  static const std::vector<Row> r{
      // --- traffic ---
      {"flow naming an unknown endpoint", patch({replace("/traffic/flows/0/from", R"("wbe")")}),
       "/traffic/flows/0/from", R"(unknown endpoint "wbe"; did you mean "web"?)"},
      {"TCP flow without a port", patch({drop("/traffic/flows/0/port")}), "/traffic/flows/0/port",
       "missing; expected an integer from 1 to 65535"},
      {"flow protocol unknown", patch({replace("/traffic/flows/0/protocol", R"("sctp")")}),
       "/traffic/flows/0/protocol",
       R"("sctp" is not valid; expected one of "tcp", "udp", "icmp", "icmpv6")"},
      {"flow start time malformed", patch({add("/traffic/flows/0/start", R"("1.2.3s")")}),
       "/traffic/flows/0/start", R"("1.2.3s" is not valid; expected a duration)"},
      {"duplicate flow name",
       patch({add("/traffic/flows/-",
                  R"({"name": "web-to-app", "from": "app", "to": "web", "protocol": "icmp"})")}),
       "/traffic/flows/1/name", R"("web-to-app" is already the name of another flow)"},

      // --- numbers out of range: refused where written, never wrapped ---
      {"flow start in seconds past 100 years (was printed as a negative time)",
       patch({add("/traffic/flows/0/start", "10000000000")}), "/traffic/flows/0/start",
       "10000000000 is not valid; expected a duration such as \"1.5s\", \"200ms\", \"5m\" or "
       "a number of seconds, from 0 to 100 years"},
      {"flow exchanges 2^64 - 1",
       patch({add("/traffic/flows/0/exchanges", "18446744073709551615")}),
       "/traffic/flows/0/exchanges",
       "18446744073709551615 is not valid; expected an integer from 1 to 1000000"},
      {"flow whose exchanges end past 100 years",
       patch({add("/traffic/flows/0/start", R"("800000h")"),
              add("/traffic/flows/0/exchanges", "1000"),
              add("/traffic/flows/0/gap", R"("1000h")")}),
       "/traffic/flows/0",
       "the flow's last exchange would start after 6480000000s of simulated time"},
      {"flow repeated past 100 years",
       patch({add("/traffic/flows/0/repeat", "100000000"),
              add("/traffic/flows/0/every", R"("100s")")}),
       "/traffic/flows/0", "vpcsim simulates at most 100 years"},
      {"latency of more than an hour", patch({add("/traffic/latency", R"({"internet": "2h"})")}),
       "/traffic/latency/internet", "from 0 to 1h"},
  };
  return r;
}

}  // namespace

TEST_CASE("traffic rules: exact JSON pointer and message (table)") {
  check_table(rows());
}
