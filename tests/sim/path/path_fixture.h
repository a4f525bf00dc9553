#pragma once
// Shared helpers for sim/path tests: load a topology from inline JSON, build packets.

#include <doctest/doctest.h>

#include <string>

#include "sim/path/packet.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::test {

inline model::Scenario load(const std::string& topology_json) {
  auto r = load::load_scenario_text("{\"topology\": " + topology_json + "}", "test.json");
  for (const auto& e : r.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(r.scenario);
  return std::move(*r.scenario);
}

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
