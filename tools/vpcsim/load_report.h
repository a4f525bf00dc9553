#pragma once
// A command's scenario files: loaded, or their load errors printed for the user, one per
// line ("file: pointer: message", README "Validation").

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "topology/load/load_error.h"
#include "topology/load/scenario_loader.h"
#include "topology/model/scenario.h"

namespace vpcsim::cli {

// "3 flows", "1 flow".
std::string counted(std::size_t n, std::string_view one, std::string_view many);

// "2 VPCs, 6 subnets, 3 route tables, 2 network ACLs, 4 security groups, 9 network
// interfaces, 1 NAT gateway".
std::string topology_counts(const model::Topology& t);

// Prints every error on `err`, one per line, control characters escaped ("\x1b"): file
// contents are untrusted.
void print_load_errors(const std::vector<load::LoadError>& errors, std::ostream& err);

// Prints the first `limit` warnings on `err` ("file: pointer: warning: message"), then, if
// there are any, one line counting them by the AWS list they are in.
void print_load_warnings(const std::vector<load::LoadError>& warnings, std::ostream& err,
                         std::size_t limit);

// The scenario in `file` (or in the folder's scenario.json), with the sections `options`
// asks for; nullopt once its load errors are printed on `err`, when the command exits
// kExitBadInput. An AWS snapshot's warnings are printed on `err` too, the first 10 of them.
std::optional<model::Scenario> load_or_report(const std::string& file, std::ostream& err,
                                              const load::LoadOptions& options = {});

}  // namespace vpcsim::cli
