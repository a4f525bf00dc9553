#pragma once
// Loading scenario files (JSON with comments): a topology (inline under "topology", or a
// path to a topology file), plus "traffic", "timeline" and "expect" sections. The file
// format is documented in the README ("Scenario files").

#include <optional>
#include <string>
#include <vector>

#include "topology/load/load_error.h"
#include "topology/model/scenario.h"

namespace vpcsim::load {

struct ScenarioLoad {
  std::optional<model::Scenario> scenario;  // set iff errors is empty
  std::vector<LoadError> errors;
};

// Reads `path`. Never throws; every problem is a LoadError naming file and JSON pointer.
ScenarioLoad load_scenario(const std::string& path);

// The same for text already in memory; `file` names it in errors and anchors relative
// topology paths (its directory).
ScenarioLoad load_scenario_text(const std::string& text, const std::string& file);

}  // namespace vpcsim::load
