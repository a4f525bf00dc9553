// `vpcsim test`: one line per expectation, the trace excerpt behind a failure,
// "N passed, N failed", JUnit XML, exit 0 / 1 / 2.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "tests/tools/vpcsim/cli_fixture.h"

using vpcsim::test::read_text;
using vpcsim::test::run_vpcsim;

namespace {
const std::string kSource = VPCSIM_SOURCE_DIR;
bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("vpcsim test scenarios/: every bundled expectation holds") {
  const auto r = run_vpcsim({"test", kSource + "/scenarios"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK_FALSE(has(r.out, "FAIL"));
  CHECK(has(r.out, "PASS  three-tier /expect/reach/3: alb-a does not reach db-primary tcp/3306"));
  CHECK(has(r.out, " passed, 0 failed\n"));
}

TEST_CASE("vpcsim test: wrong expectations fail with the trace behind them, exit 1, JUnit") {
  const auto junit = std::filesystem::temp_directory_path() / "vpcsim-test-junit.xml";
  const auto r = run_vpcsim(
      {"test", kSource + "/tests/fixtures/test-command/wrong", "--junit", junit.string()});
  INFO(r.out);
  CHECK(r.exit_code == 1);
  // The fixture is three-tier with five expectations turned false.
  CHECK(has(r.out, "\n8 passed, 5 failed\n"));
  CHECK(has(r.out,
            "FAIL  three-tier-wrong /expect/flows/2: flow app-to-db is blocked (nacl)\n"
            "      got established\n"));
  // The hop that decided, under the failed reach expectation.
  CHECK(has(r.out,
            "FAIL  three-tier-wrong /expect/reach/3: alb-a reaches db-primary tcp/3306\n"
            "      got unreachable\n"));
  CHECK(has(r.out, "eni-alb-a SG egress: REJECT: no outbound rule of sg-alb allows tcp 3306"));
  CHECK(has(r.out, "nat-a: no connection from inside matches"));
  const auto xml = read_text(junit);
  CHECK(has(xml, R"(<testsuites name="vpcsim" tests="13" failures="5" errors="0">)"));
  CHECK(has(xml, R"(<failure message="got established">)"));
  std::filesystem::remove(junit);
}

TEST_CASE("vpcsim test: a scenario that does not load is an error, never a pass") {
  const auto r = run_vpcsim({"test", kSource + "/tests/fixtures/test-command/missing-flow"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, "the scenario does not load"));
  CHECK(has(r.out, "no flow named \"a-to-c\""));
  CHECK(has(r.out, "0 passed, 1 failed\n"));
  const auto missing = run_vpcsim({"test", kSource + "/no/such/folder"});
  CHECK(missing.exit_code == 2);
  CHECK(has(missing.err, "no such file or folder"));
}

TEST_CASE("a misspelt field in a flow-log expectation's format is invalid input, exit 2") {
  // The bundled NAT-gateway lesson with one field misspelt in its expectation's format.
  auto text = read_text(kSource + "/scenarios/flow-log-nat-gateway/scenario.json");
  const auto at = text.find("${instance-id}");
  REQUIRE(at != std::string::npos);
  text.replace(at, 14, "${instance-idd}");
  const auto dir = std::filesystem::temp_directory_path() / "vpcsim-bad-format";
  std::filesystem::create_directories(dir);
  const auto file = dir / "scenario.json";
  {
    std::ofstream out(file);
    out << text;
  }
  for (const char* command : {"validate", "test"}) {
    CAPTURE(command);
    const auto r = run_vpcsim({command, file.string()});
    CHECK(r.exit_code == 2);
    CHECK(has(r.out + r.err,
              "/expect/flow_logs/0/format: unknown flow-log field \"instance-idd\"; "
              "did you mean \"instance-id\"?"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("vpcsim test: a folder or scenario.json that cannot be read fails the run") {
  // The walk once stopped at the first unreadable entry without a word ("26 passed, 0 failed").
  const vpcsim::test::TempDir dir;
  std::filesystem::create_directories(dir.file("good"));
  std::filesystem::copy_file(kSource + "/scenarios/nacl-rule-order/scenario.json",
                             dir.file("good/scenario.json"));
  std::filesystem::create_directories(dir.file("loop"));
  std::filesystem::create_symlink("scenario.json", dir.file("loop/scenario.json"));  // itself
  // A link to a folder above is not followed: no endless walk.
  std::filesystem::create_directory_symlink(dir.file(""), dir.file("good/up"));
  const auto r = run_vpcsim({"test", dir.file("").string()});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, dir.file("loop/scenario.json").string() + ": cannot read: "));
  CHECK(has(r.out, "nacl-rule-order"));
}

TEST_CASE("vpcsim test --junit to a full disk, and stdout to a full disk: exit 2, said") {
  auto r = run_vpcsim({"test", kSource + "/scenarios/nacl-rule-order", "--junit", "/dev/full"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "vpcsim: cannot write /dev/full: No space left on device"));
  r = run_vpcsim({"test", kSource + "/scenarios/nacl-rule-order"}, "/dev/full");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "vpcsim: cannot write standard output: No space left on device"));
  for (const auto& args :
       {std::vector<std::string>{"show", kSource + "/scenarios/three-tier"},
        {"matrix", kSource + "/scenarios/three-tier", "--port", "443", "--format", "json"},
        {"reach", kSource + "/scenarios/three-tier", "--from", "app-1", "--to", "db-primary",
         "--port", "5432", "--json"},
        {"run", kSource + "/scenarios/three-tier"}}) {
    CAPTURE(args[0]);
    r = run_vpcsim(args, "/dev/full");
    CHECK(r.exit_code == 2);
    // Said once, though both the command's outputs and main check standard output.
    const auto first = r.err.find("cannot write standard output");
    CHECK(first != std::string::npos);
    CHECK(r.err.find("cannot write standard output", first + 1) == std::string::npos);
  }
}
