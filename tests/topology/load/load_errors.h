#pragma once
// Every error of loading a scenario text (file name "t.json"), one "file: where: message" line
// each; "" when it loads.

#include <string>

#include "topology/load/scenario_loader.h"

namespace vpcsim::test {

inline std::string load_errors(const std::string& scenario_text) {
  const auto r = load::load_scenario_text(scenario_text, "t.json");
  std::string all;
  for (const auto& e : r.errors)
    all += e.to_string() + "\n";
  return all;
}

}  // namespace vpcsim::test
