#pragma once
// A command's scenario files: loaded, or their load errors printed for the user, one per
// line ("file: pointer: message", README "Validation").

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "topology/load/load_error.h"
#include "topology/load/scenario_loader.h"
#include "topology/model/scenario.h"

namespace vpcsim::cli {

// Prints every error on `err`, one per line.
void print_load_errors(const std::vector<load::LoadError>& errors, std::ostream& err);

// The scenario in `file` (or in the folder's scenario.json), with the sections `options`
// asks for; nullopt once its load errors are printed on `err`, when the command exits
// kExitBadInput.
std::optional<model::Scenario> load_or_report(const std::string& file, std::ostream& err,
                                              const load::LoadOptions& options = {});

}  // namespace vpcsim::cli
