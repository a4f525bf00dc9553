// End-to-end tests of the vpcsim command line: exit codes and what it prints.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/tools/vpcsim/cli_fixture.h"

using vpcsim::test::run_vpcsim;

namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

const std::string kSource = VPCSIM_SOURCE_DIR;
const std::string kThreeTier = kSource + "/scenarios/three-tier/scenario.json";
const std::string kInvalid = kSource + "/tests/fixtures/bad-input/validation/subnet-overlap.json";

}  // namespace

TEST_CASE("vpcsim validate: the bundled scenario is OK, exit 0") {
  const auto r = run_vpcsim({"validate", kThreeTier});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, kThreeTier + ": OK: 1 VPC, 6 subnets"));
  CHECK(contains(r.out, "5 flows"));
  // A folder holding scenario.json is accepted too.
  CHECK(run_vpcsim({"validate", kSource + "/scenarios/three-tier"}).exit_code == 0);
}

TEST_CASE("vpcsim validate: one invalid file among valid ones makes the run fail") {
  const auto bad = kInvalid;
  const auto r = run_vpcsim({"validate", kThreeTier, bad});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.out, kThreeTier + ": OK"));
  CHECK(contains(r.err, bad + ": INVALID"));
}

TEST_CASE("vpcsim validate: a missing file is invalid input") {
  const auto missing = kSource + "/tests/fixtures/does-not-exist.json";
  const auto r = run_vpcsim({"validate", missing});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, missing + ": cannot open file"));
}

TEST_CASE("vpcsim show prints the topology; an invalid scenario exits 2") {
  const auto r = run_vpcsim({"show", kThreeTier});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "rtb-public"));
  CHECK(contains(r.out, "sg-db"));
  const auto bad = run_vpcsim({"show", kInvalid});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("vpcsim --help and usage errors") {
  const auto help = run_vpcsim({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(contains(help.out, "validate"));
  CHECK(contains(help.out, "show"));
  CHECK(contains(help.out, "Exit codes"));
  CHECK(run_vpcsim({"validate", "--help"}).exit_code == 0);
  const auto none = run_vpcsim({});
  CHECK(none.exit_code == 2);
  CHECK(contains(none.err, "subcommand"));
  CHECK(run_vpcsim({"frobnicate"}).exit_code == 2);
  CHECK(run_vpcsim({"validate"}).exit_code == 2);  // FILE is required
}

TEST_CASE("vpcsim --version prints the project version from CMakeLists.txt") {
  std::ifstream in(kSource + "/CMakeLists.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  std::smatch m;
  const std::string cmake = ss.str();
  REQUIRE(std::regex_search(cmake, m, std::regex(R"(project\(vpcsim VERSION ([0-9.]+))")));
  const auto r = run_vpcsim({"--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "vpcsim " + m[1].str() + "\n");
  CHECK(r.err.empty());
}
