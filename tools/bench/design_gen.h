#pragma once
// Generated VPC designs as scenario JSON (the format `vpcsim run` and `vpcsim validate` load):
// the network benchmark's design (network_bench.h) and the load benchmark's designs of N
// network interfaces (`vpcsim_bench design`, tools/bench/run.sh's load section), from one
// generator whose shape parameters grow the design linearly:
//
//   - VPCs 10.v.0.0/16, joined in a ring of peering connections (one connection for two
//     VPCs); one route table per VPC with routes to its peers' CIDR blocks and a blackhole;
//   - /24 subnets 10.v.s.0/24 alternating between two AZs, interfaces dealt round-robin over
//     them (interface i of a VPC: subnet i mod S, address 10.v.(i mod S).(10 + i div S));
//   - one network ACL per VPC of 20 entries each way, the * rule included;
//   - security groups of CIDR rules, references to other groups of the VPC and a last rule
//     admitting the traffic (tcp 8000-8999 from 10.0.0.0/8); each interface in one or two;
//   - optionally an internet gateway per VPC, two public subnets (10.v.250.0/24, 10.v.251.0/24)
//     routed to it, and a NAT gateway the private subnets route 0.0.0.0/0 to;
//   - repeated TCP flows between interfaces, 9 in 10 within a VPC, 1 in 10 across a peering.
//
// Ids are unique: vpc-V, subnet-V-S, sg-V-G, eni-V-I, pcx-V, rtb-V, acl-V, igw-V, nat-V.

#include <cstdint>
#include <ostream>
#include <string>

namespace vpcsim::bench {

struct DesignShape {
  std::string name = "design";
  std::uint32_t vpcs = 10;
  std::uint32_t enis = 1000;  // interfaces, NAT gateways' not included; dealt evenly over VPCs
  std::uint32_t subnets_per_vpc = 4;
  std::uint32_t groups_per_vpc = 10;
  std::uint32_t group_cidr_rules = 15;   // per direction
  std::uint32_t group_references = 4;    // per direction, to the next groups of the VPC
  std::uint32_t second_group_every = 1;  // every k-th interface is in a second group (0: none)
  bool internet = false;                 // internet gateway, public subnets, a NAT gateway per VPC
  std::uint32_t flows = 1000;
  std::uint32_t repeat = 1;  // conversations per flow, 10 ms apart
};

// The load benchmark's design of `interfaces` network interfaces (NAT gateways' included, so
// `vpcsim validate` counts exactly that many): VPCs of up to 10,000 interfaces, subnets of
// about 200, one security group per 10 interfaces up to 500 per VPC (AWS's default quota is
// 2,500 per Region) with 10 CIDR rules and 2 references each way, every other interface in a
// second group, an internet gateway and a NAT gateway per VPC, and 10 flows. At least 10
// interfaces and at most 1,000,000.
DesignShape load_design_shape(std::uint32_t interfaces);

// The design as scenario JSON text (one line).
std::string design_scenario(const DesignShape& shape);

// Writes `text` to `path` and prints "wrote PATH (N bytes)" to `out`, or an error to `out`
// and returns false.
bool write_scenario(const std::string& path, const std::string& text, std::ostream& out);

}  // namespace vpcsim::bench
