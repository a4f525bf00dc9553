#pragma once
// TrafficPlan: the scenario's `traffic` section: named conversations between endpoints,
// and the network timing the engine uses for them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "topology/model/endpoint.h"
#include "topology/net/protocol.h"
#include "topology/net/sim_time.h"

namespace vpcsim::model {

enum class CloseKind : std::uint8_t { fin, rst, none };

struct FlowSpec {
  std::string name;
  Endpoint from;
  Endpoint to;
  net::Protocol protocol = net::Protocol::tcp();  // tcp, udp, icmp (echo) or icmpv6 (echo)
  std::uint16_t port = 0;                         // destination port (TCP/UDP)
  net::SimTime start{};
  std::uint32_t request_bytes = 100;    // per exchange, client → server
  std::uint32_t response_bytes = 1000;  // per exchange, server → client
  std::uint32_t exchanges = 1;          // request/response rounds (pings for ICMP)
  net::SimTime gap = net::SimTime(std::chrono::seconds(1));  // idle time between exchanges
  CloseKind close = CloseKind::fin;
  std::optional<std::uint16_t> source_port;  // else drawn from the client's ephemeral range
  std::uint32_t syn_retries = 6;             // Linux net.ipv4.tcp_syn_retries
  std::uint32_t repeat = 1;                  // start this many conversations …
  net::SimTime every = net::SimTime(std::chrono::seconds(1));  // … this far apart
  std::string pointer;  // JSON pointer of the flow in its file, for messages
};

struct Latency {
  net::SimTime same_az = net::SimTime(std::chrono::microseconds(100));
  net::SimTime cross_az = net::SimTime(std::chrono::microseconds(600));
  net::SimTime internet = net::SimTime(std::chrono::milliseconds(10));
};

struct TrafficPlan {
  std::vector<FlowSpec> flows;
  Latency latency;
  std::uint32_t mss = 1460;
};

}  // namespace vpcsim::model
