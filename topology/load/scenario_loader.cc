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

// The topology: inline, or a path relative to this file (whose errors name that file).
std::optional<model::Topology> read_topology(ObjectReader& root, const model::Scenario& sc,
                                             Diagnostics& diag) {
  const Json* t = root.get("topology");
  if (!t) {
    root.missing("topology", "an object with the topology, or the path of a topology file");
    return std::nullopt;
  }
  if (!t->is_string()) {
    TopologyReader reader(diag, sc.region, sc.account_id);
    return reader.read(*t, "/topology");
  }
  const auto path = (std::filesystem::path(sc.file).parent_path() / t->get<std::string>())
                        .lexically_normal()
                        .string();
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
  if (auto topo = read_topology(root, sc, diag)) {
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
    out.errors.push_back({path, "", "is a directory without a scenario.json"});
    return out;
  }
  auto text = read_file(path, out.errors);
  if (!text) return out;
  return load_scenario_text(*text, path, options);
}

}  // namespace vpcsim::load
