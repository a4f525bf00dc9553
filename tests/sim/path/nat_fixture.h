#pragma once
// Topologies with a NAT gateway, shared by the sim/path tests of gateways and routing.

#include <string>

#include <fmt/format.h>

namespace vpcsim::test {

// A private instance behind a NAT gateway; the addresses of AWS's NAT gateway example
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
inline const std::string kNat = R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [
    {"id": "subnet-pub", "vpc": "vpc-a", "cidr": "10.0.0.0/24", "route_table": "rtb-pub"},
    {"id": "subnet-priv", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-priv"}],
  "route_tables": [
    {"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]},
    {"id": "rtb-priv", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "nat-a"}]}],
  "nat_gateways": [{"id": "nat-a", "subnet": "subnet-pub", "private_ip": "10.0.0.220", "elastic_ip": "198.51.100.20"}],
  "instances": [{"id": "i-priv", "name": "priv", "subnet": "subnet-priv", "private_ip": "10.0.1.5"}]
})";

}  // namespace vpcsim::test

namespace vpcsim::test::nat_fixture {

// The same, and a blackhole route for 192.0.2.0/24 in the private route table.
inline const std::string kNat = [] {
  std::string s = vpcsim::test::kNat;
  const std::string nat_route = R"({"destination": "0.0.0.0/0", "target": "nat-a"})";
  s.insert(s.find(nat_route) + nat_route.size(),
           R"(, {"destination": "192.0.2.0/24", "target": "blackhole"})");
  return s;
}();

// A private subnet behind a NAT gateway; `nat_state` and `private_routes` vary per test.
inline std::string nat_design(const char* nat_state, const char* private_routes) {
  return fmt::format(R"({{
  "vpcs": [{{"id": "vpc-n", "cidr": "10.0.0.0/16"}}],
  "internet_gateways": [{{"id": "igw-n", "vpc": "vpc-n"}}],
  "subnets": [{{"id": "subnet-pub", "vpc": "vpc-n", "cidr": "10.0.0.0/24", "route_table": "rtb-pub"}},
              {{"id": "subnet-priv", "vpc": "vpc-n", "cidr": "10.0.1.0/24", "route_table": "rtb-priv"}}],
  "route_tables": [{{"id": "rtb-pub", "vpc": "vpc-n", "routes": [{{"destination": "0.0.0.0/0", "target": "igw-n"}}]}},
                   {{"id": "rtb-priv", "vpc": "vpc-n", "routes": {}}}],
  "security_groups": [{{"id": "sg-any", "vpc": "vpc-n", "inbound": [{{"protocol": "-1", "cidr": "0.0.0.0/0"}}],
                        "outbound": [{{"protocol": "-1", "cidr": "0.0.0.0/0"}}]}}],
  "instances": [{{"id": "i-a", "name": "a", "subnet": "subnet-priv", "private_ip": "10.0.1.10", "security_groups": ["sg-any"]}},
                {{"id": "i-b", "name": "b", "subnet": "subnet-priv", "private_ip": "10.0.1.11", "security_groups": ["sg-any"]}}],
  "nat_gateways": [{{"id": "nat-n", "subnet": "subnet-pub", "private_ip": "10.0.0.220", "elastic_ip": "198.51.100.20", "state": "{}"}}]
}})",
                     private_routes, nat_state);
}

// VPC A's private subnet reaches VPC B (peered) through private NAT gateway nat-p; B knows A
// only by the NAT subnet (10.0.0.0/24), sg-b admits ssh from there only, and B's subnet lets
// replies out to `b_reply_ports` only.
inline std::string private_nat_design(const char* b_reply_ports = "1024-65535") {
  return fmt::format(R"({{
  "vpcs": [{{"id": "vpc-a", "cidr": "10.0.0.0/16"}}, {{"id": "vpc-b", "cidr": "10.1.0.0/16"}}],
  "peering_connections": [{{"id": "pcx-ab", "requester": "vpc-a", "accepter": "vpc-b"}}],
  "subnets": [
    {{"id": "subnet-nat", "vpc": "vpc-a", "cidr": "10.0.0.0/24", "route_table": "rtb-nat"}},
    {{"id": "subnet-app", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-app"}},
    {{"id": "subnet-b", "vpc": "vpc-b", "cidr": "10.1.1.0/24", "route_table": "rtb-b", "network_acl": "acl-b"}}],
  "route_tables": [
    {{"id": "rtb-app", "vpc": "vpc-a", "routes": [{{"destination": "10.1.0.0/16", "target": "nat-p"}}]}},
    {{"id": "rtb-nat", "vpc": "vpc-a", "routes": [{{"destination": "10.1.0.0/16", "target": "pcx-ab"}}]}},
    {{"id": "rtb-b", "vpc": "vpc-b", "routes": [{{"destination": "10.0.0.0/24", "target": "pcx-ab"}}]}}],
  "network_acls": [{{"id": "acl-b", "vpc": "vpc-b",
    "inbound": [{{"rule": 100, "protocol": "tcp", "ports": 22, "cidr": "10.0.0.0/16", "action": "allow"}}],
    "outbound": [{{"rule": 100, "protocol": "tcp", "ports": "{}", "cidr": "10.0.0.0/16", "action": "allow"}}]}}],
  "security_groups": [{{"id": "sg-b", "vpc": "vpc-b", "inbound": [{{"protocol": "tcp", "ports": 22, "cidr": "10.0.0.0/24"}}]}}],
  "nat_gateways": [{{"id": "nat-p", "subnet": "subnet-nat", "connectivity": "private", "private_ip": "10.0.0.50"}}],
  "instances": [
    {{"id": "i-app", "name": "app", "subnet": "subnet-app", "private_ip": "10.0.1.5"}},
    {{"id": "i-b", "name": "b", "subnet": "subnet-b", "private_ip": "10.1.1.5", "security_groups": ["sg-b"]}}]
}})",
                     b_reply_ports);
}

}  // namespace vpcsim::test::nat_fixture
