#pragma once
// TrafficPlan: the scenario's `traffic` section: named conversations between endpoints,
// and the network timing the engine uses for them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"
#include "topology/model/endpoint.h"

namespace vpcsim::model {

enum class CloseKind : std::uint8_t { fin, rst, none };

struct FlowSpec {
  std::string name;
  Endpoint from;
  Endpoint to;
  std::uint8_t protocol = 6;  // 6 TCP, 17 UDP, 1 ICMP (echo), 58 ICMPv6 (echo)
  std::uint16_t port = 0;     // destination port (TCP/UDP)
  core::SimTime start;
  std::uint32_t request_bytes = 100;        // per exchange, client → server
  std::uint32_t response_bytes = 1000;      // per exchange, server → client
  std::uint32_t exchanges = 1;              // request/response rounds (pings for ICMP)
  core::SimTime gap = core::SimTime::s(1);  // idle time between exchanges
  CloseKind close = CloseKind::fin;
  std::optional<std::uint16_t> source_port;   // else drawn from the client's ephemeral range
  std::uint32_t syn_retries = 6;              // Linux net.ipv4.tcp_syn_retries
  std::uint32_t repeat = 1;                   // start this many conversations …
  core::SimTime every = core::SimTime::s(1);  // … this far apart
  std::string pointer;                        // JSON pointer of the flow in its file, for messages
};

struct Latency {
  core::SimTime same_az = core::SimTime::us(100);
  core::SimTime cross_az = core::SimTime::us(600);
  core::SimTime internet = core::SimTime::ms(10);
};

struct TrafficPlan {
  std::vector<FlowSpec> flows;
  Latency latency;
  std::uint32_t mss = 1460;
};

}  // namespace vpcsim::model
