#include <fmt/format.h>
#include <fmt/ostream.h>

#include <nlohmann/json.hpp>

#include "sim/analysis/matrix.h"
#include "tools/vpcsim/commands.h"
#include "tools/vpcsim/text_table.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::cli {
namespace {

// Without a port every cell is a port-space question: fine for a design, too slow for a
// fleet.
constexpr std::size_t kMaxEndpointsWithoutPort = 60;

std::string cell_text(const analysis::MatrixCell& c, bool port_space) {
  if (c.self) return "·";
  if (port_space) return c.ports;
  if (c.reachable) return "✓";
  if (c.partial) return fmt::format("partial ({})", c.layer);
  return c.layer;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

int cmd_matrix(const MatrixOptions& o, std::ostream& out, std::ostream& err) {
  auto loaded = load::load_scenario(o.topology);
  if (!loaded.scenario) {
    print_errors(loaded.errors, err);
    return kExitBadInput;
  }
  const auto& t = *loaded.scenario->topology;
  analysis::MatrixQuery q;
  q.protocol = o.protocol == "udp" ? 17 : o.protocol == "icmp" ? 1 : 6;
  q.port = o.port;
  q.internet = o.internet;
  q.grouping = o.group == "sg"       ? analysis::Grouping::security_group
               : o.group == "subnet" ? analysis::Grouping::subnet
                                     : analysis::Grouping::none;
  if (o.group.starts_with("tag:") && o.group.size() > 4) {
    q.grouping = analysis::Grouping::tag;
    q.tag_key = o.group.substr(4);
  } else if (!o.group.empty() && q.grouping == analysis::Grouping::none) {
    fmt::print(err, "vpcsim: --group: \"{}\" is not a grouping; expected sg, subnet or tag:KEY\n",
               o.group);
    return kExitBadInput;
  }
  const bool port_space = !o.port && q.protocol != 1;
  const auto n = analysis::matrix_endpoints(t, o.internet).size();
  if (port_space && n > kMaxEndpointsWithoutPort) {
    fmt::print(err,
               "vpcsim: {} has {} endpoints; without --port every cell is a whole port-space "
               "question. Give --port (or --protocol icmp)\n",
               o.topology, n);
    return kExitBadInput;
  }
  const auto m = analysis::reach_matrix(t, q);
  const auto size = m.labels.size();
  if (o.format == "json") {
    nlohmann::json j = {{"endpoints", m.labels}, {"cells", nlohmann::json::array()}};
    if (o.port) j["port"] = *o.port;
    j["protocol"] = o.protocol.empty() ? "tcp" : o.protocol;
    for (std::size_t a = 0; a < size; ++a) {
      for (std::size_t b = 0; b < size; ++b) {
        const auto& c = m.at(a, b);
        if (c.self) continue;
        nlohmann::json cell = {
            {"from", m.labels[a]}, {"to", m.labels[b]}, {"reachable", c.reachable}};
        if (c.partial) cell["partial"] = true;
        if (!c.reachable && !port_space) {
          cell["layer"] = c.layer;
          cell["resource"] = c.resource;
          cell["code"] = c.code;
        }
        if (port_space) cell["ports"] = c.ports;
        j["cells"].push_back(std::move(cell));
      }
    }
    out << j.dump(2) << '\n';
    return kExitOk;
  }
  std::vector<std::string> header{"from \\ to"};
  header.insert(header.end(), m.labels.begin(), m.labels.end());
  if (o.format == "csv") {
    for (std::size_t i = 0; i < header.size(); ++i)
      out << (i ? "," : "") << csv_field(header[i]);
    out << '\n';
    for (std::size_t a = 0; a < size; ++a) {
      out << csv_field(m.labels[a]);
      for (std::size_t b = 0; b < size; ++b)
        out << ',' << csv_field(cell_text(m.at(a, b), port_space));
      out << '\n';
    }
    return kExitOk;
  }
  if (o.format == "markdown") {
    std::string sep = "|";
    out << '|';
    for (const auto& h : header) {
      out << ' ' << h << " |";
      sep += "---|";
    }
    out << '\n' << sep << '\n';
    for (std::size_t a = 0; a < size; ++a) {
      out << "| " << m.labels[a] << " |";
      for (std::size_t b = 0; b < size; ++b)
        out << ' ' << cell_text(m.at(a, b), port_space) << " |";
      out << '\n';
    }
    return kExitOk;
  }
  TextTable table(header);
  for (std::size_t a = 0; a < size; ++a) {
    std::vector<std::string> row{m.labels[a]};
    for (std::size_t b = 0; b < size; ++b)
      row.push_back(cell_text(m.at(a, b), port_space));
    table.add(std::move(row));
  }
  fmt::print(out,
             "{} {}: rows reach columns? ✓ reachable (request and reply, every client port), "
             "else the blocking layer\n",
             o.protocol.empty() ? "tcp" : o.protocol,
             o.port ? fmt::format("port {}", *o.port) : std::string("all ports"));
  table.print(out, "");
  return kExitOk;
}

}  // namespace vpcsim::cli
