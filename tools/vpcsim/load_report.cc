#include "tools/vpcsim/load_report.h"

#include <map>
#include <string>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "topology/load/scenario_loader.h"

namespace vpcsim::cli {

namespace {

// `s` with every control character as "\xNN": a snapshot's ids and names, quoted in a
// message, never become terminal control sequences.
std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      out += fmt::format("\\x{:02x}", u);
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string topology_counts(const model::Topology& t) {
  return fmt::format("{}, {}, {}, {}, {}, {}, {}", counted(t.vpcs().size(), "VPC", "VPCs"),
                     counted(t.subnets().size(), "subnet", "subnets"),
                     counted(t.route_tables().size(), "route table", "route tables"),
                     counted(t.network_acls().size(), "network ACL", "network ACLs"),
                     counted(t.security_groups().size(), "security group", "security groups"),
                     counted(t.enis().size(), "network interface", "network interfaces"),
                     counted(t.nat_gateways().size(), "NAT gateway", "NAT gateways")) +
         (t.data().unmodelled.empty()
              ? ""
              : fmt::format(", {} kept without a model (transit gateways, endpoints, …)",
                            t.data().unmodelled.size()));
}

void print_load_errors(const std::vector<load::LoadError>& errors, std::ostream& err) {
  for (const auto& e : errors)
    err << printable(e.to_string()) << '\n';
}

void print_load_warnings(const std::vector<load::LoadError>& warnings, std::ostream& err,
                         std::size_t limit) {
  if (warnings.empty()) return;
  std::map<std::string, std::size_t> by_list;  // "/RouteTables/3/Routes/1" counts as RouteTables
  for (std::size_t i = 0; i < warnings.size(); ++i) {
    const auto& w = warnings[i];
    if (i < limit) {
      fmt::print(err, "{}{}: warning: {}\n", printable(w.file),
                 w.where.empty() ? "" : ": " + printable(w.where), printable(w.message));
    }
    const auto end = w.where.find('/', 1);
    ++by_list[w.where.size() > 1 && w.where[0] == '/' ? w.where.substr(1, end - 1) : "files"];
  }
  std::string counts;
  for (const auto& [list, n] : by_list)
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", printable(list), n);
  fmt::print(err,
             "vpcsim: {} warning{} about the AWS snapshot ({}): what vpcsim read but does not "
             "model is kept as data or left out, as each says{}; --strict makes them errors\n",
             warnings.size(), warnings.size() == 1 ? "" : "s", counts,
             warnings.size() > limit
                 ? fmt::format(" ({} not shown: 'vpcsim validate' lists every one)",
                               warnings.size() - limit)
                 : "");
}

std::optional<model::Scenario> load_or_report(const std::string& file, std::ostream& err,
                                              const load::LoadOptions& options) {
  auto loaded = load::load_scenario(file, options);
  print_load_warnings(loaded.warnings, err, 10);
  if (!loaded.scenario) print_load_errors(loaded.errors, err);
  return std::move(loaded.scenario);
}

}  // namespace vpcsim::cli
