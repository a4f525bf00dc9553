// Enforces the layering (README "Layout"): the modules form a DAG given as an explicit table
// of allowed edges; a file may include headers of its own module and of any module its module
// reaches through allowed edges, and a module's CMake DEPS may name only those modules. The
// edges the design forbids are named, and the table is checked never to reach them. Reads the
// #include "…" lines of every file under topology/, sim/ and tools/, and every vpcsim_module().

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

namespace {

namespace fs = std::filesystem;

struct Module {
  std::string_view name;                     // its folder, which is also its include prefix
  std::vector<std::string_view> may_depend;  // direct edges
};

// The single source of the rule. topology/ is data and depends on nothing under sim/ or
// tools/; sim/core is the domain-free kernel; observers and analysis never read inputs.
const std::vector<Module> kModules{
    {"topology/net", {}},
    {"topology/model", {"topology/net"}},
    {"topology/load", {"topology/model"}},
    {"sim/core", {}},
    {"sim/path", {"topology/model", "sim/core"}},
    {"sim/engine", {"sim/path", "sim/core"}},
    {"sim/observe", {"sim/engine"}},
    {"sim/analysis", {"sim/observe", "sim/engine"}},
    {"tools/vpcsim", {"sim/analysis", "sim/observe", "topology/load"}},
    {"tools/bench", {"sim/analysis", "sim/observe", "topology/load"}},
    {"tools/fuzz", {"sim/observe", "sim/engine", "topology/load"}},
};

// Edges the design forbids, by prefix: checked to be unreachable through kModules.
const std::vector<std::pair<std::string_view, std::string_view>> kForbidden{
    {"topology", "sim"},         {"topology", "tools"},           {"sim", "tools"},
    {"sim/core", "topology"},    {"topology/load", "sim/engine"}, {"sim/observe", "topology/load"},
    {"sim/path", "sim/engine"},  {"sim/engine", "topology/load"}, {"sim/analysis", "topology/load"},
    {"sim/path", "sim/observe"}, {"sim/engine", "sim/observe"},
};

bool in_dir(std::string_view path, std::string_view dir) {
  return path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/';
}
bool under(std::string_view module, std::string_view prefix) {
  return module == prefix || in_dir(module, prefix);
}

const Module* find_module(std::string_view name) {
  for (const auto& m : kModules)
    if (m.name == name) return &m;
  return nullptr;
}

// Every module `from` reaches through allowed edges, itself included.
std::set<std::string_view> reach_of(std::string_view from) {
  std::set<std::string_view> seen{from};
  std::vector<std::string_view> todo{from};
  while (!todo.empty()) {
    const auto* m = find_module(todo.back());
    todo.pop_back();
    if (!m) continue;
    for (const auto d : m->may_depend)
      if (seen.insert(d).second) todo.push_back(d);
  }
  return seen;
}

bool allowed(std::string_view from, std::string_view to) {
  return reach_of(from).count(to) > 0;
}

std::optional<std::string_view> module_of_path(std::string_view rel) {
  for (const auto& m : kModules)
    if (in_dir(rel, m.name)) return m.name;
  return std::nullopt;
}

std::string edges_text(std::string_view from) {
  std::string s;
  for (const auto d : find_module(from)->may_depend)
    s += (s.empty() ? "" : ", ") + std::string(d);
  return s.empty() ? "nothing" : s;
}

// Every layering violation in one file: "file:line: #include "x": why".
std::vector<std::string> check_file(const std::string& rel, const std::string& text) {
  std::vector<std::string> out;
  const auto module = module_of_path(rel);
  if (!module) {
    out.push_back(rel + ": not in any module of the layering table; add it to kModules in " +
                  "tests/layering_test.cc");
    return out;
  }
  static const std::regex include_re(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::smatch m;
    if (!std::regex_search(line, m, include_re)) continue;
    const std::string inc = m[1];
    const std::string at = rel + ":" + std::to_string(n) + ": #include \"" + inc + "\": ";
    const auto target = module_of_path(inc);
    if (!target) {
      out.push_back(at +
                    "names no module (an include is the file's path from the repository "
                    "root, such as \"topology/net/ip_address.h\")");
    } else if (!allowed(*module, *target)) {
      out.push_back(at + std::string(*module) + " may not depend on " + std::string(*target) +
                    " (its allowed edges: " + edges_text(*module) + ")");
    }
  }
  return out;
}

// Every violation in the DEPS of the vpcsim_module() calls of one CMake file.
std::vector<std::string> check_cmake(const std::string& rel, const std::string& text) {
  std::vector<std::string> out;
  const auto module_of_target = [](const std::string& target) -> std::optional<std::string_view> {
    for (const auto& m : kModules) {
      std::string name = "vpcsim_" + std::string(m.name);
      std::replace(name.begin(), name.end(), '/', '_');
      if (name == target) return m.name;
    }
    return std::nullopt;
  };
  static const std::regex call_re(R"(vpcsim_module\(\s*NAME\s+(\w+)([^)]*)\))");
  static const std::regex deps_re(R"(DEPS([^)]*))");
  static const std::regex target_re(R"(vpcsim_\w+)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), call_re);
       it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1];
    const auto self = module_of_target(name);
    if (!self) {
      out.push_back(rel + ": library " + name + " is not a module of the layering table");
      continue;
    }
    const std::string rest = (*it)[2];
    std::smatch deps;
    if (!std::regex_search(rest, deps, deps_re)) continue;
    const std::string dep_text = deps[1];
    for (auto d = std::sregex_iterator(dep_text.begin(), dep_text.end(), target_re);
         d != std::sregex_iterator(); ++d) {
      const auto dep = module_of_target(d->str());
      if (!dep) {
        out.push_back(rel + ": " + name + " links " + d->str() + ", which is not a module");
      } else if (!allowed(*self, *dep)) {
        out.push_back(rel + ": " + name + " links " + d->str() + ": " + std::string(*self) +
                      " may not depend on " + std::string(*dep));
      }
    }
  }
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const fs::path kRoot = VPCSIM_SOURCE_DIR;

}  // namespace

TEST_CASE("layering table: a DAG whose edges never reach a forbidden module") {
  for (const auto& m : kModules) {
    CAPTURE(m.name);
    for (const auto d : m.may_depend) {
      CAPTURE(d);
      CHECK(find_module(d) != nullptr);       // every edge names a module
      CHECK(reach_of(d).count(m.name) == 0);  // no cycle
    }
    for (const auto& [from, to] : kForbidden) {
      if (!under(m.name, from)) continue;
      for (const auto r : reach_of(m.name)) {
        CAPTURE(r);
        CHECK_FALSE((r != m.name && under(r, to)));
      }
    }
  }
}

TEST_CASE("layering checker: an injected forbidden include or link is reported") {
  // The two edges the design forbids that a rank-based check let through, and topology → sim.
  const auto observe_load =
      check_file("sim/observe/flow_log.cc", "#include \"topology/load/suggest.h\"\n");
  REQUIRE(observe_load.size() == 1);
  CHECK(observe_load[0].rfind("sim/observe/flow_log.cc:1: #include \"topology/load/suggest.h\": "
                              "sim/observe may not depend on topology/load",
                              0) == 0);
  CHECK(check_file("sim/engine/replay.h", "#include \"topology/load/pcap_reader.h\"").size() == 1);
  const auto topo_sim =
      check_file("topology/model/topology.h",
                 "#pragma once\n#include <string>\n\n#include \"sim/core/rng.h\"\n");
  REQUIRE(topo_sim.size() == 1);
  CHECK(topo_sim[0].rfind("topology/model/topology.h:4: #include \"sim/core/rng.h\": "
                          "topology/model may not depend on sim/core",
                          0) == 0);
  CHECK(check_file("sim/core/engine.h", "#include \"topology/net/sim_time.h\"").size() == 1);
  CHECK(check_cmake("topology/model/CMakeLists.txt",
                    "vpcsim_module(NAME vpcsim_topology_model SOURCES a.cc DEPS "
                    "vpcsim_topology_net vpcsim_sim_core)")
            .size() == 1);
  CHECK(check_cmake("sim/observe/CMakeLists.txt",
                    "vpcsim_module(NAME vpcsim_sim_observe SOURCES a.cc DEPS vpcsim_sim_engine "
                    "vpcsim_topology_load)")
            .size() == 1);
}

TEST_CASE("layering checker: allowed edges, transitive reach, odd spellings, unknown places") {
  CHECK(check_file("sim/core/engine.h", "#include \"sim/core/rng.h\"").empty());
  CHECK(check_file("sim/engine/replay.h", "#include \"topology/net/ip_address.h\"").empty());
  CHECK(check_file("tools/vpcsim/main.cc", "#include \"tools/vpcsim/commands.h\"").empty());
  CHECK(check_file("tools/vpcsim/main.cc", "#include <CLI/CLI.hpp>").empty());
  CHECK(check_file("sim/core/x.cc", "// #include \"sim/path/y.h\"").empty());
  CHECK(check_file("sim/core/x.cc", "  #  include  \"sim/path/y.h\"").size() == 1);
  const auto relative = check_file("tools/vpcsim/main.cc", "#include \"commands.h\"");
  REQUIRE(relative.size() == 1);
  CHECK(relative[0].find("names no module") != std::string::npos);
  const auto unknown = check_file("sim/newthing/x.cc", "");
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].find("not in any module") != std::string::npos);
  CHECK(check_cmake("sim/engine/CMakeLists.txt",
                    "vpcsim_module(NAME vpcsim_sim_engine SOURCES a.cc DEPS vpcsim_sim_path "
                    "vpcsim_topology_model vpcsim_sim_core)")
            .empty());
}

TEST_CASE("layering: every #include and CMake DEPS under topology/, sim/ and tools/ is allowed") {
  std::size_t files = 0;
  std::vector<std::string> violations;
  for (const auto* top : {"topology", "sim", "tools"}) {
    for (const auto& e : fs::recursive_directory_iterator(kRoot / top)) {
      if (!e.is_regular_file()) continue;
      const auto ext = e.path().extension().string();
      const auto rel = fs::relative(e.path(), kRoot).generic_string();
      if (ext == ".h" || ext == ".cc" || ext == ".hpp" || ext == ".cpp") {
        ++files;
        for (auto& v : check_file(rel, read(e.path())))
          violations.push_back(v);
      } else if (e.path().filename() == "CMakeLists.txt") {
        for (auto& v : check_cmake(rel, read(e.path())))
          violations.push_back(v);
      }
    }
  }
  CHECK(files > 100);  // the walk found the sources
  for (const auto& v : violations)
    FAIL_CHECK(v);
  CHECK(violations.empty());
}
