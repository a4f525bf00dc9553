#pragma once
// The network benchmark: a generated topology (10 VPCs joined in a ring of peerings, 1,000
// interfaces, 100 security groups of 20 rules each way with SG references, 20-entry NACLs)
// and 100,000 TCP conversations through the whole engine: SG, route and NACL decisions on
// both interfaces of every packet, connection tracking, and (optionally) flow-log
// aggregation. Prints simulated packets/s, events/s and memory per active connection.

#include <cstdint>
#include <ostream>
#include <string>

namespace vpcsim::bench {

struct NetworkOptions {
  std::uint32_t vpcs = 10;
  std::uint32_t enis = 1000;
  std::uint32_t conversations = 100'000;
  std::uint32_t runs = 5;
  bool flow_logs = true;  // aggregate flow logs (written to a discarding stream)
  std::string dump;       // write the generated scenario JSON here and exit
};

// Returns the median simulated packets/s.
double run_network_bench(const NetworkOptions& options, std::ostream& out);

// The generated scenario, as JSON text (for inspection and for `vpcsim run`).
std::string network_bench_scenario(const NetworkOptions& options);

}  // namespace vpcsim::bench
