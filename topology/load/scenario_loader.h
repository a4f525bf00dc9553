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

// Which of the sections that refer to the topology to read. The topology is always read.
// A section turned off is still an accepted key, but is neither read nor resolved against
// the topology (its errors are not reported), and stays empty in the Scenario. With traffic
// off and expect on, the flow names of expect.flows are not checked.
struct LoadOptions {
  bool traffic = true;
  bool timeline = true;
  bool expect = true;

  // For questions about the design alone (reach, matrix): no traffic, timeline or expect.
  static LoadOptions topology_only() { return {false, false, false}; }
};

// Reads `path` (a scenario file, or a folder holding scenario.json). Never throws; every
// problem is a LoadError naming file and JSON pointer.
ScenarioLoad load_scenario(const std::string& path, const LoadOptions& options = {});

// The same for text already in memory; `file` names it in errors and anchors relative
// topology paths (its directory).
ScenarioLoad load_scenario_text(const std::string& text, const std::string& file,
                                const LoadOptions& options = {});

}  // namespace vpcsim::load
