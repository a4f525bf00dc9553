// Network ACL entries and security group rules (rule_reader.h): the rules they must follow,
// as the reader reads them or as model::validate checks them, one row each. (The reader's
// own cases are in rule_reader_test.cc.)
#include "topology/load/rule_reader.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/load/scenario_patch.h"

using namespace vpcsim::test::scenario_patch;

namespace {

// The rules of NACL entries, security group rules and prefix lists, one row each.
const std::vector<Row>& rows() {
  static const std::vector<Row> r{
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
       "/topology/network_acls/0/inbound/0/rule",
       "70000 is not valid; expected a rule number from 1 to 32766"},
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

      // --- numbers out of range: refused where written, never wrapped ---
      {"SG rule protocol 2^64 - 1 (was read as -1: all traffic)",
       patch({replace("/topology/security_groups/0/inbound/0/protocol", "18446744073709551615")}),
       "/topology/security_groups/0/inbound/0/protocol",
       "18446744073709551615 is not valid; expected \"tcp\""},
      {"NACL ports 2^63",
       patch({replace("/topology/network_acls/0/inbound/0/ports", "9223372036854775808")}),
       "/topology/network_acls/0/inbound/0/ports",
       "9223372036854775808 is not valid; expected a port"},
  };
  return r;
}

}  // namespace

TEST_CASE("network ACL and security group rules: exact JSON pointer and message (table)") {
  check_table(rows());
}
