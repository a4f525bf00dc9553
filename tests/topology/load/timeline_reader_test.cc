// TimelineReader: the rules of a scenario's "timeline" section (timed configuration
// changes), one row each.
#include "topology/load/timeline_reader.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/load/scenario_patch.h"

using namespace vpcsim::test::scenario_patch;

namespace {

const std::vector<Row>& rows() {
  static const std::vector<Row> r{
      // --- timeline ---
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
      {"timeline change at 2^64 - 1 seconds",
       patch({add(
           "/timeline",
           R"([{"at": 18446744073709551615, "action": "delete_nat_gateway", "nat_gateway": "nat-a"}])")}),
       "/timeline/0/at", "18446744073709551615 is not valid; expected a duration"},
  };
  return r;
}

}  // namespace

TEST_CASE("timeline rules: exact JSON pointer and message (table)") {
  check_table(rows());
}
