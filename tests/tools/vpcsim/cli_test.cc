// End-to-end tests of the vpcsim command line: exit codes and what it prints.

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace {

struct Run {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (const char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

Run vpcsim(const std::vector<std::string>& args) {
  std::string cmd = quote(VPCSIM_BINARY);
  for (const auto& a : args) {
    cmd += ' ';  // not `" " + quote(a)`: g++ 12 -O3 reports a false -Wrestrict on it
    cmd += quote(a);
  }
  cmd += " 2>&1";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE_MESSAGE(p != nullptr, "cannot run ", cmd);
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
    r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

const std::string kSource = VPCSIM_SOURCE_DIR;
const std::string kThreeTier = kSource + "/scenarios/three-tier/scenario.json";

std::vector<std::filesystem::path> invalid_fixtures() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(kSource + "/tests/fixtures/invalid")) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("vpcsim validate: every invalid fixture exits 2 and names its expected pointer") {
  const auto fixtures = invalid_fixtures();
  CHECK(fixtures.size() >= 8);
  for (const auto& path : fixtures) {
    CAPTURE(path.string());
    std::ifstream in(path);
    const auto doc = nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
    const auto pointer = doc.at("$expect_error").get<std::string>();
    const auto r = vpcsim({"validate", path.string()});
    CHECK(r.exit_code == 2);
    // Errors print as "file: pointer: message".
    if (!contains(r.output, path.string() + ": " + pointer + ": ")) {
      FAIL_CHECK("output does not name ", pointer, ":\n", r.output);
    }
    CHECK(contains(r.output, path.string() + ": INVALID"));
  }
}

TEST_CASE("vpcsim validate: the bundled scenario is OK, exit 0") {
  const auto r = vpcsim({"validate", kThreeTier});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.output, kThreeTier + ": OK: 1 VPC, 6 subnets"));
  CHECK(contains(r.output, "5 flows"));
  // A folder holding scenario.json is accepted too.
  CHECK(vpcsim({"validate", kSource + "/scenarios/three-tier"}).exit_code == 0);
}

TEST_CASE("vpcsim validate: one invalid file among valid ones makes the run fail") {
  const auto bad = invalid_fixtures().front().string();
  const auto r = vpcsim({"validate", kThreeTier, bad});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.output, kThreeTier + ": OK"));
  CHECK(contains(r.output, bad + ": INVALID"));
}

TEST_CASE("vpcsim validate: a missing file is invalid input") {
  const auto missing = kSource + "/tests/fixtures/does-not-exist.json";
  const auto r = vpcsim({"validate", missing});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.output, missing + ": cannot open file"));
}

TEST_CASE("vpcsim show prints the topology; an invalid scenario exits 2") {
  const auto r = vpcsim({"show", kThreeTier});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.output, "rtb-public"));
  CHECK(contains(r.output, "sg-db"));
  const auto bad = vpcsim({"show", invalid_fixtures().front().string()});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("vpcsim --help and usage errors") {
  const auto help = vpcsim({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(contains(help.output, "validate"));
  CHECK(contains(help.output, "show"));
  CHECK(contains(help.output, "Exit codes"));
  CHECK(vpcsim({"validate", "--help"}).exit_code == 0);
  const auto none = vpcsim({});
  CHECK(none.exit_code == 2);
  CHECK(contains(none.output, "subcommand"));
  CHECK(vpcsim({"frobnicate"}).exit_code == 2);
  CHECK(vpcsim({"validate"}).exit_code == 2);  // FILE is required
}

TEST_CASE("vpcsim --version prints the project version from CMakeLists.txt") {
  std::ifstream in(kSource + "/CMakeLists.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  std::smatch m;
  const std::string cmake = ss.str();
  REQUIRE(std::regex_search(cmake, m, std::regex(R"(project\(vpcsim VERSION ([0-9.]+))")));
  const auto r = vpcsim({"--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.output == "vpcsim " + m[1].str() + "\n");
}
