// Security group rules and network ACL entries as the loader reads them.

#include "topology/load/rule_reader.h"

#include <string>

#include <doctest/doctest.h>

#include "tests/topology/load/load_errors.h"

namespace {

std::string errors_of_nacl_rule(const std::string& rule) {
  return vpcsim::test::load_errors(R"({"topology": {
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "network_acls": [{"id": "acl-a", "vpc": "vpc-a", "inbound": [
      {"rule": )" + rule + R"(, "protocol": "all", "cidr": "0.0.0.0/0", "action": "allow"}]}]}})");
}

}  // namespace

// Rule numbers are 1 to 32766; 32767 is the * rule
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html).
TEST_CASE("NACL rule numbers: every refusal names the valid range, 1 to 32766") {
  CHECK(errors_of_nacl_rule("100").empty());
  // Once "expected an integer from 0 to 65535", the reader's range, not AWS's.
  CHECK(errors_of_nacl_rule("70000") ==
        "t.json: /topology/network_acls/0/inbound/0/rule: 70000 is not valid; expected a rule "
        "number from 1 to 32766\n");
  CHECK(errors_of_nacl_rule("-5").find("expected a rule number from 1 to 32766") !=
        std::string::npos);
  CHECK(errors_of_nacl_rule("32767").find(
            "32767 is not a valid rule number; expected 1 to 32766") != std::string::npos);
  // Integers as strings are read, but not with spaces or signs around them.
  CHECK(errors_of_nacl_rule(R"("100")").empty());
  CHECK(errors_of_nacl_rule(R"(" 100")").find("\" 100\" is not valid") != std::string::npos);
  CHECK(errors_of_nacl_rule(R"("+100")").find("\"+100\" is not valid") != std::string::npos);
}
