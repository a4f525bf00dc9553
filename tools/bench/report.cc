#include "tools/bench/report.h"

#include <algorithm>

#include <fmt/format.h>

namespace vpcsim::bench {

void RateSeries::add(double per_second, const std::string& note) {
  rates_.push_back(per_second);
  out_ << fmt::format("{} run {}: {:.2f} M events/s", label_, rates_.size(), per_second / 1e6);
  if (!note.empty()) out_ << fmt::format(" ({})", note);
  out_ << '\n' << std::flush;
}

double RateSeries::finish() {
  const double m = median(rates_);
  out_ << fmt::format("{} median: {:.2f} M events/s\n", label_, m / 1e6) << std::flush;
  return m;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace vpcsim::bench
