// Every file under tests/fixtures/bad-input, given to vpcsim the way a user would give it:
// each must exit 2 with an error that names the file, where in it (JSON pointer with line and
// column, line and column of a syntax error, pcap record, option) and what was expected. One
// folder per reader; a file no row (or, under validation/, no "$expect_error") accounts for
// fails the test, so a new fixture cannot be forgotten.

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/tools/vpcsim/cli_fixture.h"

namespace {

namespace fs = std::filesystem;
using vpcsim::test::read_text;
using vpcsim::test::run_vpcsim;

const fs::path kSource = VPCSIM_SOURCE_DIR;
const fs::path kFixtures = kSource / "tests/fixtures/bad-input";
const std::string kThreeTier = (kSource / "scenarios/three-tier").string();

// How a fixture reaches vpcsim.
enum class Given {
  validate,  // vpcsim validate FILE
  replay,    // vpcsim replay three-tier FILE
  format,    // vpcsim run three-tier --flow-log - --format "<the file's text>"
  endpoint,  // vpcsim reach three-tier --from "<the file's text>" --to app-1 --port 8080
  test,      // vpcsim test FOLDER (the fixture's folder)
  strict,    // vpcsim validate --strict FILE (an AWS snapshot's warnings)
  part_of,   // read through another fixture's row (a topology file a scenario names)
};

struct Row {
  const char* fixture;  // path under tests/fixtures/bad-input
  Given given;
  // A line stderr must contain; "{dir}" stands for the fixtures folder.
  const char* expected;
};

// clang-format off
const Row kRows[] = {
  // json: the syntax layer, before any key is read
  {"json/trailing-comma.json", Given::validate, "{dir}/json/trailing-comma.json: line 5, column 3: malformed JSON: syntax error while parsing object key"},
  {"json/duplicate-key.json", Given::validate, "{dir}/json/duplicate-key.json: /name (line 5, column 3): key \"name\" appears twice in this object"},
  {"json/deep-nesting.json", Given::validate, "(line 2, column 87): nested deeper than 64 levels"},
  {"json/number-out-of-range.json", Given::validate, "{dir}/json/number-out-of-range.json: /seed (line 3, column 11): 1e309 is out of range"},
  {"json/invalid-utf8.json", Given::validate, "{dir}/json/invalid-utf8.json: line 2, column 15: malformed JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"caf\\xff'"},
  {"json/terminal-escape.json", Given::validate, "{dir}/json/terminal-escape.json: line 3, column 12: malformed JSON: syntax error while parsing value - invalid string: control character U+001B (ESC) must be escaped"},
  {"json/empty.json", Given::validate, "{dir}/json/empty.json: line 1, column 1: malformed JSON: syntax error while parsing value - unexpected end of input"},
  // scenario: the top level and the files it names
  {"scenario/seed-negative.json", Given::validate, "{dir}/scenario/seed-negative.json: /seed: -1 is not valid; expected an integer from 0 to 9223372036854775807"},
  {"scenario/unknown-section.json", Given::validate, "{dir}/scenario/unknown-section.json: /trafic: unknown key; did you mean \"traffic\"?"},
  {"scenario/topology-file-missing.json", Given::validate, "{dir}/scenario/no-such-topology.json: cannot open file: No such file or directory"},
  {"scenario/topology-not-a-file.json", Given::validate, "/dev/zero: is not a regular file (a device or socket); expected a JSON file"},
  // topology: resources, rules, interfaces, ids
  {"topology/split/scenario.json", Given::validate, "{dir}/topology/split/topology.json: /vpcs/0/cidr: \"10.0.0.0/33\" is not valid; expected a CIDR block"},
  {"topology/split/topology.json", Given::part_of, ""},
  {"topology/protocol-above-int64.json", Given::validate, "{dir}/topology/protocol-above-int64.json: /topology/security_groups/0/inbound/0/protocol: 18446744073709551615 is not valid"},
  {"topology/id-path-traversal.json", Given::validate, "{dir}/topology/id-path-traversal.json: /topology/enis/0/id: \"../ESCAPED-eni\" is not a usable id"},
  {"topology/id-control-character.json", Given::validate, "{dir}/topology/id-control-character.json: /topology/vpcs/0/id: \"vpc-\\u001b[2J\" is not a usable id"},
  {"topology/nacl-rule-number-range.json", Given::validate, "{dir}/topology/nacl-rule-number-range.json: /topology/network_acls/0/inbound/0/rule: 40000 is not a valid rule number; expected 1 to 32766"},
  {"topology/integer-with-space.json", Given::validate, "{dir}/topology/integer-with-space.json: /topology/network_acls/0/inbound/0/rule: \" 100\" is not valid; expected a rule number from 1 to 32766"},
  // traffic
  {"traffic/start-too-late.json", Given::validate, "{dir}/traffic/start-too-late.json: /traffic/flows/0/start: 10000000000 is not valid; expected a duration such as \"1.5s\", \"200ms\", \"5m\" or a number of seconds, from 0 to 100 years"},
  {"traffic/unknown-endpoint.json", Given::validate, "{dir}/traffic/unknown-endpoint.json: /traffic/flows/0/from: unknown endpoint \"eni-c\"; did you mean \"eni-a\" or \"eni-b\"?"},
  {"traffic/icmp-with-port.json", Given::validate, "{dir}/traffic/icmp-with-port.json: /traffic/flows/0/port: icmp flows have no port"},
  // timeline
  {"timeline/at-too-late.json", Given::validate, "{dir}/timeline/at-too-late.json: /timeline/0/at: 10000000000 is not valid; expected a duration"},
  {"timeline/unknown-action.json", Given::validate, "{dir}/timeline/unknown-action.json: /timeline/0/action: \"revoke_sg_rules\" is not valid; expected one of \"authorize_sg_rule\", \"revoke_sg_rule\""},
  // expect
  {"expect/flow-log-format-unknown-field.json", Given::validate, "{dir}/expect/flow-log-format-unknown-field.json: /expect/flow_logs/0/format: unknown flow-log field \"srcadr\"; did you mean \"srcaddr\"?"},
  {"expect/unknown-flow.json", Given::validate, "{dir}/expect/unknown-flow.json: /expect/flows/0/flow: no flow named \"shh\" in traffic.flows; did you mean \"ssh\"?"},
  // pcap: the capture reader (anomalies inside records are counted, not errors)
  {"pcap/not-a-capture.pcap", Given::replay, "{dir}/pcap/not-a-capture.pcap: not a capture (unknown file format); expected a pcap or pcapng file"},
  {"pcap/empty.pcap", Given::replay, "{dir}/pcap/empty.pcap: the file is empty; expected a pcap or pcapng capture"},
  {"pcap/truncated-file-header.pcap", Given::replay, "{dir}/pcap/truncated-file-header.pcap: cannot read capture: truncated dump file; tried to read 24 file header bytes, only got 8"},
  {"pcap/unsupported-link-type.pcap", Given::replay, "{dir}/pcap/unsupported-link-type.pcap: unsupported link type 147"},
  {"pcap/truncated-record.pcap", Given::replay, "{dir}/pcap/truncated-record.pcap: record 1: truncated dump file; tried to read 100 captured bytes, only got 20"},
  // flow-log-format: a custom format on the command line
  {"flow-log-format/unknown-field.txt", Given::format, "vpcsim: --format: unknown flow-log field \"srcadr\"; did you mean \"srcaddr\"?"},
  {"flow-log-format/not-a-field.txt", Given::format, "vpcsim: --format: \"srcaddr\" is not a field; expected ${field} tokens"},
  // endpoint: what reach --from names
  {"endpoint/unknown-name.txt", Given::endpoint, "vpcsim: --from: unknown endpoint \"ap-1\"; did you mean \"app-1\" or \"app-2\"?"},
  {"endpoint/private-internet-host.txt", Given::endpoint, "vpcsim: --from: \"internet:10.1.2.3\": 10.1.2.3 is a private address"},
  // test: a folder of scenarios, one of which does not load
  {"test/suite/broken/scenario.json", Given::test, "{dir}/test/suite/broken/scenario.json: /topology/vpcs/0/cidr: missing; expected a CIDR block"},
  // aws: a snapshot file (describe-* output) that cannot be used as it is
  {"aws/no-vpc.json", Given::validate, "{dir}/aws/no-vpc.json: no VPC in this snapshot: expected describe-vpcs output"},
  {"aws/duplicate-id.json", Given::validate, "{dir}/aws/duplicate-id.json: /Subnets/1: subnet-0a000000000000001 is also at {dir}/aws/duplicate-id.json: /Subnets/0 with other contents"},
  {"aws/vpc-bad-cidr.json", Given::validate, "{dir}/aws/vpc-bad-cidr.json: /Vpcs/0/CidrBlock: \"10.0.0.0/33\" is not valid; expected a CIDR block"},
  {"aws/id-path-traversal.json", Given::validate, "{dir}/aws/id-path-traversal.json: /NetworkInterfaces/0/NetworkInterfaceId: \"../../escaped\" is not a usable id"},
  // aws/warnings: read but not modelled, one file per kind of warning; errors under --strict
  {"aws/warnings/unknown-key.json", Given::strict, "{dir}/aws/warnings/unknown-key.json: /Vpcz: unknown key: not a describe-* list vpcsim reads; ignored (an error under --strict)"},
  {"aws/warnings/not-a-list.json", Given::strict, "{dir}/aws/warnings/not-a-list.json: /Subnets: Subnets: expected a list; ignored"},
  {"aws/warnings/not-modelled-kind.json", Given::strict, "{dir}/aws/warnings/not-modelled-kind.json: /AvailabilityZones: 1 AvailabilityZones not modelled"},
  {"aws/warnings/route-to-transit-gateway.json", Given::strict, "{dir}/aws/warnings/route-to-transit-gateway.json: /RouteTables/0/Routes/1: rtb-0a000000000000001: the route to 172.16.0.0/12 via tgw-0a000000000000001 (transit gateway, and the snapshot does not describe it): vpcsim does not model what a transit gateway does yet, so packets it chooses are dropped as ROUTE_TARGET_NOT_MODELLED"},
  {"aws/warnings/dangling-route-target.json", Given::strict, "{dir}/aws/warnings/dangling-route-target.json: /RouteTables/0/Routes/0: rtb-0a000000000000001: the route to 0.0.0.0/0 names igw-0a000000000000009, which is not in the snapshot"},
  {"aws/warnings/prefix-list-destination.json", Given::strict, "{dir}/aws/warnings/prefix-list-destination.json: /RouteTables/0/Routes/0: rtb-0a000000000000001: the route to prefix list pl-0a000000000000001"},
  {"aws/warnings/address-outside-subnet.json", Given::strict, "{dir}/aws/warnings/address-outside-subnet.json: /NetworkInterfaces/0/PrivateIpAddress: eni-0a000000000000001: 172.31.48.168 is not in the range of its subnet subnet-0a000000000000001 (10.0.1.0/24): the snapshot contradicts itself; the interface is left out"},
  {"aws/warnings/terminated-instance.json", Given::strict, "{dir}/aws/warnings/terminated-instance.json: /Reservations/0/Instances/0/State: eni-0a000000000000001: the interface of shutting-down instance i-0a000000000000001, which has none left; left out"},
  {"aws/warnings/reserved-address.json", Given::strict, "{dir}/aws/warnings/reserved-address.json: /NetworkInterfaces/0/PrivateIpAddress: eni-0a000000000000001: 10.0.1.1 is reserved by AWS in subnet subnet-0a000000000000001"},
  {"aws/warnings/missing-group-reference.json", Given::strict, "{dir}/aws/warnings/missing-group-reference.json: /SecurityGroups/0/IpPermissions/0/UserIdGroupPairs/0: sg-0a000000000000001: references sg-0a000000000000099 of account 111122223333, which is not in the snapshot"},
  {"aws/warnings/kept-kind.json", Given::strict, "{dir}/aws/warnings/kept-kind.json: /TransitGateways: 1 TransitGateways: read and kept, but what they do is not modelled yet"},
  {"aws/warnings/db-instance-assumed.json", Given::strict, "{dir}/aws/warnings/db-instance-assumed.json: /DBInstances/0: orders: the snapshot lists no interface of this DB instance (describe-network-interfaces holds them); one is assumed in subnet-0a000000000000001 at 10.0.1.4"},
  {"aws/warnings/db-instance-unusable.json", Given::strict, "{dir}/aws/warnings/db-instance-unusable.json: /DBInstances/0/DBInstanceStatus: orders: a DB instance in state \"incompatible-network\" cannot be used as it is; left out"},
  {"aws/warnings/transit-gateway-interface.json", Given::strict, "{dir}/aws/warnings/transit-gateway-interface.json: /NetworkInterfaces/0/InterfaceType: eni-0a000000000000001: a transit_gateway interface"},
};
// clang-format on

std::string expand(std::string text) {
  const std::string key = "{dir}";
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key))
    text.replace(at, key.size(), kFixtures.string());
  return text;
}

// The file's text without its final newline: a format or an endpoint as typed.
std::string one_line(const fs::path& p) {
  auto text = read_text(p);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  return text;
}

std::vector<std::string> argv_for(const Row& row) {
  const auto path = kFixtures / row.fixture;
  switch (row.given) {
    case Given::validate:
      return {"validate", path.string()};
    case Given::replay:
      return {"replay", kThreeTier, path.string()};
    case Given::format:
      return {"run", kThreeTier, "--flow-log", "-", "--format", one_line(path)};
    case Given::endpoint:
      return {"reach", kThreeTier, "--from", one_line(path), "--to", "app-1", "--port", "8080"};
    case Given::test:
      return {"test", (kFixtures / "test").string()};
    case Given::strict:
      return {"validate", "--strict", path.string()};
    case Given::part_of:
      break;
  }
  return {};
}

// Every file under the fixtures folder, as a path relative to it ("json/empty.json").
std::vector<std::string> all_fixtures() {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(kFixtures)) {
    if (e.is_regular_file() && e.path().filename() != "README.md")
      out.push_back(fs::relative(e.path(), kFixtures).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Printable ASCII, newlines, tabs and well-formed UTF-8 sequences only.
bool printable(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) continue;
    // A lead byte and its continuation bytes (10xxxxxx); 0x80-0xc1 and 0xf5-0xff never lead.
    const std::size_t more = c >= 0xf5 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : 0;
    if (more == 0 || i + more >= s.size()) return false;
    for (std::size_t k = 1; k <= more; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += more;
  }
  return true;
}

bool is_validation_fixture(const std::string& rel) {
  return rel.starts_with("validation/");
}

}  // namespace

TEST_CASE("bad input: every fixture has a row, and every reader's folder has fixtures") {
  std::set<std::string> rows;
  for (const auto& row : kRows)
    CHECK_MESSAGE(rows.insert(row.fixture).second, "two rows for ", row.fixture);
  std::set<std::string> folders;
  for (const auto& rel : all_fixtures()) {
    CAPTURE(rel);
    folders.insert(rel.substr(0, rel.find('/')));
    if (is_validation_fixture(rel)) continue;  // they carry "$expect_error" themselves
    CHECK_MESSAGE(rows.count(rel) == 1, "fixture without a row in kRows");
  }
  for (const auto& row : kRows)
    CHECK_MESSAGE(fs::is_regular_file(kFixtures / row.fixture), "no such fixture: ", row.fixture);
  const std::set<std::string> readers = {"json",     "scenario", "topology",        "traffic",
                                         "timeline", "expect",   "validation",      "pcap",
                                         "endpoint", "test",     "flow-log-format", "aws"};
  CHECK(folders == readers);
}

TEST_CASE("bad input: each fixture exits 2 with a located message") {
  for (const auto& row : kRows) {
    if (row.given == Given::part_of) continue;
    const std::string fixture = row.fixture;
    CAPTURE(fixture);
    const auto r = run_vpcsim(argv_for(row));
    CHECK(r.exit_code == 2);
    // `test` reports each scenario in its report on stdout; the others say it on stderr.
    const auto& said = row.given == Given::test ? r.out : r.err;
    const auto expected = expand(row.expected);
    CHECK_MESSAGE(said.find(expected) != std::string::npos, "output lacks \"", expected, "\":\n",
                  said);
    // Nothing from the file is echoed raw: only printable ASCII, UTF-8 and newlines reach
    // the terminal (no NUL, no terminal escape, no ill-formed UTF-8).
    CHECK_MESSAGE(printable(r.err), "unprintable bytes on stderr:\n", r.err);
    CHECK_MESSAGE(printable(r.out), "unprintable bytes on stdout:\n", r.out);
  }
}

TEST_CASE("bad input: without --strict, a snapshot's warnings leave it usable, each one said") {
  int count = 0;
  for (const auto& row : kRows) {
    if (row.given != Given::strict) continue;
    ++count;
    const std::string fixture = row.fixture;
    CAPTURE(fixture);
    const auto r = run_vpcsim({"validate", (kFixtures / row.fixture).string()});
    CHECK(r.exit_code == 0);
    // "file: pointer: warning: message": the row's text with "warning: " after the pointer.
    auto expected = expand(row.expected);
    const auto pointer_end = expected.find(": ", expected.find(": /") + 2);
    if (pointer_end != std::string::npos) expected.insert(pointer_end + 2, "warning: ");
    const auto strict_note = expected.find(" (an error under --strict)");
    if (strict_note != std::string::npos) expected.erase(strict_note);
    CHECK_MESSAGE(r.err.find(expected) != std::string::npos, "stderr lacks \"", expected, "\":\n",
                  r.err);
    CHECK(r.err.find("vpcsim: 1 warning about the AWS snapshot") != std::string::npos);
  }
  CHECK(count >= 10);
}

TEST_CASE("bad input: each validation fixture exits 2 at its $expect_error pointer") {
  int count = 0;
  for (const auto& rel : all_fixtures()) {
    if (!is_validation_fixture(rel)) continue;
    ++count;
    CAPTURE(rel);
    const auto path = kFixtures / rel;
    const auto doc = nlohmann::json::parse(read_text(path), nullptr, true, true);
    REQUIRE(doc.contains("$expect_error"));
    const auto r = run_vpcsim({"validate", path.string()});
    CHECK(r.exit_code == 2);
    // "file: pointer (line L, column C): message", or "file: pointer: message" for errors the
    // model's validation finds after loading.
    const auto at = path.string() + ": " + doc["$expect_error"].get<std::string>();
    CHECK_MESSAGE(r.err.find(at) != std::string::npos, "stderr lacks ", at, ":\n", r.err);
    const auto message = doc.value("$expect_message", std::string());
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(r.err.find(path.string() + ": INVALID") != std::string::npos);
  }
  CHECK(count >= 14);
}
