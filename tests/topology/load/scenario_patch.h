#pragma once
// The validation tables of the loader's tests: a minimal valid scenario (kBase), JSON Patch
// operations (RFC 6902) that make one rule fail, and the check that the load fails at exactly
// the expected JSON pointer with the expected message. Each reader's test holds the rows of
// the rules it enforces (topology_reader_test.cc, eni_reader_test.cc, ...).

#include <doctest/doctest.h>

#include <exception>
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "topology/load/scenario_loader.h"

namespace vpcsim::test::scenario_patch {

using Json = nlohmann::json;

// The minimal valid scenario every row of the tables mutates: one VPC with an internet
// gateway, a public and a private subnet, a custom route table and NACL, two security
// groups (sg-app admits sg-web), a prefix list, an interface, an instance, a public NAT
// gateway, one flow and one expectation. Comments are part of the format.
inline const char* const kBase = R"(// minimal valid scenario
{
  "name": "t",
  "topology": {
    "vpcs": [{ "id": "vpc-main", "cidr": "10.0.0.0/16" }],
    "internet_gateways": [{ "id": "igw-main", "vpc": "vpc-main" }],
    "subnets": [
      { "id": "subnet-pub", "vpc": "vpc-main", "cidr": "10.0.0.0/24",
        "route_table": "rtb-pub", "network_acl": "acl-pub" },
      { "id": "subnet-app", "vpc": "vpc-main", "cidr": "10.0.1.0/24" }
    ],
    "route_tables": [
      { "id": "rtb-pub", "vpc": "vpc-main",
        "routes": [{ "destination": "0.0.0.0/0", "target": "igw-main" }] }
    ],
    "network_acls": [
      { "id": "acl-pub", "vpc": "vpc-main",
        "inbound":  [{ "rule": 100, "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0", "action": "allow" }],
        /* the same rule number in the other direction is fine (unique per direction:
           https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html) */
        "outbound": [{ "rule": 100, "protocol": "all", "cidr": "0.0.0.0/0", "action": "allow" }] }
    ],
    "security_groups": [
      { "id": "sg-web", "vpc": "vpc-main",
        "inbound": [{ "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0" }] },
      { "id": "sg-app", "vpc": "vpc-main",
        "inbound": [{ "protocol": "tcp", "ports": 8080, "group": "sg-web" }] }
    ],
    "prefix_lists": [{ "id": "pl-corp", "entries": ["192.0.2.0/24"] }],
    "enis": [
      { "id": "eni-web", "name": "web", "subnet": "subnet-pub", "private_ip": "10.0.0.10",
        "public_ip": "198.51.100.10", "security_groups": ["sg-web"] }
    ],
    "instances": [
      { "id": "i-app", "name": "app", "subnet": "subnet-app", "private_ip": "10.0.1.10",
        "security_groups": ["sg-app"] }
    ],
    "nat_gateways": [{ "id": "nat-a", "subnet": "subnet-pub", "elastic_ip": "198.51.100.20" }]
  },
  "traffic": { "flows": [{ "name": "web-to-app", "from": "web", "to": "app", "protocol": "tcp", "port": 8080 }] },
  "expect": { "flows": [{ "flow": "web-to-app", "outcome": "established" }] }
})";

// Pieces several rows share (JSON Patch operations, RFC 6902).
inline const std::string kOtherVpc =
    R"({"op": "add", "path": "/topology/vpcs/-", "value": {"id": "vpc-other", "cidr": "10.1.0.0/16"}})";
inline const std::string kOtherSubnet =
    R"({"op": "add", "path": "/topology/subnets/-", "value": {"id": "subnet-other", "vpc": "vpc-other", "cidr": "10.1.0.0/24"}})";
inline const std::string kOtherSg =
    R"({"op": "add", "path": "/topology/security_groups/-", "value": {"id": "sg-other", "vpc": "vpc-other"}})";
inline const std::string kPeerOther =
    R"({"op": "add", "path": "/topology/peering_connections", "value": [{"id": "pcx-1", "requester": "vpc-main", "accepter": "vpc-other"}]})";

inline std::string replace(const std::string& path, const std::string& value) {
  return R"({"op": "replace", "path": ")" + path + R"(", "value": )" + value + "}";
}
inline std::string add(const std::string& path, const std::string& value) {
  return R"({"op": "add", "path": ")" + path + R"(", "value": )" + value + "}";
}
inline std::string drop(const std::string& path) {
  return R"({"op": "remove", "path": ")" + path + R"("})";
}
inline std::string patch(std::initializer_list<std::string> ops) {
  std::string s = "[";
  for (const auto& op : ops)
    s += (s.size() > 1 ? ", " : "") + op;
  return s + "]";
}

inline Json base_json() {
  return Json::parse(kBase, nullptr, true, /*ignore_comments=*/true);
}

// The scenario text of a row: the base with the row's patch applied.
inline std::string mutate(const std::string& patch_text) {
  return base_json().patch(Json::parse(patch_text)).dump(2);
}

inline std::string all_errors(const std::vector<load::LoadError>& errors) {
  std::string s;
  for (const auto& e : errors)
    s += "\n  " + e.to_string();
  return s.empty() ? " (none)" : s;
}

// Checks that loading fails with an error at exactly `pointer` whose message contains
// `message`; the first error at that pointer is the one checked.
inline void check_error(const load::ScenarioLoad& r, const std::string& file,
                        const std::string& pointer, const std::string& message) {
  CHECK_FALSE(r.scenario.has_value());
  const load::LoadError* found = nullptr;
  for (const auto& e : r.errors) {
    if (e.where == pointer && !found) found = &e;
  }
  if (!found) {
    FAIL_CHECK("no error at ", pointer, "; errors:", all_errors(r.errors));
    return;
  }
  CHECK(found->file == file);
  if (found->message.find(message) == std::string::npos) {
    FAIL_CHECK("error at ", pointer, " is \"", found->message, "\"; expected it to contain \"",
               message, "\"");
  }
}

// A validation rule, as one row of a table: the rule, the patch that breaks it, and the JSON
// pointer and message (a part of it) the load must fail with. The comments above a group of
// rows, or above a row, cite the AWS documentation page whose rule they encode.
struct Row {
  std::string rule;
  std::string patch;
  std::string pointer;
  std::string message;
};

// Runs a table: each row's patch must apply to the base, and the patched scenario must fail
// to load at the row's pointer with the row's message.
inline void check_table(const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    CAPTURE(row.rule);
    std::string text;
    try {
      text = mutate(row.patch);
    } catch (const std::exception& e) {
      FAIL_CHECK("row \"", row.rule,
                 "\": patch does not apply to the base: ", std::string(e.what()));
      continue;
    }
    check_error(load::load_scenario_text(text, "t.json"), "t.json", row.pointer, row.message);
  }
}

}  // namespace vpcsim::test::scenario_patch
