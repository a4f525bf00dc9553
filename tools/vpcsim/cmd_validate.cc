#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "tools/vpcsim/cli_options.h"
#include "tools/vpcsim/commands.h"
#include "tools/vpcsim/load_report.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::cli {

void add_validate_command(CLI::App& app) {
  auto [validate, options] = add_command<ValidateOptions>(
      app, "validate",
      "Check scenario files or AWS snapshots as AWS would check the configuration; prints OK "
      "with a summary, or every error with its JSON pointer. For a snapshot, every warning "
      "(what vpcsim read but does not model) is listed too");
  const auto o = options;  // lambdas capture it: clang 14 cannot capture a binding
  validate
      ->add_option("FILE", o->files,
                   "Scenario files, folders holding scenario.json, or AWS snapshots")
      ->required();
  add_snapshot_options(*validate, o->snapshot);
  on_run(*validate, [o] { return cmd_validate(*o, std::cout, std::cerr); });
}

int cmd_validate(const ValidateOptions& o, std::ostream& out, std::ostream& err) {
  int rc = kExitOk;
  for (const auto& f : o.files) {
    const auto r = load::load_scenario(f, load::LoadOptions::full(o.snapshot));
    print_load_warnings(r.warnings, err, r.warnings.size());
    if (!r.scenario) {
      print_load_errors(r.errors, err);
      fmt::print(err, "{}: INVALID ({} error{})\n", f, r.errors.size(),
                 r.errors.size() == 1 ? "" : "s");
      rc = kExitBadInput;
      continue;
    }
    const auto& s = *r.scenario;
    const auto expectations =
        s.expect.flows.size() + s.expect.reach.size() + s.expect.flow_logs.size();
    fmt::print(out, "{}: OK: {}; {}, {}, {}\n", f, topology_counts(*s.topology),
               counted(s.traffic.flows.size(), "flow", "flows"),
               counted(s.timeline.size(), "timeline change", "timeline changes"),
               counted(expectations, "expectation", "expectations"));
  }
  return rc;
}

}  // namespace vpcsim::cli
