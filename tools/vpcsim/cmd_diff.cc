#include <fmt/format.h>
#include <fmt/ostream.h>

#include <nlohmann/json.hpp>

#include "sim/analysis/design_diff.h"
#include "sim/analysis/matrix.h"
#include "sim/analysis/reach.h"
#include "tools/vpcsim/commands.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::cli {

int cmd_diff(const DiffOptions& o, std::ostream& out, std::ostream& err) {
  auto before = load::load_scenario(o.before);
  auto after = load::load_scenario(o.after);
  if (!before.scenario || !after.scenario) {
    print_errors(before.errors, err);
    print_errors(after.errors, err);
    return kExitBadInput;
  }
  const auto& tb = *before.scenario->topology;
  const auto& ta = *after.scenario->topology;
  const auto n = analysis::matrix_endpoints(tb, o.internet).size();
  if (!o.port && n > 60) {
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
                   {"protocol", c.protocol},
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
