#pragma once
// Loading scenario files (JSON with comments): a topology (inline under "topology", the
// path of a topology file, or an AWS snapshot: {"aws": "snapshot/"}), plus "traffic",
// "timeline" and "expect" sections. The file format is documented in the README ("Scenario
// files"). An AWS snapshot alone (a folder of describe-* output, or one such file) loads as
// a scenario holding only its topology.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "topology/load/aws/import_options.h"
#include "topology/load/load_error.h"
#include "topology/model/scenario.h"

namespace vpcsim::load {

struct ScenarioLoad {
  std::optional<model::Scenario> scenario;  // set iff errors is empty
  std::vector<LoadError> errors;
  std::vector<LoadError> warnings;  // what an AWS snapshot held that is not modelled
};

// Which of the sections that refer to the topology to read. The topology is always read.
// A section turned off is still an accepted key, but is neither read nor resolved against
// the topology (its errors are not reported), and stays empty in the Scenario. With traffic
// off and expect on, the flow names of expect.flows are not checked.
struct LoadOptions {
  bool traffic = true;
  bool timeline = true;
  bool expect = true;
  aws::ImportOptions snapshot;  // for a topology read from an AWS snapshot

  // For questions about the design alone (reach, matrix): no traffic, timeline or expect.
  static LoadOptions full(aws::ImportOptions snapshot) {
    return {true, true, true, std::move(snapshot)};
  }
  static LoadOptions topology_only(aws::ImportOptions snapshot = {}) {
    return {false, false, false, std::move(snapshot)};
  }
};

// Reads `path` (a scenario file, a folder holding scenario.json, or an AWS snapshot: a
// folder without scenario.json, or a file whose top-level keys are describe-* lists). Never
// throws; every problem is a LoadError naming file and JSON pointer.
ScenarioLoad load_scenario(const std::string& path, const LoadOptions& options = {});

// The same for text already in memory; `file` names it in errors and anchors relative
// topology paths (its directory).
ScenarioLoad load_scenario_text(const std::string& text, const std::string& file,
                                const LoadOptions& options = {});

}  // namespace vpcsim::load
