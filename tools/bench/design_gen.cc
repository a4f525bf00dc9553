// Generated VPC designs as scenario JSON (see design_gen.h). The text is written directly
// with fmt in one pass (no JSON tree), so that even a 1,000,000-interface design is quick to
// write; the shape is documented in the header.

#include "tools/bench/design_gen.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

#include <fmt/format.h>

namespace vpcsim::bench {
namespace {

// The comma before every element of a JSON array but the first.
class Separator {
 public:
  const char* operator()() { return std::exchange(first_, false) ? "" : ","; }

 private:
  bool first_ = true;
};

// Interfaces of VPC v (NAT gateways' not included): the first enis % vpcs VPCs get one more.
std::uint32_t enis_in(const DesignShape& d, std::uint32_t v) {
  return d.enis / d.vpcs + (v < d.enis % d.vpcs ? 1 : 0);
}

// Peering connections: pcx-p joins VPC p to VPC p + 1, in a ring from three VPCs on.
std::uint32_t peerings(const DesignShape& d) {
  return d.vpcs >= 3 ? d.vpcs : d.vpcs - 1;
}

std::string eni_id(std::uint32_t v, std::uint32_t i) {
  return fmt::format("eni-{}-{}", v, i);
}

void vpcs_and_peerings(const DesignShape& d, std::string& j) {
  Separator sep;
  j += R"("vpcs": [)";
  for (std::uint32_t v = 0; v < d.vpcs; ++v)
    j += fmt::format(R"({}{{"id": "vpc-{}", "cidr": "10.{}.0.0/16"}})", sep(), v, v);
  Separator psep;
  j += R"(], "peering_connections": [)";
  for (std::uint32_t p = 0; p < peerings(d); ++p)
    j += fmt::format(R"({}{{"id": "pcx-{}", "requester": "vpc-{}", "accepter": "vpc-{}"}})", psep(),
                     p, p, (p + 1) % d.vpcs);
  j += "]";
}

// One route table per VPC (routes to both peers, a blackhole, and the NAT gateway), and with
// internet access one for the public subnets.
void route_tables(const DesignShape& d, std::string& j) {
  Separator sep;
  j += R"(, "route_tables": [)";
  for (std::uint32_t v = 0; v < d.vpcs; ++v) {
    const auto next = (v + 1) % d.vpcs, prev = (v + d.vpcs - 1) % d.vpcs;
    std::string routes;
    if (v < peerings(d))
      routes += fmt::format(R"({{"destination": "10.{}.0.0/16", "target": "pcx-{}"}},)", next, v);
    if (prev < peerings(d))
      routes +=
          fmt::format(R"({{"destination": "10.{}.0.0/16", "target": "pcx-{}"}},)", prev, prev);
    routes += R"({"destination": "192.168.0.0/16", "target": "blackhole"})";
    if (d.internet)
      routes += fmt::format(R"(,{{"destination": "0.0.0.0/0", "target": "nat-{}"}})", v);
    j += fmt::format(R"({}{{"id": "rtb-{}", "vpc": "vpc-{}", "routes": [{}]}})", sep(), v, v,
                     routes);
    if (d.internet) {
      j += fmt::format(
          R"({}{{"id": "rtb-{}-public", "vpc": "vpc-{}", "routes": [{{"destination": "0.0.0.0/0", "target": "igw-{}"}}]}})",
          sep(), v, v, v);
    }
  }
  j += "]";
}

// NACLs: 20 entries each way, the * rule included (AWS's default quota); the entries that
// admit the designs' traffic come last.
void network_acls(const DesignShape& d, std::string& j) {
  std::string filler;
  for (std::uint32_t k = 0; k < 16; ++k) {
    filler += fmt::format(
        R"({{"rule": {}, "protocol": "{}", "ports": {}, "cidr": "{}.{}.0.0/16", "action": "{}"}},)",
        10 + 10 * k, k % 3 ? "tcp" : "udp", 20 + k, k % 2 ? 172 : 192, 16 + k,
        k % 4 ? "deny" : "allow");
  }
  const auto tail = [](const char* ports1, const char* ports2) {
    return fmt::format(
        R"({{"rule": 180, "protocol": "icmp", "icmp_type": -1, "cidr": "10.0.0.0/8", "action": "allow"}},)"
        R"({{"rule": 190, "protocol": "tcp", "ports": "{}", "cidr": "10.0.0.0/8", "action": "allow"}},)"
        R"({{"rule": 200, "protocol": "tcp", "ports": "{}", "cidr": "10.0.0.0/8", "action": "allow"}})",
        ports1, ports2);
  };
  const auto inbound = filler + tail("8000-8999", "32768-60999");
  const auto outbound = filler + tail("32768-60999", "8000-8999");
  Separator sep;
  j += R"(, "network_acls": [)";
  for (std::uint32_t v = 0; v < d.vpcs; ++v) {
    j += fmt::format(R"({}{{"id": "acl-{}", "vpc": "vpc-{}", "inbound": [{}], "outbound": [{}]}})",
                     sep(), v, v, inbound, outbound);
  }
  j += "]";
}

// Subnets: the private /24s in two AZs, then (with internet access) two public ones.
void subnets(const DesignShape& d, std::string& j) {
  Separator sep;
  const auto subnet = [&](const std::string& id, std::uint32_t v, std::uint32_t octet, char az,
                          const std::string& route_table) {
    j += fmt::format(
        R"({}{{"id": "{}", "vpc": "vpc-{}", "cidr": "10.{}.{}.0/24", "az": "us-east-1{}", "route_table": "{}", "network_acl": "acl-{}"}})",
        sep(), id, v, v, octet, az, route_table, v);
  };
  j += R"(, "subnets": [)";
  for (std::uint32_t v = 0; v < d.vpcs; ++v) {
    const auto rtb = fmt::format("rtb-{}", v);
    for (std::uint32_t s = 0; s < d.subnets_per_vpc; ++s)
      subnet(fmt::format("subnet-{}-{}", v, s), v, s, s % 2 ? 'b' : 'a', rtb);
    if (d.internet) {
      const auto public_rtb = fmt::format("rtb-{}-public", v);
      subnet(fmt::format("subnet-{}-public-a", v), v, 250, 'a', public_rtb);
      subnet(fmt::format("subnet-{}-public-b", v), v, 251, 'b', public_rtb);
    }
  }
  j += "]";
}

// Security groups: CIDR rules for other services, references to the next groups of the VPC,
// and last the rule the designs' traffic matches; the same rules each way.
void security_groups(const DesignShape& d, std::string& j) {
  Separator sep;
  const std::uint32_t groups = d.groups_per_vpc;
  j += R"(, "security_groups": [)";
  for (std::uint32_t v = 0; v < d.vpcs; ++v) {
    for (std::uint32_t g = 0; g < groups; ++g) {
      std::string rules;
      for (std::uint32_t k = 0; k < d.group_cidr_rules; ++k) {
        rules += fmt::format(R"({{"protocol": "tcp", "ports": {}, "cidr": "172.{}.{}.0/24"}},)",
                             1000 + 17 * k + g, 16 + k, g % 256);
      }
      for (std::uint32_t k = 1; k <= d.group_references; ++k) {
        rules += fmt::format(R"({{"protocol": "tcp", "ports": {}, "group": "sg-{}-{}"}},)",
                             9000 + k, v, (g + k) % groups);
      }
      rules += R"({"protocol": "tcp", "ports": "8000-8999", "cidr": "10.0.0.0/8"})";
      j += fmt::format(
          R"({}{{"id": "sg-{}-{}", "vpc": "vpc-{}", "inbound": [{}], "outbound": [{}]}})", sep(), v,
          g, v, rules, rules);
    }
  }
  j += "]";
}

// Interfaces: dealt round-robin over the private subnets, in one or two security groups.
void interfaces(const DesignShape& d, std::string& j) {
  Separator sep;
  const std::uint32_t subnets = d.subnets_per_vpc, groups = d.groups_per_vpc;
  j += R"(, "enis": [)";
  for (std::uint32_t v = 0; v < d.vpcs; ++v) {
    for (std::uint32_t i = 0; i < enis_in(d, v); ++i) {
      auto in_groups = fmt::format(R"("sg-{}-{}")", v, i % groups);
      if (d.second_group_every && i % d.second_group_every == 0)
        in_groups += fmt::format(R"(, "sg-{}-{}")", v, (i + 3) % groups);
      j += fmt::format(
          R"({}{{"id": "{}", "subnet": "subnet-{}-{}", "private_ip": "10.{}.{}.{}", "security_groups": [{}]}})",
          sep(), eni_id(v, i), v, i % subnets, v, i % subnets, 10 + i / subnets, in_groups);
    }
  }
  j += "]";
}

void gateways(const DesignShape& d, std::string& j) {
  Separator isep, nsep;
  j += R"(, "internet_gateways": [)";
  for (std::uint32_t v = 0; v < d.vpcs; ++v)
    j += fmt::format(R"({}{{"id": "igw-{}", "vpc": "vpc-{}"}})", isep(), v, v);
  j += R"(], "nat_gateways": [)";
  for (std::uint32_t v = 0; v < d.vpcs; ++v) {
    j += fmt::format(
        R"({}{{"id": "nat-{}", "subnet": "subnet-{}-public-a", "private_ip": "10.{}.250.10", "elastic_ip": "198.51.100.{}"}})",
        nsep(), v, v, v, 10 + v);
  }
  j += "]";
}

// Traffic: flow k's client is an interface of VPC k mod vpcs; 9 in 10 flows go to another
// subnet of its VPC, 1 in 10 across a peering.
void flows(const DesignShape& d, std::string& j) {
  Separator sep;
  j += R"("flows": [)";
  for (std::uint32_t k = 0; k < d.flows; ++k) {
    const auto v = k % d.vpcs, i = (k / d.vpcs) % enis_in(d, v);
    const auto sv = k % 10 == 9 ? (v + 1) % d.vpcs : v;
    auto si = (i + 1 + d.subnets_per_vpc * (k % 7)) % enis_in(d, sv);
    if (sv == v && si == i) si = (si + 1) % enis_in(d, sv);
    j += fmt::format(
        R"({}{{"name": "f{}", "from": "{}", "to": "{}", "protocol": "tcp", "port": {}, "start": "{}us", "repeat": {}, "every": "10ms", "exchanges": 3, "gap": "1s", "request_bytes": 200, "response_bytes": 1200}})",
        sep(), k, eni_id(v, i), eni_id(sv, si), 8000 + k % 1000, (k * 10) % 10000, d.repeat);
  }
  j += "]";
}

}  // namespace

DesignShape load_design_shape(std::uint32_t interfaces) {
  interfaces = std::clamp(interfaces, 10u, 1'000'000u);
  DesignShape d;
  d.name = fmt::format("design-{}", interfaces);
  d.vpcs = (interfaces + 9999) / 10000;
  d.internet = true;
  d.enis = interfaces - d.vpcs;  // each VPC's NAT gateway has an interface
  const std::uint32_t largest = (d.enis + d.vpcs - 1) / d.vpcs;
  d.subnets_per_vpc = std::max(2u, (largest + 199) / 200);
  d.groups_per_vpc = std::clamp((largest + 9) / 10, 5u, 500u);
  d.group_cidr_rules = 10;
  d.group_references = 2;
  d.second_group_every = 2;
  d.flows = 10;
  d.repeat = 1;
  return d;
}

std::string design_scenario(const DesignShape& d) {
  auto j = fmt::format(R"({{"name": "{}", "seed": 1, "topology": {{)", d.name);
  vpcs_and_peerings(d, j);
  route_tables(d, j);
  network_acls(d, j);
  subnets(d, j);
  security_groups(d, j);
  interfaces(d, j);
  if (d.internet) gateways(d, j);
  j += R"(}, "traffic": {)";
  flows(d, j);
  j += "}}";
  return j;
}

bool write_scenario(const std::string& path, const std::string& text, std::ostream& out) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) {
    out << fmt::format("cannot write {}: {}\n", path, std::strerror(errno));
    return false;
  }
  out << fmt::format("wrote {} ({} bytes)\n", path, text.size());
  return true;
}

}  // namespace vpcsim::bench
