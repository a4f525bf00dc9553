// Flow-log formats as AWS defines them
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
#include "topology/load/flow_log_format_reader.h"

#include <doctest/doctest.h>

#include <string>

using vpcsim::model::FlowLogField;
using vpcsim::model::FlowLogFormat;

namespace {

// Parses `text`, which must be valid.
FlowLogFormat parse_ok(const std::string& text) {
  std::string error;
  const auto f = vpcsim::load::parse_flow_log_format(text, error);
  INFO(text, ": ", error);
  REQUIRE(f);
  CHECK(error.empty());
  return *f;
}

// Parses `text`, which must be invalid; returns the error.
std::string parse_error(const std::string& text) {
  std::string error;
  const auto f = vpcsim::load::parse_flow_log_format(text, error);
  INFO(text);
  CHECK_FALSE(f);
  CHECK_FALSE(error.empty());
  return error;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the default format is version 2 with the fields in AWS's order") {
  // "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets
  // bytes start end action log-status"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
  const auto f = FlowLogFormat::default_v2();
  CHECK(f.version == 2);
  CHECK(f.fields.size() == 14);
  CHECK(f.fields.front() == FlowLogField::version);
  CHECK(f.fields.back() == FlowLogField::log_status);
  CHECK(f.header() ==
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
        "start end action log-status");
}

TEST_CASE("a custom format's version is the highest version among its fields") {
  // "If you specify only fields from version 2, the version is 2. If you specify a
  // mixture of fields from versions 2, 3, and 4, the version is 4."
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html)
  CHECK(parse_ok("${srcaddr} ${dstaddr} ${action}").version == 2);
  // AWS's flow-logs-s3 example format: v2 and v3 fields.
  const auto v3 = parse_ok(
      "${version} ${vpc-id} ${subnet-id} ${instance-id} ${srcaddr} ${dstaddr} ${srcport} "
      "${dstport} ${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr}");
  CHECK(v3.version == 3);
  CHECK(v3.fields.size() == 13);
  CHECK(v3.header() ==
        "version vpc-id subnet-id instance-id srcaddr dstaddr srcport dstport protocol tcp-flags "
        "type pkt-srcaddr pkt-dstaddr");
  CHECK(parse_ok("${srcaddr} ${tcp-flags} ${region}").version == 4);
  CHECK(parse_ok("${region} ${srcaddr} ${flow-direction}").version == 5);
  CHECK(parse_ok("${traffic-path}").version == 5);
  CHECK(parse_ok("${ecs-task-id}").version == 7);
  CHECK(parse_ok("${reject-reason} ${srcaddr}").version == 8);
  // The order is the user's, repeated spaces and tabs separate like one space.
  const auto mixed = parse_ok("  ${dstaddr}\t${srcaddr}   ${az-id} ");
  CHECK(mixed.header() == "dstaddr srcaddr az-id");
  CHECK(mixed.version == 4);
}

// The available fields of https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html.
TEST_CASE("every available flow-log field parses under its AWS name") {
  // The service-name/traffic-path example of
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html uses 28
  // fields of versions 2 to 5.
  const auto f = parse_ok(
      "${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${start} ${end} "
      "${type} ${packets} ${bytes} ${account-id} ${vpc-id} ${subnet-id} ${instance-id} "
      "${interface-id} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${action} "
      "${tcp-flags} ${pkt-srcaddr} ${pkt-dstaddr} ${pkt-src-aws-service} ${pkt-dst-aws-service} "
      "${traffic-path} ${flow-direction} ${log-status}");
  CHECK(f.fields.size() == 29);
  CHECK(f.version == 5);
}

TEST_CASE("format errors say what was wrong and what was expected") {
  const auto unknown = parse_error("${version} ${srcadr}");
  CHECK(contains(unknown, "unknown flow-log field \"srcadr\""));
  CHECK(contains(unknown, "did you mean \"srcaddr\""));
  const auto typo = parse_error("${interface_id}");
  CHECK(contains(typo, "did you mean \"interface-id\""));
  // Every token must be ${field}.
  const auto bare = parse_error("${version} srcaddr");
  CHECK(contains(bare, "\"srcaddr\" is not a field"));
  CHECK(contains(bare, "${field}"));
  CHECK(contains(parse_error("${version"), "is not a field"));
  CHECK(contains(parse_error("$srcaddr"), "is not a field"));
  CHECK(contains(parse_error("${}"), "is not a field"));
  // "you must specify at least one"
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
  CHECK(contains(parse_error(""), "at least one"));
  CHECK(contains(parse_error("   "), "at least one"));
}
