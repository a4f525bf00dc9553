#pragma once
// Shared helpers for sim/path tests: load a topology from inline JSON, build packets.

#include <doctest/doctest.h>

#include <string>

#include "sim/path/packet.h"
#include "sim/path/packet_path.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::test {

// Two instances in one subnet; b admits tcp 22 only from members of sg-a (an SG reference,
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
inline const std::string kSgRef = R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub"}],
  "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
  "security_groups": [
    {"id": "sg-a", "vpc": "vpc-a"},
    {"id": "sg-b", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 22, "group": "sg-a"}]}],
  "instances": [
    {"id": "i-a", "name": "a", "subnet": "subnet-a", "private_ip": "10.0.1.10", "public_ip": "198.51.100.10", "security_groups": ["sg-a"]},
    {"id": "i-b", "name": "b", "subnet": "subnet-a", "private_ip": "10.0.1.11", "public_ip": "198.51.100.11", "security_groups": ["sg-b"]}]
})";

inline model::Scenario load(const std::string& topology_json) {
  auto r = load::load_scenario_text("{\"topology\": " + topology_json + "}", "test.json");
  for (const auto& e : r.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(r.scenario);
  return std::move(*r.scenario);
}

// A loaded design and a packet path over it with fresh state: `Paths w(json); w.path.from_eni(…)`.
struct Paths {
  explicit Paths(const std::string& topology_json)
      : scenario(load(topology_json)), state(*scenario.topology), path(*scenario.topology, state) {}
  Paths(const Paths&) = delete;
  Paths& operator=(const Paths&) = delete;
  const model::Topology& t() const { return *scenario.topology; }

  model::Scenario scenario;
  path::PathState state;
  path::PacketPath path;
};

inline path::Packet tcp(const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport,
                        std::uint8_t flags) {
  path::Packet p;
  p.tuple = {*net::IpAddress::parse(src), *net::IpAddress::parse(dst), sport, dport, 6};
  p.tcp_flags = flags;
  p.bytes = 60;
  return p;
}

inline model::EniIndex eni(const model::Topology& t, const char* name) {
  const auto e = t.find_eni(name);
  REQUIRE(e);
  return *e;
}

}  // namespace vpcsim::test
