#pragma once
// The kernel benchmark: the hold model on vpcsim's Engine / EventQueue.

#include <cstdint>
#include <ostream>

namespace vpcsim::bench {

struct KernelOptions {
  std::uint64_t pending = 1000;      // events kept scheduled
  std::uint64_t events = 2'000'000;  // events executed (and timed) per run
  std::uint64_t runs = 5;
  std::uint64_t seed = 1;
};

// Prints one line per run and the median (M events/s); returns the median in events/s.
double run_kernel_bench(const KernelOptions& options, std::ostream& out);

}  // namespace vpcsim::bench
