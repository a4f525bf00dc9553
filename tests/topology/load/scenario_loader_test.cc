#include "topology/load/scenario_loader.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace {

using Json = nlohmann::json;
using vpcsim::load::load_scenario;
using vpcsim::load::load_scenario_text;
using vpcsim::load::LoadError;
using vpcsim::load::LoadOptions;
using vpcsim::load::ScenarioLoad;

// The minimal valid scenario every row of the table mutates: one VPC with an internet
// gateway, a public and a private subnet, a custom route table and NACL, two security
// groups (sg-app admits sg-web), a prefix list, an interface, an instance, a public NAT
// gateway, one flow and one expectation. Comments are part of the format.
const char* kBase = R"(// minimal valid scenario
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
const std::string kOtherVpc =
    R"({"op": "add", "path": "/topology/vpcs/-", "value": {"id": "vpc-other", "cidr": "10.1.0.0/16"}})";
const std::string kOtherSubnet =
    R"({"op": "add", "path": "/topology/subnets/-", "value": {"id": "subnet-other", "vpc": "vpc-other", "cidr": "10.1.0.0/24"}})";
const std::string kOtherSg =
    R"({"op": "add", "path": "/topology/security_groups/-", "value": {"id": "sg-other", "vpc": "vpc-other"}})";
const std::string kPeerOther =
    R"({"op": "add", "path": "/topology/peering_connections", "value": [{"id": "pcx-1", "requester": "vpc-main", "accepter": "vpc-other"}]})";

std::string replace(const std::string& path, const std::string& value) {
  return R"({"op": "replace", "path": ")" + path + R"(", "value": )" + value + "}";
}
std::string add(const std::string& path, const std::string& value) {
  return R"({"op": "add", "path": ")" + path + R"(", "value": )" + value + "}";
}
std::string drop(const std::string& path) {
  return R"({"op": "remove", "path": ")" + path + R"("})";
}
std::string patch(std::initializer_list<std::string> ops) {
  std::string s = "[";
  for (const auto& op : ops)
    s += (s.size() > 1 ? ", " : "") + op;
  return s + "]";
}

Json base_json() {
  return Json::parse(kBase, nullptr, true, /*ignore_comments=*/true);
}

// The scenario text of a row: the base with the row's patch applied.
std::string mutate(const std::string& patch_text) {
  return base_json().patch(Json::parse(patch_text)).dump(2);
}

std::string all_errors(const std::vector<LoadError>& errors) {
  std::string s;
  for (const auto& e : errors)
    s += "\n  " + e.to_string();
  return s.empty() ? " (none)" : s;
}

// Checks that loading fails with an error at exactly `pointer` whose message contains
// `message`; the first error at that pointer is the one checked.
void check_error(const ScenarioLoad& r, const std::string& file, const std::string& pointer,
                 const std::string& message) {
  CHECK_FALSE(r.scenario.has_value());
  const LoadError* found = nullptr;
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

struct Row {
  std::string rule;
  std::string patch;
  std::string pointer;
  std::string message;
};

// Every validation rule of the loader and of model::validate, one row each. The comments
// above a group of rows, or above a row, cite the AWS documentation page whose rule they
// encode.
const std::vector<Row>& rows() {
  static const std::vector<Row> r{
      // --- VPC CIDR blocks (between /16 and /28:
      //     https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html) ---
      {"VPC CIDR shorter than /16", patch({replace("/topology/vpcs/0/cidr", R"("10.0.0.0/15")")}),
       "/topology/vpcs/0/cidr",
       R"("10.0.0.0/15" has prefix length /15; a VPC CIDR block must be between /16 and /28)"},
      {"VPC CIDR longer than /28", patch({replace("/topology/vpcs/0/cidr", R"("10.0.0.0/29")")}),
       "/topology/vpcs/0/cidr", R"("10.0.0.0/29" has prefix length /29)"},
      {"VPC CIDR that is IPv6", patch({replace("/topology/vpcs/0/cidr", R"("2001:db8::/56")")}),
       "/topology/vpcs/0/cidr", R"("2001:db8::/56" is not an IPv4 CIDR block)"},
      {"VPC without a CIDR", patch({drop("/topology/vpcs/0/cidr")}), "/topology/vpcs/0/cidr",
       "missing; expected a CIDR block"},
      {"secondary VPC CIDR overlapping the primary",
       patch({add("/topology/vpcs/0/secondary_cidrs", R"(["10.0.128.0/17"])")}),
       "/topology/vpcs/0/secondary_cidrs/0",
       R"("10.0.128.0/17" overlaps CIDR block 10.0.0.0/16 of the same VPC)"},
      {"secondary VPC CIDR malformed", patch({add("/topology/vpcs/0/secondary_cidrs", R"([42])")}),
       "/topology/vpcs/0/secondary_cidrs/0", "42 is not valid; expected a CIDR block"},

      // --- subnets ---
      {"subnet CIDR outside the VPC",
       patch({replace("/topology/subnets/1/cidr", R"("10.9.0.0/24")")}), "/topology/subnets/1/cidr",
       R"("10.9.0.0/24" is not inside VPC vpc-main 10.0.0.0/16)"},
      {"subnet CIDR overlapping a sibling",
       patch({replace("/topology/subnets/1/cidr", R"("10.0.0.128/25")")}),
       "/topology/subnets/1/cidr",
       R"("10.0.0.128/25" overlaps subnet subnet-pub 10.0.0.0/24 in VPC vpc-main)"},
      // Subnet sizes: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html.
      {"subnet prefix longer than /28",
       patch({replace("/topology/subnets/1/cidr", R"("10.0.1.0/29")")}), "/topology/subnets/1/cidr",
       R"("10.0.1.0/29" has prefix length /29; a subnet CIDR block must be between /16 and /28)"},
      {"subnet prefix shorter than /16",
       patch({replace("/topology/subnets/1/cidr", R"("10.0.0.0/8")")}), "/topology/subnets/1/cidr",
       R"("10.0.0.0/8" has prefix length /8)"},
      {"subnet IPv6 block in a VPC without one",
       patch({add("/topology/subnets/1/ipv6_cidr", R"("2001:db8::/64")")}),
       "/topology/subnets/1/ipv6_cidr", "VPC vpc-main has no IPv6 CIDR block"},
      // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
      {"subnet IPv6 block that is not a /64",
       patch({add("/topology/vpcs/0/ipv6_cidr", R"("2001:db8::/56")"),
              add("/topology/subnets/1/ipv6_cidr", R"("2001:db8::/60")")}),
       "/topology/subnets/1/ipv6_cidr",
       R"("2001:db8::/60" is not a /64 inside VPC vpc-main IPv6 block 2001:db8::/56)"},
      {"subnet using a route table of another VPC",
       patch({kOtherVpc,
              add("/topology/route_tables/-", R"({"id": "rtb-other", "vpc": "vpc-other"})"),
              add("/topology/subnets/1/route_table", R"("rtb-other")")}),
       "/topology/subnets/1/route_table",
       "route table rtb-other belongs to VPC vpc-other, but subnet subnet-app is in VPC vpc-main"},
      {"subnet using a network ACL of another VPC",
       patch({kOtherVpc,
              add("/topology/network_acls/-", R"({"id": "acl-other", "vpc": "vpc-other"})"),
              add("/topology/subnets/1/network_acl", R"("acl-other")")}),
       "/topology/subnets/1/network_acl", "network ACL acl-other belongs to VPC vpc-other"},

      // --- interface addresses (first four and last address reserved:
      //     https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html) ---
      {"interface IP outside its subnet",
       patch({replace("/topology/enis/0/private_ip", R"("10.0.1.50")")}),
       "/topology/enis/0/private_ip", R"("10.0.1.50" is not inside subnet subnet-pub 10.0.0.0/24)"},
      {"interface IP = network address",
       patch({replace("/topology/enis/0/private_ip", R"("10.0.0.0")")}),
       "/topology/enis/0/private_ip",
       R"("10.0.0.0" is reserved by AWS in subnet subnet-pub 10.0.0.0/24)"},
      {"interface IP = VPC router (.1)",
       patch({replace("/topology/enis/0/private_ip", R"("10.0.0.1")")}),
       "/topology/enis/0/private_ip", R"("10.0.0.1" is reserved by AWS)"},
      {"interface IP = DNS (.2)", patch({replace("/topology/enis/0/private_ip", R"("10.0.0.2")")}),
       "/topology/enis/0/private_ip", R"("10.0.0.2" is reserved by AWS)"},
      {"interface IP = reserved (.3)",
       patch({replace("/topology/enis/0/private_ip", R"("10.0.0.3")")}),
       "/topology/enis/0/private_ip", R"("10.0.0.3" is reserved by AWS)"},
      {"interface IP = broadcast (last)",
       patch({replace("/topology/enis/0/private_ip", R"("10.0.0.255")")}),
       "/topology/enis/0/private_ip", R"("10.0.0.255" is reserved by AWS)"},
      {"instance IP reserved",
       patch({replace("/topology/instances/0/private_ip", R"("10.0.1.3")")}),
       "/topology/instances/0/private_ip", R"("10.0.1.3" is reserved by AWS in subnet subnet-app)"},
      {"NAT gateway IP reserved (pointer is the NAT gateway's)",
       patch({add("/topology/nat_gateways/0/private_ip", R"("10.0.0.1")")}),
       "/topology/nat_gateways/0/private_ip", R"("10.0.0.1" is reserved by AWS)"},
      {"secondary IP outside the subnet",
       patch({add("/topology/enis/0/secondary_private_ips", R"(["10.0.1.11"])")}),
       "/topology/enis/0/secondary_private_ips/0",
       R"("10.0.1.11" is not inside subnet subnet-pub)"},
      {"duplicate private IP",
       patch({add("/topology/enis/-",
                  R"({"id": "eni-two", "subnet": "subnet-pub", "private_ip": "10.0.0.10"})")}),
       "/topology/enis/1/private_ip",
       R"("10.0.0.10" is already assigned to network interface eni-web; a private IP can be used once per VPC)"},
      {"duplicate private IP in the same interface's secondaries",
       patch({add("/topology/enis/0/secondary_private_ips", R"(["10.0.0.10"])")}),
       "/topology/enis/0/secondary_private_ips/0",
       R"("10.0.0.10" is already assigned to network interface eni-web)"},
      {"duplicate private IP taken by a NAT gateway",
       patch({add("/topology/nat_gateways/0/private_ip", R"("10.0.0.10")")}),
       "/topology/nat_gateways/0/private_ip", R"("10.0.0.10" is already assigned)"},
      {"IPv6 address in a subnet without an IPv6 block",
       patch({add("/topology/enis/0/ipv6_addresses", R"(["2001:db8::10"])")}),
       "/topology/enis/0/ipv6_addresses/0",
       R"("2001:db8::10" is not inside the IPv6 block of subnet subnet-pub (it has none))"},
      {"IPv4 address given as an IPv6 address",
       patch({add("/topology/enis/0/ipv6_addresses", R"(["10.0.0.99"])")}),
       "/topology/enis/0/ipv6_addresses/0",
       R"("10.0.0.99" is not valid; expected an IPv6 address)"},
      {"tag value that is not a string", patch({add("/topology/enis/0/tags", R"({"tier": 3})")}),
       "/topology/enis/0/tags/tier", R"(3 is not valid; expected a string tag value)"},
      {"tags that are not an object", patch({add("/topology/enis/0/tags", R"(["web"])")}),
       "/topology/enis/0/tags", "expected an object of tag keys and string values"},
      {"duplicate public IP", patch({add("/topology/instances/0/public_ip", R"("198.51.100.10")")}),
       "/topology/instances/0/public_ip", R"("198.51.100.10" is already the public IP of eni-web)"},
      {"public IP equal to a NAT gateway's Elastic IP",
       patch({replace("/topology/enis/0/public_ip", R"("198.51.100.20")")}),
       "/topology/enis/0/public_ip", R"("198.51.100.20" is already the public IP of nat-a)"},
      // RFC 1918 / 6598 addresses are not public (the internet gateway rejects them:
      // https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
      {"public IP in RFC 1918 space",
       patch({replace("/topology/enis/0/public_ip", R"("10.0.5.5")")}),
       "/topology/enis/0/public_ip", R"("10.0.5.5" is not a public IPv4 address)"},
      {"public IP in RFC 6598 space",
       patch({replace("/topology/enis/0/public_ip", R"("100.64.1.1")")}),
       "/topology/enis/0/public_ip", R"("100.64.1.1" is not a public IPv4 address)"},
      {"public IP and Elastic IP both given",
       patch({add("/topology/enis/0/elastic_ip", R"("198.51.100.30")")}),
       "/topology/enis/0/elastic_ip", "give public_ip or elastic_ip, not both"},
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ConnectionTrackingConfiguration.html
      {"conntrack timeout out of the API's range",
       patch({add("/topology/enis/0/conntrack", R"({"udp": "90s"})")}),
       "/topology/enis/0/conntrack/udp", "90s is out of range; AWS allows 30 to 60 seconds"},

      // --- security groups on interfaces
      //     (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html) ---
      {"more than 5 security groups on an interface",
       patch({add("/topology/security_groups/-", R"({"id": "sg-3", "vpc": "vpc-main"})"),
              add("/topology/security_groups/-", R"({"id": "sg-4", "vpc": "vpc-main"})"),
              add("/topology/security_groups/-", R"({"id": "sg-5", "vpc": "vpc-main"})"),
              add("/topology/security_groups/-", R"({"id": "sg-6", "vpc": "vpc-main"})"),
              replace("/topology/enis/0/security_groups",
                      R"(["sg-web", "sg-app", "sg-3", "sg-4", "sg-5", "sg-6"])")}),
       "/topology/enis/0/security_groups",
       "network interface eni-web has 6 security groups; the quota is 5 per network interface"},
      {"security group listed twice",
       patch({replace("/topology/enis/0/security_groups", R"(["sg-web", "sg-web"])")}),
       "/topology/enis/0/security_groups/1", "security group sg-web is listed twice"},
      {"security group of another VPC on an interface",
       patch({kOtherVpc, kOtherSg,
              replace("/topology/enis/0/security_groups", R"(["sg-web", "sg-other"])")}),
       "/topology/enis/0/security_groups/1",
       "security group sg-other belongs to VPC vpc-other, but network interface eni-web is in VPC "
       "vpc-main"},

      // --- network ACL entries
      //     (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html)
      //     ---
      {"NACL rule number 0", patch({replace("/topology/network_acls/0/inbound/0/rule", "0")}),
       "/topology/network_acls/0/inbound/0/rule",
       "0 is not a valid rule number; expected 1 to 32766"},
      {"NACL rule number 32767 (reserved for *)",
       patch({replace("/topology/network_acls/0/outbound/0/rule", "32767")}),
       "/topology/network_acls/0/outbound/0/rule", "32767 is not a valid rule number"},
      {"NACL rule number above 65535",
       patch({replace("/topology/network_acls/0/inbound/0/rule", "70000")}),
       "/topology/network_acls/0/inbound/0/rule", "70000 is not valid; expected an integer"},
      {"NACL rule number used twice in one direction",
       patch({add("/topology/network_acls/0/inbound/-",
                  R"({"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0", "action": "deny"})")}),
       "/topology/network_acls/0/inbound/1/rule",
       "rule number 100 is already used by inbound entry 0 of network ACL acl-pub; rule numbers "
       "are unique per direction"},
      {"TCP NACL entry without ports", patch({drop("/topology/network_acls/0/inbound/0/ports")}),
       "/topology/network_acls/0/inbound/0/ports", "missing; expected a port"},
      {"UDP NACL entry without ports",
       patch({replace("/topology/network_acls/0/inbound/0/protocol", R"("udp")"),
              drop("/topology/network_acls/0/inbound/0/ports")}),
       "/topology/network_acls/0/inbound/0/ports", "missing; expected a port"},
      {"ICMP NACL entry without icmp_type",
       patch({replace(
           "/topology/network_acls/0/inbound/0",
           R"({"rule": 100, "protocol": "icmp", "cidr": "0.0.0.0/0", "action": "allow"})")}),
       "/topology/network_acls/0/inbound/0/icmp_type", "missing; expected an ICMP type"},
      {"ICMPv6 NACL entry with an IPv6 CIDR but no icmp_type",
       patch({add("/topology/vpcs/0/ipv6_cidr", R"("2001:db8::/56")"),
              add("/topology/network_acls/0/inbound/-",
                  R"({"rule": 110, "protocol": "icmpv6", "cidr": "::/0", "action": "allow"})")}),
       "/topology/network_acls/0/inbound/1/icmp_type", "missing; expected an ICMPv6 type"},
      {"NACL entry without a CIDR", patch({drop("/topology/network_acls/0/inbound/0/cidr")}),
       "/topology/network_acls/0/inbound/0/cidr", "missing; expected a CIDR block"},
      {"NACL action that is not allow/deny",
       patch({replace("/topology/network_acls/0/inbound/0/action", R"("permit")")}),
       "/topology/network_acls/0/inbound/0/action",
       R"("permit" is not valid; expected one of "allow", "deny")"},
      {"NACL protocol unknown",
       patch({replace("/topology/network_acls/0/inbound/0/protocol", R"("tpc")")}),
       "/topology/network_acls/0/inbound/0/protocol", R"("tpc" is not valid; expected "tcp")"},
      {"two default NACLs in a VPC",
       patch({add("/topology/network_acls/-",
                  R"({"id": "acl-d1", "vpc": "vpc-main", "default": true})"),
              add("/topology/network_acls/-",
                  R"({"id": "acl-d2", "vpc": "vpc-main", "default": true})")}),
       "/topology/network_acls/2/default", "VPC vpc-main already has default network ACL acl-d1"},

      // --- security group rules
      //     (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html) ---
      {"SG rule without a peer", patch({drop("/topology/security_groups/0/inbound/0/cidr")}),
       "/topology/security_groups/0/inbound/0", "a security group rule needs a peer"},
      {"SG rule with two peers",
       patch({add("/topology/security_groups/0/inbound/0/group", R"("sg-app")")}),
       "/topology/security_groups/0/inbound/0",
       R"(give exactly one of "cidr", "group" and "prefix_list")"},
      {"TCP SG rule without ports", patch({drop("/topology/security_groups/0/inbound/0/ports")}),
       "/topology/security_groups/0/inbound/0/ports", "missing; expected a port"},
      // Referencing across VPCs, for this row and the next two:
      // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html.
      {"SG rule referencing a group in an unpeered VPC",
       patch({kOtherVpc, kOtherSg,
              replace("/topology/security_groups/1/inbound/0/group", R"("sg-other")")}),
       "/topology/security_groups/1/inbound/0/group",
       "security group sg-other is in VPC vpc-other; a rule of sg-app (VPC vpc-main) can reference "
       "only groups of its own VPC or of an actively peered VPC in the same Region"},
      {"SG rule referencing a group across a pending peering",
       patch({kOtherVpc, kOtherSg, kPeerOther,
              add("/topology/peering_connections/0/status", R"("pending-acceptance")"),
              replace("/topology/security_groups/1/inbound/0/group", R"("sg-other")")}),
       "/topology/security_groups/1/inbound/0/group",
       "security group sg-other is in VPC vpc-other"},
      {"SG rule referencing a group of a peer VPC in another Region",
       patch({kOtherVpc, add("/topology/vpcs/1/region", R"("eu-west-1")"), kOtherSg, kPeerOther,
              add("/topology/security_groups/1/outbound",
                  R"([{"protocol": "all", "group": "sg-other"}])")}),
       "/topology/security_groups/1/outbound/0/group",
       "security group sg-other is in VPC vpc-other"},
      {"two default security groups in a VPC",
       patch({add("/topology/security_groups/-",
                  R"({"id": "sg-d1", "vpc": "vpc-main", "default": true})"),
              add("/topology/security_groups/-",
                  R"({"id": "sg-d2", "vpc": "vpc-main", "default": true})")}),
       "/topology/security_groups/3/default",
       "VPC vpc-main already has default security group sg-d1"},
      {"prefix list larger than its max_entries",
       patch({add("/topology/prefix_lists/0/max_entries", "1"),
              add("/topology/prefix_lists/0/entries/-", R"("198.51.100.0/24")")}),
       "/topology/prefix_lists/0/entries",
       "prefix list pl-corp has 2 entries but max_entries is 1"},

      // --- route tables (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html;
      //     targets: https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html) ---
      {"two main route tables",
       patch({add("/topology/route_tables/0/main", "true"),
              add("/topology/route_tables/-",
                  R"({"id": "rtb-two", "vpc": "vpc-main", "main": true})")}),
       "/topology/route_tables/1/main",
       "VPC vpc-main already has main route table rtb-pub; a VPC has exactly one main route table"},
      {"route to a NAT gateway of a different VPC",
       patch(
           {kOtherVpc, kOtherSubnet,
            add("/topology/route_tables/-",
                R"({"id": "rtb-other", "vpc": "vpc-other", "routes": [{"destination": "0.0.0.0/0", "target": "nat-a"}]})")}),
       "/topology/route_tables/1/routes/0/target",
       "NAT gateway nat-a is in VPC vpc-main, but route table rtb-other is in VPC vpc-other"},
      {"route to an internet gateway that is not attached",
       patch({drop("/topology/internet_gateways/0/vpc")}),
       "/topology/route_tables/0/routes/0/target",
       "internet gateway igw-main is not attached to VPC vpc-main"},
      {"route to the internet gateway of another VPC",
       patch({kOtherVpc,
              add("/topology/internet_gateways/-", R"({"id": "igw-other", "vpc": "vpc-other"})"),
              replace("/topology/route_tables/0/routes/0/target", R"("igw-other")")}),
       "/topology/route_tables/0/routes/0/target",
       "internet gateway igw-other is not attached to VPC vpc-main"},
      // https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
      {"egress-only internet gateway route with an IPv4 destination",
       patch({add("/topology/egress_only_internet_gateways",
                  R"([{"id": "eigw-main", "vpc": "vpc-main"}])"),
              add("/topology/route_tables/0/routes/-",
                  R"({"destination": "192.0.2.0/24", "target": "eigw-main"})")}),
       "/topology/route_tables/0/routes/1/target",
       R"(egress-only internet gateway eigw-main carries IPv6 only, but the destination is "192.0.2.0/24")"},
      {"route to a peering connection that does not join the VPC",
       patch({add("/topology/vpcs/-", R"({"id": "vpc-b", "cidr": "10.1.0.0/16"})"),
              add("/topology/vpcs/-", R"({"id": "vpc-c", "cidr": "10.2.0.0/16"})"),
              add("/topology/peering_connections",
                  R"([{"id": "pcx-bc", "requester": "vpc-b", "accepter": "vpc-c"}])"),
              add("/topology/route_tables/0/routes/-",
                  R"({"destination": "10.1.0.0/16", "target": "pcx-bc"})")}),
       "/topology/route_tables/0/routes/1/target",
       "peering connection pcx-bc joins vpc-b and vpc-c, not VPC vpc-main"},
      // The local route, for this row and the next two:
      // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html.
      {"route more specific than local that is not a subnet CIDR",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "10.0.5.0/24", "target": "nat-a"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"("10.0.5.0/24" is more specific than the local route of VPC vpc-main; such a route must match a whole subnet CIDR)"},
      {"route more specific than local to an internet gateway",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "10.0.1.0/24", "target": "igw-main"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"("10.0.1.0/24" is more specific than the local route)"},
      {"route to 169.254.168.0/22",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "169.254.169.0/24", "target": "igw-main"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"("169.254.169.0/24" is inside 169.254.168.0/22, which AWS reserves)"},
      {"same destination twice",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "0.0.0.0/0", "target": "nat-a"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"("0.0.0.0/0" appears twice in route table rtb-pub)"},
      {"local route to a CIDR that is not the VPC's",
       patch({add("/topology/route_tables/0/routes/-",
                  R"({"destination": "10.1.0.0/16", "target": "local"})")}),
       "/topology/route_tables/0/routes/1/destination",
       R"(local route to "10.1.0.0/16": local routes apply only to the CIDR blocks of VPC vpc-main 10.0.0.0/16)"},
      {"route without a target", patch({drop("/topology/route_tables/0/routes/0/target")}),
       "/topology/route_tables/0/routes/0/target", "missing; expected a string"},
      {"ambiguous route target",
       patch({add("/topology/internet_gateways/0/name", R"("gw")"),
              add("/topology/nat_gateways/0/name", R"("gw")"),
              replace("/topology/route_tables/0/routes/0/target", R"("gw")")}),
       "/topology/route_tables/0/routes/0/target",
       R"(route target "gw" is ambiguous: it names internet gateway /topology/internet_gateways/0, NAT gateway /topology/nat_gateways/0; use the id)"},

      // --- gateways (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html,
      //     https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html,
      //     https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html) ---
      {"two internet gateways on a VPC",
       patch({add("/topology/internet_gateways/-", R"({"id": "igw-two", "vpc": "vpc-main"})")}),
       "/topology/internet_gateways/1/vpc",
       "VPC vpc-main already has internet gateway igw-main attached; a VPC can have one at a time"},
      {"two egress-only internet gateways on a VPC",
       patch(
           {add("/topology/egress_only_internet_gateways",
                R"([{"id": "eigw-1", "vpc": "vpc-main"}, {"id": "eigw-2", "vpc": "vpc-main"}])")}),
       "/topology/egress_only_internet_gateways/1/vpc",
       "VPC vpc-main already has egress-only internet gateway eigw-1"},
      {"public NAT gateway without an Elastic IP",
       patch({drop("/topology/nat_gateways/0/elastic_ip")}), "/topology/nat_gateways/0/elastic_ip",
       "public NAT gateway nat-a needs an Elastic IP"},
      {"public NAT gateway with a private Elastic IP",
       patch({replace("/topology/nat_gateways/0/elastic_ip", R"("10.9.9.9")")}),
       "/topology/nat_gateways/0/elastic_ip", R"("10.9.9.9" is not a public IPv4 address)"},
      {"public NAT gateway in a VPC without an internet gateway",
       patch({drop("/topology/internet_gateways"),
              replace("/topology/route_tables/0/routes/0/target", R"("blackhole")")}),
       "/topology/nat_gateways/0/subnet",
       "Network vpc-main has no internet gateway attached: a public NAT gateway must be created in "
       "a VPC with an internet gateway"},
      {"private NAT gateway with an Elastic IP",
       patch({add("/topology/nat_gateways/0/connectivity", R"("private")")}),
       "/topology/nat_gateways/0/elastic_ip",
       "private NAT gateway nat-a cannot have an Elastic IP"},
      {"NAT gateway connectivity unknown",
       patch({add("/topology/nat_gateways/0/connectivity", R"("public-ish")")}),
       "/topology/nat_gateways/0/connectivity",
       R"("public-ish" is not valid; expected one of "public", "private")"},

      // --- peering (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html) ---
      {"peering of overlapping CIDRs",
       patch({add("/topology/vpcs/-", R"({"id": "vpc-other", "cidr": "10.0.128.0/17"})"),
              kPeerOther}),
       "/topology/peering_connections/0/accepter",
       "VPC vpc-main (10.0.0.0/16) overlaps VPC vpc-other (10.0.128.0/17); VPCs with overlapping "
       "CIDR blocks cannot be peered"},
      {"peering a VPC with itself",
       patch({add("/topology/peering_connections",
                  R"([{"id": "pcx-self", "requester": "vpc-main", "accepter": "vpc-main"}])")}),
       "/topology/peering_connections/0/accepter",
       "peering connection pcx-self joins VPC vpc-main to itself"},
      {"two peering connections between the same VPCs",
       patch({kOtherVpc, kPeerOther,
              add("/topology/peering_connections/-",
                  R"({"id": "pcx-2", "requester": "vpc-other", "accepter": "vpc-main"})")}),
       "/topology/peering_connections/1", "VPCs vpc-other and vpc-main are already peered"},

      // --- dangling references, each with a suggestion ---
      {"unknown VPC", patch({replace("/topology/subnets/0/vpc", R"("vpc-mian")")}),
       "/topology/subnets/0/vpc", R"(unknown VPC "vpc-mian"; did you mean "vpc-main"?)"},
      {"unknown subnet", patch({replace("/topology/enis/0/subnet", R"("subnet-pubb")")}),
       "/topology/enis/0/subnet", R"(unknown subnet "subnet-pubb"; did you mean "subnet-pub")"},
      {"unknown route table", patch({replace("/topology/subnets/0/route_table", R"("rtb-pbu")")}),
       "/topology/subnets/0/route_table",
       R"(unknown route table "rtb-pbu"; did you mean "rtb-pub")"},
      {"unknown network ACL", patch({replace("/topology/subnets/0/network_acl", R"("acl-pbu")")}),
       "/topology/subnets/0/network_acl",
       R"(unknown network ACL "acl-pbu"; did you mean "acl-pub")"},
      {"unknown security group on an interface",
       patch({replace("/topology/enis/0/security_groups/0", R"("sg-wbe")")}),
       "/topology/enis/0/security_groups/0",
       R"(unknown security group "sg-wbe"; did you mean "sg-web")"},
      {"unknown security group in a rule",
       patch({replace("/topology/security_groups/1/inbound/0/group", R"("sg-wbe")")}),
       "/topology/security_groups/1/inbound/0/group",
       R"(unknown security group "sg-wbe"; did you mean "sg-web")"},
      {"unknown prefix list",
       patch({replace("/topology/security_groups/0/inbound/0",
                      R"({"protocol": "tcp", "ports": 443, "prefix_list": "pl-crop"})")}),
       "/topology/security_groups/0/inbound/0/prefix_list",
       R"(unknown prefix list "pl-crop"; did you mean "pl-corp")"},
      {"unknown route target",
       patch({replace("/topology/route_tables/0/routes/0/target", R"("igw-mian")")}),
       "/topology/route_tables/0/routes/0/target",
       R"(unknown route target "igw-mian"; did you mean "igw-main")"},
      {"unknown NAT gateway subnet",
       patch({replace("/topology/nat_gateways/0/subnet", R"("subnet-ap")")}),
       "/topology/nat_gateways/0/subnet",
       R"(unknown subnet "subnet-ap"; did you mean "subnet-app")"},

      // --- structure and types ---
      {"unknown key with a suggestion",
       patch({add("/topology/subnets/0/cidr_block", R"("10.0.0.0/24")")}),
       "/topology/subnets/0/cidr_block", R"(unknown key; did you mean "cidr"?)"},
      {"unknown top-level key", patch({add("/trafic", "{}")}), "/trafic",
       R"(unknown key; did you mean "traffic")"},
      {"unknown topology section", patch({add("/topology/subnet", "[]")}), "/topology/subnet",
       R"(unknown key; did you mean "subnets"?)"},
      {"wrong type: number for a CIDR", patch({replace("/topology/vpcs/0/cidr", "10")}),
       "/topology/vpcs/0/cidr", R"(10 is not valid; expected a CIDR block such as "10.0.0.0/16")"},
      {"wrong type: object for an array", patch({replace("/topology/subnets", "{}")}),
       "/topology/subnets", "{} is not valid; expected an array"},
      {"wrong type: topology is a number", patch({replace("/topology", "5")}), "/topology",
       "expected an object {…}, found an integer 5"},
      {"malformed address", patch({replace("/topology/enis/0/private_ip", R"("10.0.0.300")")}),
       "/topology/enis/0/private_ip",
       R"("10.0.0.300" is not valid; expected an IPv4 or IPv6 address)"},
      {"missing topology", patch({drop("/topology"), drop("/traffic"), drop("/expect")}),
       "/topology", "missing; expected an object with the topology"},
      {"resource without id or name",
       patch({replace("/topology/subnets/1", R"({"vpc": "vpc-main", "cidr": "10.0.1.0/24"})")}),
       "/topology/subnets/1", R"(a subnet needs an "id" (such as "subnet-0a1b2c3d") or a "name")"},
      {"duplicate id",
       patch({add("/topology/subnets/-",
                  R"({"id": "subnet-pub", "vpc": "vpc-main", "cidr": "10.0.2.0/24"})")}),
       "/topology/subnets/2/id",
       R"("subnet-pub" is already the id of the subnet at /topology/subnets/0)"},
      {"duplicate name",
       patch({add("/topology/enis/-",
                  R"({"id": "eni-two", "name": "web", "subnet": "subnet-pub"})")}),
       "/topology/enis/1/name",
       R"("web" is already the name of the network interface at /topology/enis/0)"},
      {"duplicate instance id",
       patch({add("/topology/instances/-", R"({"id": "i-app", "subnet": "subnet-app"})")}),
       "/topology/instances/1/id",
       R"("i-app" is already the id of the instance at /topology/instances/0)"},
      {"duplicate instance id with distinct interface ids",
       patch({add("/topology/instances/0/eni_id", R"("eni-one")"),
              add("/topology/instances/-",
                  R"({"id": "i-app", "eni_id": "eni-two", "subnet": "subnet-app"})")}),
       "/topology/instances/1/id",
       R"("i-app" is already the id of the instance at /topology/instances/0)"},

      // --- traffic, expectations, timeline ---
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
      {"timeline naming an unknown security group",
       patch({add(
           "/timeline",
           R"([{"at": "5s", "action": "revoke_sg_rule", "security_group": "sg-wbe", "direction": "inbound", "rule": {"protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0"}}])")}),
       "/timeline/0/security_group", R"(unknown security group "sg-wbe"; did you mean "sg-web"?)"},
      {"timeline NACL entry with rule number 0",
       patch({add(
           "/timeline",
           R"([{"at": 1, "action": "replace_nacl_entry", "network_acl": "acl-pub", "direction": "inbound", "entry": {"rule": 0, "protocol": "all", "cidr": "0.0.0.0/0", "action": "deny"}}])")}),
       "/timeline/0/entry/rule", "0 is not a valid rule number; expected 1 to 32766"},
      {"timeline SG rule with two peers",
       patch({add(
           "/timeline",
           R"([{"at": 1, "action": "authorize_sg_rule", "security_group": "sg-app", "direction": "inbound", "rule": {"protocol": "tcp", "ports": 22, "cidr": "10.0.0.0/16", "group": "sg-web"}}])")}),
       "/timeline/0/rule", R"(give exactly one of "cidr", "group" and "prefix_list")"},
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
      {"timeline ICMP NACL entry without icmp_type",
       patch({add(
           "/timeline",
           R"([{"at": 1, "action": "replace_nacl_entry", "network_acl": "acl-pub", "direction": "inbound", "entry": {"rule": 120, "protocol": "icmp", "cidr": "0.0.0.0/0", "action": "allow"}}])")}),
       "/timeline/0/entry/icmp_type", "missing; expected an ICMP type"},
      {"timeline action unknown",
       patch({add("/timeline", R"([{"at": 1, "action": "delete_vpc"}])")}), "/timeline/0/action",
       R"("delete_vpc" is not valid; expected one of "authorize_sg_rule")"},
      {"timeline associating a NACL of another VPC",
       patch(
           {kOtherVpc,
            add("/topology/network_acls/-", R"({"id": "acl-other", "vpc": "vpc-other"})"),
            add("/timeline",
                R"([{"at": 1, "action": "associate_nacl", "subnet": "subnet-app", "network_acl": "acl-other"}])")}),
       "/timeline/0/network_acl", "network ACL acl-other is not in the VPC of subnet subnet-app"},
      {"timeline that is not an array", patch({add("/timeline", "{}")}), "/timeline",
       "{} is not valid; expected an array of timed changes"},

      // --- numbers out of range: refused where written, never wrapped ---
      {"flow start in seconds past 100 years (was printed as a negative time)",
       patch({add("/traffic/flows/0/start", "10000000000")}), "/traffic/flows/0/start",
       "10000000000 is not valid; expected a duration such as \"1.5s\", \"200ms\", \"5m\" or "
       "a number of seconds, from 0 to 100 years"},
      {"timeline change at 2^64 - 1 seconds",
       patch({add(
           "/timeline",
           R"([{"at": 18446744073709551615, "action": "delete_nat_gateway", "nat_gateway": "nat-a"}])")}),
       "/timeline/0/at", "18446744073709551615 is not valid; expected a duration"},
      {"SG rule protocol 2^64 - 1 (was read as -1: all traffic)",
       patch({replace("/topology/security_groups/0/inbound/0/protocol", "18446744073709551615")}),
       "/topology/security_groups/0/inbound/0/protocol",
       "18446744073709551615 is not valid; expected \"tcp\""},
      {"NACL ports 2^63",
       patch({replace("/topology/network_acls/0/inbound/0/ports", "9223372036854775808")}),
       "/topology/network_acls/0/inbound/0/ports",
       "9223372036854775808 is not valid; expected a port"},
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

std::string fixture_dir() {
  return std::string(VPCSIM_SOURCE_DIR) + "/tests/fixtures/invalid";
}

}  // namespace

TEST_CASE("the base scenario of the validation table is valid") {
  const auto r = load_scenario_text(kBase, "t.json");
  if (!r.errors.empty()) FAIL("base scenario does not load:", all_errors(r.errors));
  REQUIRE(r.scenario.has_value());
  const auto& t = *r.scenario->topology;
  CHECK(t.vpcs().size() == 1);
  CHECK(t.subnets().size() == 2);
  CHECK(t.enis().size() == 3);  // eni-web, the instance's interface, the NAT gateway's
  CHECK(r.scenario->traffic.flows.size() == 1);
  CHECK(r.scenario->expect.flows.size() == 1);
  CHECK(r.scenario->name == "t");
}

TEST_CASE("every validation rule: exact JSON pointer and message (table)") {
  for (const auto& row : rows()) {
    CAPTURE(row.rule);
    std::string text;
    try {
      text = mutate(row.patch);
    } catch (const std::exception& e) {
      FAIL_CHECK("row \"", row.rule,
                 "\": patch does not apply to the base: ", std::string(e.what()));
      continue;
    }
    check_error(load_scenario_text(text, "t.json"), "t.json", row.pointer, row.message);
  }
}

TEST_CASE("scenario text that is not a valid document") {
  struct Raw {
    std::string what;
    std::string text;
    std::string where;
    std::string message;
  };
  for (const auto& c : std::vector<Raw>{
           {"malformed JSON", "{\n  \"topology\": {\n    \"vpcs\": [,]\n  }\n}\n",
            "line 3, column 14", "malformed JSON: syntax error"},
           {"unterminated document", "{\n  \"topology\": {\n", "line 3, column 1",
            "malformed JSON"},
           {"root that is not an object", "[]", "/", "expected an object {…}, found an array []"},
           {"empty object", "{}", "/topology", "missing; expected an object with the topology"},
       }) {
    CAPTURE(c.what);
    check_error(load_scenario_text(c.text, "t.json"), "t.json", c.where, c.message);
  }
}

TEST_CASE("the loader reports every problem of a file, not just the first") {
  const auto text = mutate(patch({replace("/topology/subnets/1/cidr", R"("10.9.0.0/24")"),
                                  replace("/topology/network_acls/0/inbound/0/rule", "0"),
                                  replace("/topology/enis/0/private_ip", R"("10.0.0.1")")}));
  const auto r = load_scenario_text(text, "t.json");
  CHECK_FALSE(r.scenario.has_value());
  std::set<std::string> where;
  for (const auto& e : r.errors)
    where.insert(e.where);
  CHECK(where.count("/topology/subnets/1/cidr") == 1);
  CHECK(where.count("/topology/network_acls/0/inbound/0/rule") == 1);
  CHECK(where.count("/topology/enis/0/private_ip") == 1);
}

TEST_CASE("valid variations the rules must not reject") {
  struct Ok {
    std::string what;
    std::string patch;
  };
  for (
      const auto& c : std::vector<Ok>{
          // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
          {"first and last usable addresses",
           patch({replace("/topology/enis/0/private_ip", R"("10.0.0.4")"),
                  add("/topology/enis/0/secondary_private_ips", R"(["10.0.0.254"])")})},
          // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
          {"rule numbers 1 and 32766",
           patch({replace("/topology/network_acls/0/inbound/0/rule", "1"),
                  replace("/topology/network_acls/0/outbound/0/rule", "32766")})},
          // https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
          {"exactly five security groups",
           patch({add("/topology/security_groups/-", R"({"id": "sg-3", "vpc": "vpc-main"})"),
                  add("/topology/security_groups/-", R"({"id": "sg-4", "vpc": "vpc-main"})"),
                  add("/topology/security_groups/-", R"({"id": "sg-5", "vpc": "vpc-main"})"),
                  replace("/topology/enis/0/security_groups",
                          R"(["sg-web", "sg-app", "sg-3", "sg-4", "sg-5"])")})},
          // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
          {"route to a whole subnet CIDR through a NAT gateway",
           patch({add("/topology/route_tables/0/routes/-",
                      R"({"destination": "10.0.1.0/24", "target": "nat-a"})")})},
          // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
          {"SG reference across an active same-Region peering",
           patch({kOtherVpc, kOtherSg, kPeerOther,
                  replace("/topology/security_groups/1/inbound/0/group", R"("sg-other")")})},
          // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
          {"private NAT gateway without an internet gateway",
           patch({drop("/topology/internet_gateways"),
                  replace("/topology/route_tables/0/routes/0/target", R"("blackhole")"),
                  drop("/topology/nat_gateways/0/elastic_ip"),
                  add("/topology/nat_gateways/0/connectivity", R"("private")")})},
          // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
          {"ICMPv6 NACL entry with an IPv4 CIDR needs no type",
           patch({add(
               "/topology/network_acls/0/inbound/-",
               R"({"rule": 110, "protocol": "icmpv6", "cidr": "0.0.0.0/0", "action": "allow"})")})},
          {"timeline changes that are well formed",
           patch({add(
               "/timeline",
               R"([{"at": "2s", "action": "authorize_sg_rule", "security_group": "sg-app", "direction": "inbound", "rule": {"protocol": "tcp", "ports": 22, "group": "sg-web"}},
                                        {"at": "1s", "action": "replace_nacl_entry", "network_acl": "acl-pub", "direction": "inbound", "entry": {"rule": 120, "protocol": "icmp", "icmp_type": 8, "cidr": "0.0.0.0/0", "action": "allow"}},
                                        {"at": "3s", "action": "delete_nat_gateway", "nat_gateway": "nat-a"}])")})},
          // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
          {"ICMP NACL entry with a type",
           patch({replace(
               "/topology/network_acls/0/inbound/0",
               R"({"rule": 100, "protocol": "icmp", "icmp_type": 3, "icmp_code": 4, "cidr": "0.0.0.0/0", "action": "allow"})")})},
          {"keys starting with $ and comment keys are ignored",
           patch({add("/$expect_error", R"("/x")"), add("/topology/comment", R"("hi")"),
                  add("/topology/subnets/0/$note", "1")})},
      }) {
    CAPTURE(c.what);
    const auto r = load_scenario_text(mutate(c.patch), "t.json");
    if (!r.errors.empty()) FAIL_CHECK(c.what, ":", all_errors(r.errors));
  }
}

TEST_CASE("loaded values: AWS defaults and conversions") {
  // https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
  SUBCASE("a security group without outbound rules allows all outbound") {
    const auto r = load_scenario_text(kBase, "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& t = *r.scenario->topology;
    const auto& web = t.security_group(*t.find_security_group("sg-web"));
    REQUIRE(web.outbound.size() == 1);
    CHECK(web.outbound[0].protocol.is_all());
    CHECK(web.outbound[0].peer.cidr.to_string() == "0.0.0.0/0");
  }
  SUBCASE("an explicit empty outbound list allows nothing") {
    const auto r = load_scenario_text(
        mutate(patch({add("/topology/security_groups/0/outbound", "[]")})), "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& t = *r.scenario->topology;
    CHECK(t.security_group(*t.find_security_group("sg-web")).outbound.empty());
  }
  // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
  SUBCASE("an interface without an address gets the first non-reserved one") {
    const auto r = load_scenario_text(
        mutate(patch({add("/topology/enis/-", R"({"id": "eni-auto", "subnet": "subnet-app"})")})),
        "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& t = *r.scenario->topology;
    CHECK(t.eni(*t.find_eni("eni-auto")).primary_ip().to_string() == "10.0.1.4");
    // The NAT gateway got one in its subnet too, distinct from eni-web's.
    CHECK(t.eni(*t.find_eni("eni-nat-a")).primary_ip().to_string() == "10.0.0.4");
  }
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
  SUBCASE("NACL CIDRs are canonicalised") {
    const auto r = load_scenario_text(
        mutate(patch({replace("/topology/network_acls/0/inbound/0/cidr", R"("100.68.0.18/18")")})),
        "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& acl = r.scenario->topology->network_acl(vpcsim::model::NaclIndex(0));
    CHECK(acl.inbound[0].cidr.to_string() == "100.68.0.0/18");
  }
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html,
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
  SUBCASE("subnets without associations use the main route table and default NACL") {
    const auto r = load_scenario_text(kBase, "t.json");
    REQUIRE(r.scenario.has_value());
    const auto& t = *r.scenario->topology;
    const auto app = *t.find_subnet("subnet-app");
    CHECK(t.route_table(t.route_table_of(app)).main);
    CHECK(t.network_acl(t.nacl_of(app)).is_default);
    CHECK(t.route_table(t.route_table_of(*t.find_subnet("subnet-pub"))).id == "rtb-pub");
  }
}

TEST_CASE("the bundled three-tier scenario loads") {
  const auto path = std::string(VPCSIM_SOURCE_DIR) + "/scenarios/three-tier/scenario.json";
  const auto r = load_scenario(path);
  if (!r.errors.empty()) FAIL("three-tier does not load:", all_errors(r.errors));
  REQUIRE(r.scenario.has_value());
  const auto& s = *r.scenario;
  CHECK(s.name == "three-tier");
  CHECK(s.seed == 7);
  CHECK(s.file == path);
  const auto& t = *s.topology;
  CHECK(t.vpcs().size() == 1);
  CHECK(t.subnets().size() == 6);
  CHECK(t.nat_gateways().size() == 1);
  CHECK(s.traffic.flows.size() == 5);
  CHECK(s.expect.flows.size() == 5);
  // The DB subnets use the main route table: local routes only.
  const auto db = *t.find_subnet("subnet-db-a");
  const auto& main = t.route_table(t.route_table_of(db));
  CHECK(main.main);
  CHECK(main.routes.size() == 1);
  CHECK(t.lookup_route(t.route_table_of(db), *vpcsim::net::IpAddress::parse("8.8.8.8")) == nullptr);
  // A folder holding scenario.json loads the same scenario.
  const auto dir = load_scenario(std::string(VPCSIM_SOURCE_DIR) + "/scenarios/three-tier");
  CHECK(dir.scenario.has_value());
}

TEST_CASE("a topology given as a relative path loads, and its errors name that file") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "vpcsim_scenario_loader_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "topologies");
  auto doc = base_json();
  const Json topology = doc["topology"];
  doc["topology"] = "topologies/net.json";
  std::ofstream(dir / "scenario.json") << doc.dump(2);
  std::ofstream(dir / "topologies" / "net.json") << "// the topology alone\n" << topology.dump(2);

  const auto ok = load_scenario((dir / "scenario.json").string());
  if (!ok.errors.empty()) FAIL_CHECK("does not load:", all_errors(ok.errors));
  REQUIRE(ok.scenario.has_value());
  CHECK(ok.scenario->topology->subnets().size() == 2);
  CHECK(ok.scenario->traffic.flows.size() == 1);  // flows resolve against the file's topology

  auto broken = topology;
  broken["subnets"][1]["cidr"] = "10.9.0.0/24";
  std::ofstream(dir / "topologies" / "net.json") << broken.dump(2);
  const auto bad = load_scenario((dir / "scenario.json").string());
  // The pointer is relative to the topology file, whose path the error names.
  check_error(bad, (dir / "topologies" / "net.json").string(), "/subnets/1/cidr",
              R"("10.9.0.0/24" is not inside VPC vpc-main 10.0.0.0/16)");

  doc["topology"] = "topologies/missing.json";
  std::ofstream(dir / "scenario.json") << doc.dump(2);
  const auto missing = load_scenario((dir / "scenario.json").string());
  CHECK_FALSE(missing.scenario.has_value());
  REQUIRE_FALSE(missing.errors.empty());
  CHECK(missing.errors[0].file == (dir / "topologies" / "missing.json").string());
  CHECK(missing.errors[0].message.find("cannot open file") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("every fixture under tests/fixtures/invalid fails at its $expect_error pointer") {
  namespace fs = std::filesystem;
  int fixtures = 0;
  for (const auto& entry : fs::directory_iterator(fixture_dir())) {
    if (entry.path().extension() != ".json") continue;
    ++fixtures;
    const auto path = entry.path().string();
    CAPTURE(path);
    std::ifstream in(path);
    const auto doc = Json::parse(in, nullptr, true, /*ignore_comments=*/true);
    REQUIRE(doc.contains("$expect_error"));
    const auto r = load_scenario(path);
    check_error(r, path, doc["$expect_error"].get<std::string>(),
                doc.value("$expect_message", std::string()));
  }
  CHECK(fixtures >= 8);
}

// For commands that ask questions of the design alone (reach, matrix): the sections that
// refer to the topology are accepted but not read, so their mistakes do not stop them.
TEST_CASE("LoadOptions: sections turned off are accepted but not read") {
  const auto unknown_endpoint = mutate(patch({replace("/traffic/flows/0/from", R"("wbe")")}));
  const LoadOptions no_traffic{.traffic = false};

  SUBCASE("traffic naming an unknown endpoint loads with traffic off, fails with it on") {
    const auto off = load_scenario_text(unknown_endpoint, "t.json", no_traffic);
    if (!off.errors.empty()) FAIL_CHECK("does not load:", all_errors(off.errors));
    REQUIRE(off.scenario.has_value());
    CHECK(off.scenario->traffic.flows.empty());
    CHECK(off.scenario->topology->subnets().size() == 2);
    // expect stays on: its flow names are not checked against a traffic section not read.
    CHECK(off.scenario->expect.flows.size() == 1);

    check_error(load_scenario_text(unknown_endpoint, "t.json"), "t.json", "/traffic/flows/0/from",
                R"(unknown endpoint "wbe"; did you mean "web"?)");
    check_error(load_scenario_text(unknown_endpoint, "t.json", LoadOptions{}), "t.json",
                "/traffic/flows/0/from", R"(unknown endpoint "wbe")");
  }
  SUBCASE("load_scenario passes the options on, for a file and for a folder") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "vpcsim_scenario_loader_options_test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "scenario.json") << unknown_endpoint;
    const auto file = (dir / "scenario.json").string();
    CHECK(load_scenario(file, no_traffic).scenario.has_value());
    CHECK(load_scenario(dir.string(), LoadOptions::topology_only()).scenario.has_value());
    check_error(load_scenario(file), file, "/traffic/flows/0/from", R"(unknown endpoint "wbe")");
    fs::remove_all(dir);
  }
  SUBCASE("topology_only skips traffic, timeline and expect, and still checks the keys") {
    const auto text = mutate(patch({replace("/traffic/flows/0/from", R"("wbe")"),
                                    add("/timeline", R"([{"at": 1, "action": "nope"}])"),
                                    replace("/expect/flows/0/flow", R"("no-such-flow")")}));
    const auto all = load_scenario_text(text, "t.json");
    CHECK_FALSE(all.scenario.has_value());
    CHECK(all.errors.size() == 3);
    const auto topo = load_scenario_text(text, "t.json", LoadOptions::topology_only());
    if (!topo.errors.empty()) FAIL_CHECK("does not load:", all_errors(topo.errors));
    REQUIRE(topo.scenario.has_value());
    CHECK(topo.scenario->traffic.flows.empty());
    CHECK(topo.scenario->timeline.empty());
    CHECK(topo.scenario->expect.flows.empty());
    // An unknown top-level key is still an error.
    check_error(load_scenario_text(mutate(patch({add("/trafic", "{}")})), "t.json",
                                   LoadOptions::topology_only()),
                "t.json", "/trafic", R"(unknown key; did you mean "traffic")");
  }
  SUBCASE("the topology is read, and its errors reported, whatever the options") {
    const auto r =
        load_scenario_text(mutate(patch({replace("/topology/subnets/1/cidr", R"("10.9.0.0/24")")})),
                           "t.json", LoadOptions::topology_only());
    check_error(r, "t.json", "/topology/subnets/1/cidr",
                R"("10.9.0.0/24" is not inside VPC vpc-main 10.0.0.0/16)");
  }
}
