// The fields of a network interface (eni_reader.h): its addresses, tags, public IP and
// security groups, the rules they must follow as the reader reads them or as
// model::validate checks them.
#include "topology/load/eni_reader.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/topology/load/scenario_patch.h"

using namespace vpcsim::test::scenario_patch;

namespace {

// The interfaces' rules, one row each.
const std::vector<Row>& rows() {
  static const std::vector<Row> r{
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
  };
  return r;
}

}  // namespace

TEST_CASE("interface rules: exact JSON pointer and message (table)") {
  check_table(rows());
}
