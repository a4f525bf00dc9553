#include "tools/vpcsim/load_report.h"

#include "topology/load/scenario_loader.h"

namespace vpcsim::cli {

void print_load_errors(const std::vector<load::LoadError>& errors, std::ostream& err) {
  for (const auto& e : errors)
    err << e.to_string() << '\n';
}

std::optional<model::Scenario> load_or_report(const std::string& file, std::ostream& err,
                                              const load::LoadOptions& options) {
  auto loaded = load::load_scenario(file, options);
  if (!loaded.scenario) print_load_errors(loaded.errors, err);
  return std::move(loaded.scenario);
}

}  // namespace vpcsim::cli
