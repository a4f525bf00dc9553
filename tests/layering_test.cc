// Enforces DESIGN.md's layering: a module may include only headers of its own module or of
// modules to its left in kModules. Reads the #include "…" lines of every file under src/
// and tools/, and the DEPS of every vpcsim_module() in the CMake files.

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

namespace {

namespace fs = std::filesystem;

// The layering, lowest → highest (DESIGN.md "Layout and layering"). The single source of
// the rule: every check below derives from this table.
constexpr std::array<std::string_view, 9> kModules{
    "topology/net", "sim/core",    "topology/model", "topology/load", "sim/path",
    "sim/engine",   "sim/observe", "analysis/reach", "tools",
};

std::optional<std::size_t> rank_of(std::string_view module) {
  const auto it = std::find(kModules.begin(), kModules.end(), module);
  if (it == kModules.end()) return std::nullopt;
  return static_cast<std::size_t>(it - kModules.begin());
}

bool starts_with_dir(std::string_view path, std::string_view dir) {
  return path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/';
}

// The module of a file, from its path relative to the project root ("src/sim/core/rng.h",
// "tools/vpcsim/main.cc").
std::optional<std::string_view> module_of_file(std::string_view rel) {
  if (starts_with_dir(rel, "tools")) return "tools";
  if (!starts_with_dir(rel, "src")) return std::nullopt;
  const auto inner = rel.substr(4);
  for (const auto m : kModules) {
    if (starts_with_dir(inner, m)) return m;
  }
  return std::nullopt;
}

// The module an include names: a path under src/ ("topology/net/ip_address.h") or tools/,
// or a file beside the including one ("commands.h"), which is in the includer's module.
std::optional<std::string_view> module_of_include(
    std::string_view includer_rel, const std::string& include,
    const std::function<bool(const std::string&)>& exists) {
  for (const auto m : kModules) {
    if (starts_with_dir(include, m)) return m;
  }
  const auto dir = fs::path(includer_rel).parent_path();
  if (exists((dir / include).lexically_normal().string())) return module_of_file(includer_rel);
  return std::nullopt;
}

std::string order_text() {
  std::string s;
  for (const auto m : kModules)
    s += (s.empty() ? "" : " < ") + std::string(m);
  return s;
}

// Every layering violation in one file: "file:line: #include "x": why".
std::vector<std::string> check_file(const std::string& rel, const std::string& text,
                                    const std::function<bool(const std::string&)>& exists) {
  std::vector<std::string> out;
  const auto module = module_of_file(rel);
  if (!module) {
    out.push_back(rel + ": not in any module of the layering table (" + order_text() +
                  "); add the module to kModules in tests/layering_test.cc");
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
    const auto target = module_of_include(rel, inc, exists);
    if (!target) {
      out.push_back(at +
                    "names no module (expected a path such as \"topology/net/ip_address.h\" "
                    "or a file beside " +
                    rel + ")");
    } else if (*rank_of(*target) > *rank_of(*module)) {
      out.push_back(at + std::string(*module) + " may not include " + std::string(*target) +
                    " (a module includes only its own and lower modules: " + order_text() + ")");
    }
  }
  return out;
}

// Every violation in the DEPS of the vpcsim_module() calls of one CMake file.
std::vector<std::string> check_cmake(const std::string& rel, const std::string& text) {
  std::vector<std::string> out;
  const auto module_of_target = [](std::string target) -> std::optional<std::string_view> {
    for (const auto m : kModules) {
      std::string name = "vpcsim_" + std::string(m);
      std::replace(name.begin(), name.end(), '/', '_');
      if (name == target) return m;
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
      } else if (*rank_of(*dep) > *rank_of(*self)) {
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

bool exists_in_tree(const std::string& rel) {
  return fs::is_regular_file(kRoot / rel);
}

}  // namespace

TEST_CASE("layering checker: finds a violation and names file, line and include") {
  const auto no_files = [](const std::string&) { return false; };
  const auto v =
      check_file("src/topology/net/ip_address.h",
                 "#pragma once\n#include <string>\n\n#include \"sim/core/sim_time.h\"\n", no_files);
  REQUIRE(v.size() == 1);
  CHECK(v[0].rfind("src/topology/net/ip_address.h:4: #include \"sim/core/sim_time.h\": "
                   "topology/net may not include sim/core",
                   0) == 0);
  // Each step of the table, both ways.
  for (std::size_t lo = 0; lo < kModules.size(); ++lo) {
    for (std::size_t hi = lo + 1; hi < kModules.size(); ++hi) {
      const auto file = [](std::string_view m) {
        return m == "tools" ? std::string("tools/vpcsim/x.cc") : "src/" + std::string(m) + "/x.cc";
      };
      const auto inc = [](std::string_view m) { return std::string(m) + "/y.h"; };
      CAPTURE(kModules[lo]);
      CAPTURE(kModules[hi]);
      CHECK(check_file(file(kModules[lo]), "#include \"" + inc(kModules[hi]) + "\"", no_files)
                .size() == 1);
      CHECK(check_file(file(kModules[hi]), "#include \"" + inc(kModules[lo]) + "\"", no_files)
                .empty());
    }
  }
}

TEST_CASE("layering checker: own module, sibling files, odd spellings, unknown places") {
  const auto only_commands = [](const std::string& p) { return p == "tools/vpcsim/commands.h"; };
  CHECK(check_file("src/sim/core/engine.h", "#include \"sim/core/rng.h\"", only_commands).empty());
  CHECK(check_file("tools/vpcsim/main.cc", "#include \"commands.h\"", only_commands).empty());
  CHECK(check_file("tools/vpcsim/main.cc", "#include <CLI/CLI.hpp>", only_commands).empty());
  CHECK(check_file("src/sim/core/x.cc", "// #include \"sim/path/y.h\"", only_commands).empty());
  CHECK(check_file("src/sim/core/x.cc", "  #  include  \"sim/path/y.h\"", only_commands).size() ==
        1);
  const auto stray = check_file("src/sim/core/x.cc", "#include \"commands.h\"", only_commands);
  REQUIRE(stray.size() == 1);
  CHECK(stray[0].find("names no module") != std::string::npos);
  const auto unknown = check_file("src/sim/newthing/x.cc", "", only_commands);
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].find("not in any module") != std::string::npos);
  CHECK(check_cmake("src/topology/net/CMakeLists.txt",
                    "vpcsim_module(NAME vpcsim_topology_net\n  SOURCES a.cc\n  DEPS fmt::fmt "
                    "vpcsim_sim_core)")
            .size() == 1);
  CHECK(check_cmake("src/topology/model/CMakeLists.txt",
                    "vpcsim_module(NAME vpcsim_topology_model SOURCES a.cc DEPS "
                    "vpcsim_topology_net vpcsim_sim_core)")
            .empty());
}

TEST_CASE("layering: every #include under src/ and tools/ respects DESIGN.md") {
  std::size_t files = 0;
  std::vector<std::string> violations;
  for (const auto* top : {"src", "tools"}) {
    for (const auto& e : fs::recursive_directory_iterator(kRoot / top)) {
      if (!e.is_regular_file()) continue;
      const auto ext = e.path().extension().string();
      const auto rel = fs::relative(e.path(), kRoot).generic_string();
      if (ext == ".h" || ext == ".cc" || ext == ".hpp" || ext == ".cpp") {
        ++files;
        for (auto& v : check_file(rel, read(e.path()), exists_in_tree))
          violations.push_back(v);
      } else if (e.path().filename() == "CMakeLists.txt") {
        for (auto& v : check_cmake(rel, read(e.path())))
          violations.push_back(v);
      }
    }
  }
  CHECK(files > 40);  // the walk found the sources
  for (const auto& v : violations)
    FAIL_CHECK(v);
  CHECK(violations.empty());
}
