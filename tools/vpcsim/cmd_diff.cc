#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <nlohmann/json.hpp>

#include "sim/analysis/design_diff.h"
#include "sim/analysis/matrix.h"
#include "sim/analysis/reach.h"
#include "tools/vpcsim/cli_options.h"
#include "tools/vpcsim/commands.h"
#include "tools/vpcsim/load_report.h"

namespace vpcsim::cli {

void add_diff_command(CLI::App& app) {
  auto [diff, options] = add_command<DiffOptions>(
      app, "diff",
      "Differential reachability between two versions of a design: which endpoint pairs "
      "gained or lost which protocols and ports, and the rule responsible (what blocks it now, "
      "or what blocked it before)");
  const auto o = options;  // lambdas capture it: clang 14 cannot capture a binding
  diff->add_option("BEFORE", o->before, "Scenario or topology before the change")->required();
  diff->add_option("AFTER", o->after, "Scenario or topology after the change")->required();
  add_port_option(*diff, o->port, "Compare one TCP port only (big designs)");
  diff->add_flag("--internet", o->internet, "Include the internet as an endpoint");
  diff->add_flag("--json", o->json, "Changes as JSON");
  add_snapshot_options(*diff, o->snapshot);
  diff->footer("Exit codes: 0 no change, 1 reachability changed, 2 invalid input.");
  on_run(*diff, [o] { return cmd_diff(*o, std::cout, std::cerr); });
}

int cmd_diff(const DiffOptions& o, std::ostream& out, std::ostream& err) {
  const auto options = load::LoadOptions::topology_only(o.snapshot);
  const auto before = load_or_report(o.before, err, options);
  const auto after = load_or_report(o.after, err, options);  // its errors too, when both are bad
  if (!before || !after) return kExitBadInput;
  const auto& tb = *before->topology;
  const auto& ta = *after->topology;
  const auto n = analysis::matrix_endpoints(tb, o.internet).size();
  if (!o.port && n > kMaxEndpointsWithoutPort) {
    fmt::print(err,
               "vpcsim: {} has {} endpoints; without --port every pair is a whole "
               "port-space question. Give --port\n",
               o.before, n);
    return kExitBadInput;
  }
  const auto changes = analysis::design_diff(tb, ta, {o.port, o.internet});
  std::size_t gained = 0;
  for (const auto& c : changes)
    gained += c.gained ? 1 : 0;
  if (o.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : changes) {
      nlohmann::json ports = nlohmann::json::array();
      for (const auto& r : c.ports)
        ports.push_back({r.from(), r.to()});
      j.push_back({{"from", c.from},
                   {"to", c.to},
                   {"change", c.gained ? "gained" : "lost"},
                   {"protocol", c.protocol.name()},
                   {"ports", std::move(ports)},
                   {"because", c.because}});
    }
    out << j.dump(2) << '\n';
  } else {
    for (const auto& c : changes) {
      fmt::print(out, "{} → {}: {} {}{} — {}\n", c.from, c.to, c.gained ? "gained" : "lost",
                 c.protocol,
                 c.ports.empty() ? " echo" : fmt::format(" {}", analysis::ranges_text(c.ports)),
                 c.because);
    }
    if (changes.empty())
      fmt::print(out, "no reachability changes\n");
    else
      fmt::print(out, "{} change{}: {} gained, {} lost\n", changes.size(),
                 changes.size() == 1 ? "" : "s", gained, changes.size() - gained);
  }
  return changes.empty() ? kExitOk : kExitNegative;
}

}  // namespace vpcsim::cli
