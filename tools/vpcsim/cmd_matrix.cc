#include <iostream>
#include <memory>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <nlohmann/json.hpp>

#include "sim/analysis/matrix.h"
#include "tools/vpcsim/cli_options.h"
#include "tools/vpcsim/commands.h"
#include "tools/vpcsim/load_report.h"
#include "tools/vpcsim/text_table.h"

namespace vpcsim::cli {
namespace {

struct GroupBy {
  analysis::Grouping grouping = analysis::Grouping::none;
  std::string tag_key;
};

// --group: "" (none), "sg", "subnet" or "tag:KEY"; nullopt for anything else.
std::optional<GroupBy> parse_group(const std::string& text) {
  if (text.empty()) return GroupBy{};
  if (text == "sg") return GroupBy{analysis::Grouping::security_group, ""};
  if (text == "subnet") return GroupBy{analysis::Grouping::subnet, ""};
  if (text.starts_with("tag:") && text.size() > 4)
    return GroupBy{analysis::Grouping::tag, text.substr(4)};
  return std::nullopt;
}

std::string cell_text(const analysis::MatrixCell& c, bool port_space) {
  if (c.self) return "·";
  if (port_space) return c.ports;
  if (c.reachable) return "✓";
  if (c.partial) return fmt::format("partial ({})", c.verdict.layer());
  return std::string(c.verdict.layer());
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

void add_matrix_command(CLI::App& app) {
  auto [matrix, options] = add_command<MatrixOptions>(
      app, "matrix",
      "Reachability between every pair of network interfaces (or groups of them by security "
      "group or subnet): a cell is reachable when the request and its reply get through for "
      "every source port of the client, else it names the blocking layer");
  const auto o = options;  // lambdas capture it: clang 14 cannot capture a binding
  add_scenario_argument(*matrix, "TOPOLOGY", o->topology);
  add_snapshot_options(*matrix, o->snapshot);
  add_port_option(*matrix, o->port,
                  "Destination port; without it each cell is the pair's port space (small "
                  "designs only)");
  add_protocol_option(*matrix, o->protocol, "tcp (default), udp or icmp",
                      {net::Protocol::tcp(), net::Protocol::udp(), net::Protocol::icmp()},
                      "tcp, udp or icmp", "{tcp,udp,icmp}");
  const CLI::Validator grouping(
      [](std::string& text) {
        if (parse_group(text)) return std::string();
        return fmt::format("\"{}\" is not a grouping; expected sg, subnet or tag:KEY", text);
      },
      "");
  matrix
      ->add_option("--group", o->group,
                   "Group interfaces by security group (sg), subnet, or the value of a tag "
                   "(tag:KEY)")
      ->check(grouping)
      ->type_name("sg|subnet|tag:KEY");
  matrix->add_flag("--internet", o->internet,
                   "Add the internet as an endpoint (as a source: every public address)");
  matrix->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "csv", "markdown", "json"}))
      ->default_val("text");
  on_run(*matrix, [o] { return cmd_matrix(*o, std::cout, std::cerr); });
}

int cmd_matrix(const MatrixOptions& o, std::ostream& out, std::ostream& err) {
  const auto loaded = load_or_report(o.topology, err, load::LoadOptions::topology_only(o.snapshot));
  if (!loaded) return kExitBadInput;
  const auto& t = *loaded->topology;
  analysis::MatrixQuery q;
  q.protocol = o.protocol.value_or(net::Protocol::tcp());
  const auto protocol = q.protocol.name();
  q.port = o.port;
  q.internet = o.internet;
  auto group = parse_group(o.group).value();  // the --group validator refused the rest
  q.grouping = group.grouping;
  q.tag_key = std::move(group.tag_key);
  if (o.port && !q.protocol.has_ports()) {
    fmt::print(err, "vpcsim: --port: {} has no ports; leave --port out\n", q.protocol);
    return kExitBadInput;
  }
  const bool port_space = !o.port && q.protocol.has_ports();
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
    j["protocol"] = protocol;
    for (std::size_t a = 0; a < size; ++a) {
      for (std::size_t b = 0; b < size; ++b) {
        const auto& c = m.at(a, b);
        if (c.self) continue;
        nlohmann::json cell = {
            {"from", m.labels[a]}, {"to", m.labels[b]}, {"reachable", c.reachable}};
        if (c.partial) cell["partial"] = true;
        if (!c.reachable && !port_space) {
          cell["layer"] = std::string(c.verdict.layer());
          cell["resource"] = c.verdict.resource;
          cell["code"] = std::string(c.verdict.code());
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
             protocol, o.port ? fmt::format("port {}", *o.port) : std::string("all ports"));
  table.print(out, "");
  return kExitOk;
}

}  // namespace vpcsim::cli
