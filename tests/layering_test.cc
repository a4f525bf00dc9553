// DESIGN.md's layering rule: a module may include only its own headers and those of modules
// to its left. This test reads every #include "…" line under src/ and tools/.
#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace {

// Lowest to highest; the single source of the rule.
constexpr std::array<const char*, 8> kModules{"topology/net",  "sim/core", "topology/model",
                                              "topology/load", "sim/path", "sim/engine",
                                              "sim/observe",   "tools"};

// The rank of the module a path (relative to src/, or "tools/…") belongs to; -1 if none.
int rank_of(const std::string& path) {
  for (std::size_t i = 0; i < kModules.size(); ++i) {
    const std::string m = kModules[i];
    if (path.rfind(m + "/", 0) == 0) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

TEST_CASE("every #include respects the module layering of DESIGN.md") {
  namespace fs = std::filesystem;
  const fs::path root = VPCSIM_SOURCE_DIR;
  const std::regex include_re(R"(^\s*#\s*include\s+"([^"]+)\")");
  int files = 0;
  for (const auto* top : {"src", "tools"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".h" && ext != ".cc")) continue;
      const std::string rel = fs::relative(entry.path(), root / "src").generic_string();
      const std::string module_path =
          std::string(top) == "tools" ? fs::relative(entry.path(), root).generic_string() : rel;
      const int own = rank_of(module_path);
      REQUIRE_MESSAGE(own >= 0, module_path << " is in no module of the layering table");
      ++files;
      std::ifstream in(entry.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        std::smatch m;
        if (!std::regex_search(line, m, include_re)) continue;
        const std::string target = m[1];
        const int dep = rank_of(target);
        if (dep < 0) continue;  // a header next to the file (same module)
        CHECK_MESSAGE(dep <= own, module_path
                                      << ":" << n << ": includes \"" << target << "\" from "
                                      << std::string(kModules[static_cast<std::size_t>(dep)])
                                      << ", which is above "
                                      << std::string(kModules[static_cast<std::size_t>(own)]));
      }
    }
  }
  CHECK(files > 30);
}

TEST_CASE("the layering check recognises modules") {
  CHECK(rank_of("topology/net/ip_address.h") == 0);
  CHECK(rank_of("sim/path/packet_path.h") == 4);
  CHECK(rank_of("tools/vpcsim/main.cc") == 7);
  CHECK(rank_of("topology/netx/a.h") == -1);
}
