// ExpectReader: the rules of a scenario's "expect" section (flow outcomes, reachability
// questions, flow-log lines), one row each.
#include "topology/load/expect_reader.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/load/scenario_patch.h"

using namespace vpcsim::test::scenario_patch;

namespace {

const std::vector<Row>& rows() {
  static const std::vector<Row> r{
      // --- expectations ---
      {"expectation naming a missing flow",
       patch({replace("/expect/flows/0/flow", R"("web-to-ap")")}), "/expect/flows/0/flow",
       R"(no flow named "web-to-ap" in traffic.flows; did you mean "web-to-app"?)"},
      {"established expectation with block details",
       patch({add("/expect/flows/0/layer", R"("sg")")}), "/expect/flows/0",
       R"(they go with "outcome": "blocked")"},
      {"reachability question naming an unknown endpoint",
       patch({add("/expect/reach",
                  R"([{"from": "web", "to": "dbb", "port": 5432, "answer": "reachable"}])")}),
       "/expect/reach/0/to", R"(unknown endpoint "dbb")"},
      // MaxAggregationInterval:
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html
      {"flow-log aggregation other than 60 or 600",
       patch({add("/expect/flow_logs", R"([{"aggregation": 120, "contains": ["x"]}])")}),
       "/expect/flow_logs/0/aggregation", "120 is not valid; expected 60 or 600 (seconds)"},
      // A flow-log expectation's custom format is input: a misspelt field is a load error
      // where it is written, not a failed expectation when the test runs (field names:
      // https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
      {"flow-log expectation with an unknown field in its format",
       patch({add("/expect/flow_logs",
                  R"([{"format": "${version} ${instance-idd}", "contains": ["x"]}])")}),
       "/expect/flow_logs/0/format",
       R"(unknown flow-log field "instance-idd"; did you mean "instance-id"?)"},
      {"flow-log expectation whose format is not ${field} tokens",
       patch({add("/expect/flow_logs", R"([{"format": "version srcaddr", "contains": ["x"]}])")}),
       "/expect/flow_logs/0/format", R"("version" is not a field; expected ${field} tokens)"},
  };
  return r;
}

}  // namespace

TEST_CASE("expect rules: exact JSON pointer and message (table)") {
  check_table(rows());
}
