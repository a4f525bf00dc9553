// vpcsim import: an AWS snapshot (folders or files of describe-* output) written as the
// native topology that every command loads from it, so that a user can read, edit and keep
// what vpcsim made of the account.

#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "tools/vpcsim/cli_options.h"
#include "tools/vpcsim/cli_outputs.h"
#include "tools/vpcsim/commands.h"
#include "tools/vpcsim/load_report.h"
#include "topology/load/aws/aws_import.h"

namespace vpcsim::cli {
namespace {

// {"file", "pointer", "list", "message"}: "list" is the AWS list the pointer is in.
nlohmann::json problem_json(const load::LoadError& e) {
  const auto end = e.where.find('/', 1);
  const auto list = e.where.size() > 1 && e.where[0] == '/' ? e.where.substr(1, end - 1) : "";
  return {{"file", e.file}, {"pointer", e.where}, {"list", list}, {"message", e.message}};
}

// The import as JSON: counts, warnings and errors, where the topology went (or the topology
// itself when it goes to stdout).
nlohmann::json report_json(const ImportCommandOptions& o, const load::aws::AwsTopology& imported) {
  nlohmann::json j = {{"ok", imported.topology.has_value()},
                      {"files", imported.files},
                      {"warnings", nlohmann::json::array()},
                      {"errors", nlohmann::json::array()}};
  for (const auto& w : imported.warnings)
    j["warnings"].push_back(problem_json(w));
  for (const auto& e : imported.errors)
    j["errors"].push_back(problem_json(e));
  if (!imported.topology) return j;
  const auto& t = *imported.topology;
  std::map<std::string, std::size_t> kept;
  for (const auto& u : t.data().unmodelled)
    ++kept[u.kind];
  j["counts"] = {{"vpcs", t.vpcs().size()},
                 {"subnets", t.subnets().size()},
                 {"route_tables", t.route_tables().size()},
                 {"network_acls", t.network_acls().size()},
                 {"security_groups", t.security_groups().size()},
                 {"enis", t.enis().size()},
                 {"nat_gateways", t.nat_gateways().size()},
                 {"internet_gateways", t.internet_gateways().size()},
                 {"peering_connections", t.peering_connections().size()},
                 {"unmodelled", t.data().unmodelled.size()}};
  j["unmodelled_by_list"] = kept;
  if (o.output == "-")
    j["topology"] = imported.native;
  else
    j["output"] = o.output;
  return j;
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto [import, options] = add_command<ImportCommandOptions>(
      app, "import",
      "Read an AWS snapshot (folders or files of describe-* output, as the AWS CLI, boto3, "
      "Batfish's aws_configs or CloudMapper's account-data write them) and write the native "
      "topology: ids kept, names from Name tags. Every warning (what vpcsim read but does not "
      "model) goes to stderr with its file and JSON pointer");
  const auto o = options;  // lambdas capture it: clang 14 cannot capture a binding
  import->add_option("SNAPSHOT", o->paths, "Snapshot folders or files")->required();
  import->add_option("-o,--output", o->output, "Write the topology to FILE ('-': stdout)")
      ->type_name("FILE");
  add_snapshot_options(*import, o->snapshot);
  import->add_flag("--json", o->json,
                   "Report on stdout as JSON: counts, every warning and error with file and "
                   "pointer, and the topology itself unless -o FILE takes it");
  import->footer(
      "Examples:\n"
      "  vpcsim import aws_configs/ -o topology.json\n"
      "  vpcsim import --region eu-west-1 vpcs.json subnets.json security-groups.json\n"
      "  vpcsim import aws_configs/ -o topology.json --json | jq '.warnings[].message'\n"
      "Then in a scenario: {\"topology\": \"topology.json\", \"traffic\": [...]}, or give the "
      "snapshot itself to any command: vpcsim reach aws_configs/ --from i-0abc --to db-1 "
      "--port 5432\n"
      "Exit codes: 0 imported, 2 invalid input (or any warning under --strict).");
  on_run(*import, [o] { return cmd_import(*o, std::cout, std::cerr); });
}

int cmd_import(const ImportCommandOptions& o, std::ostream& out, std::ostream& err) {
  const auto imported = load::aws::load_aws_topology(o.paths, o.snapshot);
  const auto dump = [](const nlohmann::json& j) {
    // Invalid UTF-8 in a name is replaced, not a reason to fail: AWS allows any tag bytes.
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  if (o.json) {
    if (imported.topology && o.output != "-") {
      Output output;
      if (!output.open(o.output, out, err)) return kExitBadInput;
      output.stream() << dump(imported.native) << '\n';
      if (!output.finish(err)) return kExitBadInput;
    }
    out << dump(report_json(o, imported)) << '\n';
    return imported.topology ? kExitOk : kExitBadInput;
  }
  print_load_warnings(imported.warnings, err, imported.warnings.size());
  if (!imported.topology) {
    print_load_errors(imported.errors, err);
    fmt::print(err, "vpcsim: import failed ({} error{}); nothing written\n", imported.errors.size(),
               imported.errors.size() == 1 ? "" : "s");
    return kExitBadInput;
  }
  Output output;
  if (!output.open(o.output, out, err)) return kExitBadInput;
  output.stream() << dump(imported.native) << '\n';
  if (!output.finish(err)) return kExitBadInput;
  fmt::print(err, "vpcsim: imported {} file{}: {}{}\n", imported.files,
             imported.files == 1 ? "" : "s", topology_counts(*imported.topology),
             o.output == "-" ? "" : fmt::format("; written to {}", o.output));
  return kExitOk;
}

}  // namespace vpcsim::cli
