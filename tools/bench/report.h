#pragma once
// Printing benchmark figures: one line per run and a median, in a format that stays the same
// run to run (tools/bench/run.sh reads the "median:" lines). Shared by every subcommand of
// vpcsim_bench; tools/bench/ns3/hold_ns3.cc prints the same format.
//
//   kernel vpcsim pending=1000 events=2000000 run 1: 17.85 M events/s (sim end 199259 ns)
//   kernel vpcsim pending=1000 events=2000000 median: 17.61 M events/s

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace vpcsim::bench {

class RateSeries {
 public:
  // `label` names the benchmark and its parameters: "kernel vpcsim pending=1000 events=2000000".
  RateSeries(std::string label, std::ostream& out) : label_(std::move(label)), out_(out) {}

  // Records and prints one run. `note` (optional) is printed in parentheses after the rate.
  void add(double per_second, const std::string& note = {});
  // Prints and returns the median of the runs so far (0 if none).
  double finish();

 private:
  std::string label_;
  std::ostream& out_;
  std::vector<double> rates_;
};

double median(std::vector<double> values);

}  // namespace vpcsim::bench
