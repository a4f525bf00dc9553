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
  auto files = std::make_shared<std::vector<std::string>>();
  auto* validate =
      app.add_subcommand("validate",
                         "Check scenario files as AWS would check the configuration; "
                         "prints OK with a summary, or every error with its JSON pointer");
  validate->add_option("FILE", *files, "Scenario files (or folders holding scenario.json)")
      ->required();
  on_run(*validate, [files] { return cmd_validate(*files, std::cout, std::cerr); });
}

int cmd_validate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  int rc = kExitOk;
  for (const auto& f : files) {
    const auto r = load::load_scenario(f);
    if (!r.scenario) {
      print_load_errors(r.errors, err);
      fmt::print(err, "{}: INVALID ({} error{})\n", f, r.errors.size(),
                 r.errors.size() == 1 ? "" : "s");
      rc = kExitBadInput;
      continue;
    }
    const auto& s = *r.scenario;
    const auto& t = *s.topology;
    const auto n = [](std::size_t k, std::string_view one, std::string_view many) {
      return fmt::format("{} {}", k, k == 1 ? one : many);
    };
    const auto expectations =
        s.expect.flows.size() + s.expect.reach.size() + s.expect.flow_logs.size();
    fmt::print(out, "{}: OK: {}, {}, {}, {}, {}, {}, {}; {}, {}, {}\n", f,
               n(t.vpcs().size(), "VPC", "VPCs"), n(t.subnets().size(), "subnet", "subnets"),
               n(t.route_tables().size(), "route table", "route tables"),
               n(t.network_acls().size(), "network ACL", "network ACLs"),
               n(t.security_groups().size(), "security group", "security groups"),
               n(t.enis().size(), "network interface", "network interfaces"),
               n(t.nat_gateways().size(), "NAT gateway", "NAT gateways"),
               n(s.traffic.flows.size(), "flow", "flows"),
               n(s.timeline.size(), "timeline change", "timeline changes"),
               n(expectations, "expectation", "expectations"));
  }
  return rc;
}

}  // namespace vpcsim::cli
