// Loading a scenario: a file, a folder holding scenario.json, or text, to a ScenarioLoad
// (scenario_loader.h). The topology is read by TopologyReader; the sections that refer to it
// by TrafficReader, TimelineReader and ExpectReader.

#include "topology/load/scenario_loader.h"

#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <system_error>

#include <fmt/format.h>

#include "topology/load/aws/aws_import.h"
#include "topology/load/aws/aws_kind.h"
#include "topology/load/expect_reader.h"
#include "topology/load/json_source.h"
#include "topology/load/object_reader.h"
#include "topology/load/timeline_reader.h"
#include "topology/load/topology_reader.h"
#include "topology/load/traffic_reader.h"

namespace vpcsim::load {
namespace {

// The scenario's own fields: name, description, region, account, seed, start time.
void read_header(ObjectReader& root, model::Scenario& sc) {
  sc.name = root.string("name").value_or(
      std::filesystem::path(sc.file).parent_path().filename().string());
  sc.description = root.string("description").value_or("");
  sc.region = root.string("region").value_or(sc.region);
  sc.account_id = root.string("account_id").value_or(sc.account_id);
  sc.seed = static_cast<std::uint64_t>(root.integer("seed", 0, INT64_MAX).value_or(1));
  sc.start_time = root.integer("start_time", 0, 4'102'444'800).value_or(sc.start_time);
}

// What reading the topology needs besides the scenario: the options and where warnings go.
struct TopologyInput {
  const LoadOptions& options;
  std::vector<LoadError>& warnings;
};

// An AWS snapshot's topology (topology/load/aws/), its errors in `diag`: the files' own.
std::optional<model::Topology> read_snapshot_topology(std::unique_ptr<aws::Snapshot> snap,
                                                      const model::Scenario& sc, Diagnostics& diag,
                                                      TopologyInput in) {
  auto snapshot = in.options.snapshot;
  if (snapshot.region.empty()) snapshot.region = sc.region;
  if (snapshot.account.empty()) snapshot.account = sc.account_id;
  auto t = aws::load_aws_topology(std::move(snap), snapshot);
  for (auto& e : t.errors)
    diag.errors().push_back(std::move(e));
  for (auto& w : t.warnings)
    in.warnings.push_back(std::move(w));
  return std::move(t.topology);
}

std::string relative_to(const model::Scenario& sc, const std::string& path) {
  return (std::filesystem::path(sc.file).parent_path() / path).lexically_normal().string();
}

// "topology": {"aws": "snapshot/"} or {"aws": ["a/", "b.json"]}, relative to this file.
std::optional<model::Topology> read_aws_reference(const Json& t, const model::Scenario& sc,
                                                  Diagnostics& diag, TopologyInput in) {
  ObjectReader ref(t, "/topology", diag);
  const Json* aws = ref.get("aws");
  ref.finish();
  std::vector<std::string> paths;
  const auto expected =
      "the path of an AWS snapshot (a folder or file of describe-* output), "
      "or a non-empty list of them";
  if (aws->is_string()) {
    paths.push_back(relative_to(sc, aws->get<std::string>()));
  } else if (aws->is_array() && !aws->empty()) {
    for (std::size_t i = 0; i < aws->size(); ++i) {
      if (!(*aws)[i].is_string()) {
        diag.error(child_pointer("/topology/aws", i), fmt::format("expected {}", expected));
        return std::nullopt;
      }
      paths.push_back(relative_to(sc, (*aws)[i].get<std::string>()));
    }
  } else {
    diag.error("/topology/aws", fmt::format("{} is not {}", show(*aws), expected));
    return std::nullopt;
  }
  if (!diag.ok()) return std::nullopt;
  return read_snapshot_topology(std::make_unique<aws::Snapshot>(aws::read_snapshot(paths)), sc,
                                diag, in);
}

// The topology: inline, a path relative to this file (whose errors name that file; a folder
// is an AWS snapshot), or {"aws": …}.
std::optional<model::Topology> read_topology(ObjectReader& root, const model::Scenario& sc,
                                             Diagnostics& diag, TopologyInput in) {
  const Json* t = root.get("topology");
  if (!t) {
    root.missing("topology",
                 "an object with the topology, the path of a topology file, or {\"aws\": "
                 "\"snapshot/\"}");
    return std::nullopt;
  }
  if (t->is_object() && t->contains("aws")) return read_aws_reference(*t, sc, diag, in);
  if (!t->is_string()) {
    TopologyReader reader(diag, sc.region, sc.account_id);
    return reader.read(*t, "/topology");
  }
  const auto path = relative_to(sc, t->get<std::string>());
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return read_snapshot_topology(std::make_unique<aws::Snapshot>(aws::read_snapshot({path})), sc,
                                  diag, in);
  std::optional<model::Topology> topo;
  std::vector<LoadError> errors;
  if (auto tj = read_json_file(path, errors)) {
    Diagnostics tdiag(path);
    TopologyReader reader(tdiag, sc.region, sc.account_id);
    topo = reader.read(*tj, "");
    errors = std::move(tdiag.errors());
  }
  for (auto& e : errors)
    diag.errors().push_back(std::move(e));
  return topo;
}

// A scenario holding only the topology of an AWS snapshot: `vpcsim reach snapshot/ …`. Its
// Region and account are those of its first VPC (flow logs' defaults), else the options'.
ScenarioLoad load_snapshot_scenario(std::unique_ptr<aws::Snapshot> snap,
                                    const LoadOptions& options) {
  ScenarioLoad out;
  model::Scenario sc;
  sc.file = snap->roots.front();
  const std::filesystem::path p(sc.file);
  sc.name = (p.has_filename() ? p : p.parent_path()).filename().string();
  if (!options.snapshot.region.empty()) sc.region = options.snapshot.region;
  if (!options.snapshot.account.empty()) sc.account_id = options.snapshot.account;
  Diagnostics diag(sc.file);
  if (auto topo = read_snapshot_topology(std::move(snap), sc, diag, {options, out.warnings})) {
    if (!topo->vpcs().empty()) {
      sc.region = topo->vpcs().front().region;
      sc.account_id = topo->vpcs().front().account_id;
    }
    sc.topology = std::make_shared<const model::Topology>(std::move(*topo));
  }
  out.errors = std::move(diag.errors());
  if (out.errors.empty()) out.scenario = std::move(sc);
  return out;
}

// A document whose top-level keys include a describe-* list and no "topology".
bool is_snapshot_document(const Json& doc) {
  if (!doc.is_object() || doc.contains("topology")) return false;
  for (const auto& [key, value] : doc.items())
    if (aws::aws_kind(key)) return true;
  return false;
}

// traffic, timeline and expect, as `options` asks, against the loaded topology.
void read_sections(ObjectReader& root, model::Scenario& sc, Diagnostics& diag,
                   const LoadOptions& options) {
  const auto& topo = *sc.topology;
  if (const Json* tr = root.get("traffic"); tr && options.traffic)
    sc.traffic = TrafficReader(diag, topo).read(*tr, "/traffic");
  if (const Json* tl = root.get("timeline"); tl && options.timeline)
    sc.timeline = TimelineReader(diag, topo).read(*tl, "/timeline");
  if (const Json* ex = root.get("expect"); ex && options.expect)
    sc.expect =
        ExpectReader(diag, topo).read(*ex, "/expect", options.traffic ? &sc.traffic : nullptr);
}

ScenarioLoad load_from_json(const Json& doc, const std::string& file, const LoadOptions& options) {
  if (is_snapshot_document(doc)) {
    return load_snapshot_scenario(
        std::make_unique<aws::Snapshot>(aws::read_snapshot_document(file, doc)), options);
  }
  ScenarioLoad out;
  Diagnostics diag(file);
  ObjectReader root(doc, "", diag);
  if (!root.is_object()) {
    out.errors = std::move(diag.errors());
    return out;
  }
  model::Scenario sc;
  sc.file = file;
  read_header(root, sc);
  if (auto topo = read_topology(root, sc, diag, {options, out.warnings})) {
    sc.topology = std::make_shared<const model::Topology>(std::move(*topo));
    read_sections(root, sc, diag, options);
  } else {
    // They refer to the topology: checked only once it has loaded.
    for (const char* key : {"traffic", "timeline", "expect"})
      root.get(key);
  }
  root.finish();
  out.errors = std::move(diag.errors());
  if (out.errors.empty()) out.scenario = std::move(sc);
  return out;
}

}  // namespace

ScenarioLoad load_scenario_text(const std::string& text, const std::string& file,
                                const LoadOptions& options) {
  ScenarioLoad out;
  try {
    const auto doc = parse_json(text, file, out.errors);
    if (!doc) return out;
    return load_from_json(*doc, file, options);
  } catch (const std::exception& e) {
    // Defensive: a loader bug must still give an error, not a crash.
    out.errors.push_back({file, "", fmt::format("internal error while loading: {}", e.what())});
    return out;
  }
}

ScenarioLoad load_scenario(const std::string& path, const LoadOptions& options) {
  ScenarioLoad out;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    const auto inner = (std::filesystem::path(path) / "scenario.json").string();
    if (std::filesystem::exists(inner, ec)) return load_scenario(inner, options);
    out = load_snapshot_scenario(std::make_unique<aws::Snapshot>(aws::read_snapshot({path})),
                                 options);
    // The one error at the folder itself: no VPC. Not a snapshot, so its files say nothing.
    if (out.errors.size() == 1 && out.errors.front().file == path &&
        out.errors.front().where.empty()) {
      out.errors.front().message =
          "is a directory without a scenario.json, and not an AWS snapshot: no file in it holds "
          "describe-vpcs output ({\"Vpcs\": [...]})";
      out.warnings.clear();
    }
    return out;
  }
  auto text = read_file(path, out.errors);
  if (!text) return out;
  return load_scenario_text(*text, path, options);
}

}  // namespace vpcsim::load
