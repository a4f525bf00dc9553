#include <fmt/format.h>
#include <fmt/ostream.h>

#include "commands.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::cli {

void print_errors(const std::vector<load::LoadError>& errors, std::ostream& err) {
  for (const auto& e : errors)
    err << e.to_string() << '\n';
}

int cmd_validate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  int rc = kExitOk;
  for (const auto& f : files) {
    const auto r = load::load_scenario(f);
    if (!r.scenario) {
      print_errors(r.errors, err);
      fmt::print(err, "{}: INVALID ({} error{})\n", f, r.errors.size(),
                 r.errors.size() == 1 ? "" : "s");
      rc = kExitBadInput;
      continue;
    }
    const auto& s = *r.scenario;
    const auto& t = *s.topology;
    fmt::print(
        out,
        "{}: OK: {} VPC{}, {} subnets, {} route tables, {} network ACLs, {} security groups, "
        "{} network interfaces, {} NAT gateway{}; {} flows, {} timeline changes, {} expectations\n",
        f, t.vpcs().size(), t.vpcs().size() == 1 ? "" : "s", t.subnets().size(),
        t.route_tables().size(), t.network_acls().size(), t.security_groups().size(),
        t.enis().size(), t.nat_gateways().size(), t.nat_gateways().size() == 1 ? "" : "s",
        s.traffic.flows.size(), s.timeline.size(),
        s.expect.flows.size() + s.expect.reach.size() + s.expect.flow_logs.size());
  }
  return rc;
}

}  // namespace vpcsim::cli
