// End-to-end tests of `vpcsim run`: exit codes, the summary, flow logs and traces on the
// command line.

#include <regex>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests/sim/engine/engine_fixture.h"
#include "tests/tools/vpcsim/cli_fixture.h"

using vpcsim::test::contains;
using vpcsim::test::lines_of;
using vpcsim::test::run_vpcsim;

namespace {

const std::string kSource = VPCSIM_SOURCE_DIR;
const std::string kThreeTier = kSource + "/scenarios/three-tier";

// "2 123456789012 eni-… srcaddr dstaddr sport dport proto packets bytes start end ACTION OK"
// or "2 123456789012 eni-… - - - - - - - start end - NODATA"
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html,
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
const std::regex kDefaultRecord(
    R"(2 123456789012 eni-\S+ (\S+ \S+ \d+ \d+ \d+ \d+ \d+ \d+ \d+ (ACCEPT|REJECT) OK|- - - - - - - \d+ \d+ - NODATA))");

// The summary row of a flow: name, outcome, count, first drop.
std::string summary_row(const std::string& summary, const std::string& flow) {
  for (const auto& line : lines_of(summary)) {
    if (line.starts_with("  " + flow + " ")) return line;
  }
  FAIL_CHECK("no summary row for ", flow, " in:\n", summary);
  return "";
}

}  // namespace

TEST_CASE("vpcsim run: the bundled scenario runs, exit 0, and the summary meets its expectations") {
  const auto r = run_vpcsim({"run", kThreeTier});
  CAPTURE(r.out);
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.starts_with("scenario three-tier: 5 flows, 5 conversations, simulated time 0s to "));
  CHECK(contains(r.out, "packets: "));
  // The scenario's own `expect.flows` are the oracle for the summary's rows.
  std::ifstream in(kThreeTier + "/scenario.json");
  const auto doc = nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
  const auto& expect = doc.at("expect").at("flows");
  REQUIRE(expect.size() == 5);
  for (const auto& e : expect) {
    const auto flow = e.at("flow").get<std::string>();
    CAPTURE(flow);
    const auto row = summary_row(r.out, flow);
    CHECK(contains(row, fmt::format(" {} ", e.at("outcome").get<std::string>())));
    if (e.contains("code")) {
      CHECK(contains(row, fmt::format("dropped by {}", e.at("resource").get<std::string>())));
      CHECK(contains(row, fmt::format("({})", e.at("code").get<std::string>())));
    }
  }
}

TEST_CASE("vpcsim run --flow-log -: records on stdout, the summary on stderr") {
  const auto r = run_vpcsim({"run", kThreeTier, "--flow-log", "-"});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "scenario three-tier:"));
  CHECK_FALSE(contains(r.out, "scenario"));
  const auto lines = lines_of(r.out);
  REQUIRE_FALSE(lines.empty());
  bool reject = false;
  for (const auto& line : lines) {
    CAPTURE(line);
    CHECK(std::regex_match(line, kDefaultRecord));
    reject = reject || line.ends_with(" REJECT OK");
  }
  // alb-to-db is dropped by sg-alb on its way out: logged as REJECT on the ALB's interface.
  CHECK(reject);
}

TEST_CASE("vpcsim run --flow-log FILE with --format, --eni, --header and --no-nodata") {
  const vpcsim::test::TempDir dir;
  const auto file = dir.file("flow.log");
  const auto r =
      run_vpcsim({"run", kThreeTier, "--flow-log", file.string(), "--format",
                  "${interface-id} ${flow-direction} ${srcaddr} ${dstaddr} ${action} ${log-status}",
                  "--eni", "eni-db-primary", "--header", "--no-nodata", "--aggregation", "600"});
  CHECK(r.exit_code == 0);
  // The file takes the records; the summary stays on stdout.
  CHECK(r.out.starts_with("scenario three-tier:"));
  const auto lines = lines_of(vpcsim::test::read_text(file));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0] == "interface-id flow-direction srcaddr dstaddr action log-status");
  // app-to-db reaches the database: its interface logs the request and the reply; alb-to-db
  // never leaves the ALB, so nothing of it is on the database's interface.
  const std::set<std::string> records(lines.begin() + 1, lines.end());
  CHECK(records == std::set<std::string>{
                       "eni-db-primary ingress 10.0.10.10 10.0.20.10 ACCEPT OK",
                       "eni-db-primary egress 10.0.20.10 10.0.10.10 ACCEPT OK",
                   });
}

TEST_CASE("vpcsim run --trace - --trace-format jsonl: one JSON object per line") {
  const auto r = run_vpcsim({"run", kThreeTier, "--trace", "-", "--trace-format", "jsonl", "-q"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());  // -q: no summary
  std::set<std::string> types;
  std::size_t flows = 0;
  for (const auto& line : lines_of(r.out)) {
    CAPTURE(line);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(line));
    types.insert(j.at("type").get<std::string>());
    if (j.at("type") == "flow") ++flows;
  }
  CHECK(types == std::set<std::string>{"packet", "flow"});
  CHECK(flows == 5);
}

TEST_CASE("vpcsim run: same seed, same output; --seed changes the ports") {
  const auto a = run_vpcsim({"run", kThreeTier, "--flow-log", "-", "--no-nodata", "-q"});
  const auto b = run_vpcsim({"run", kThreeTier, "--flow-log", "-", "--no-nodata", "-q"});
  const auto c =
      run_vpcsim({"run", kThreeTier, "--flow-log", "-", "--no-nodata", "-q", "--seed", "8"});
  CHECK(a.exit_code == 0);
  CHECK_FALSE(a.out.empty());
  CHECK(a.out == b.out);
  CHECK(c.exit_code == 0);
  CHECK(a.out != c.out);
  CHECK(lines_of(a.out).size() == lines_of(c.out).size());
}

TEST_CASE("vpcsim run --until: the run stops there and says what was still running") {
  // alb-to-db retries its SYN until 127.3 s; at 10 s it is still trying.
  const auto r = run_vpcsim({"run", kThreeTier, "--until", "10s"});
  CHECK(r.exit_code == 0);
  CAPTURE(r.out);
  CHECK(r.out.starts_with(
      "scenario three-tier: 5 flows, 5 conversations, simulated time 0s to 10s\n"));
  CHECK(contains(summary_row(r.out, "alb-to-db"), "1 unfinished"));
  CHECK(contains(summary_row(r.out, "client-to-alb"), "established"));
}

TEST_CASE("vpcsim run: bad options and files exit 2 with a clear message") {
  SUBCASE("--format") {
    const auto r = run_vpcsim({"run", kThreeTier, "--format", "${version} ${srcadr}"});
    CHECK(r.exit_code == 2);
    CHECK(
        contains(r.err, "--format: unknown flow-log field \"srcadr\"; did you mean \"srcaddr\"?"));
    CHECK(r.out.empty());
  }
  SUBCASE("--eni") {
    const auto r = run_vpcsim({"run", kThreeTier, "--eni", "eni-db-primray"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--eni: no network interface \"eni-db-primray\""));
    CHECK(contains(r.err, "did you mean \"eni-db-primary\"?"));
  }
  SUBCASE("--until") {
    const auto r = run_vpcsim({"run", kThreeTier, "--until", "soon"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--until: \"soon\" is not a time"));
  }
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
  SUBCASE("--aggregation other than 60 or 600") {
    const auto r = run_vpcsim({"run", kThreeTier, "--aggregation", "30"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--aggregation"));
  }
  SUBCASE("--trace-format") {
    CHECK(run_vpcsim({"run", kThreeTier, "--trace", "-", "--trace-format", "xml"}).exit_code == 2);
  }
  SUBCASE("a missing scenario file") {
    const auto missing = kSource + "/tests/fixtures/does-not-exist.json";
    const auto r = run_vpcsim({"run", missing});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, missing + ": cannot open file"));
  }
  SUBCASE("an invalid scenario") {
    const auto bad = kSource + "/tests/fixtures/bad-input/validation/subnet-overlap.json";
    const auto r = run_vpcsim({"run", bad});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, bad + ": "));
  }
  SUBCASE("an unwritable flow-log file") {
    const auto r = run_vpcsim({"run", kThreeTier, "--flow-log", kSource + "/no-such-dir/flow.log"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "cannot write"));
  }
  SUBCASE("a timeline change AWS would refuse") {
    const vpcsim::test::TempDir dir;
    const auto file =
        dir.write("scenario.json", vpcsim::test::scenario_json(vpcsim::test::kNat, "[]", R"([
        {"at": "1s", "action": "delete_nat_gateway", "nat_gateway": "nat-a"},
        {"at": "2s", "action": "delete_nat_gateway", "nat_gateway": "nat-a"}])"));
    const auto r = run_vpcsim({"run", file.string()});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, file.string() + ": /timeline/1: delete_nat_gateway"));
    CHECK(contains(r.err, "nat-a is already deleted"));
    CHECK(contains(r.out, "timeline: 1 change applied"));
  }
}

TEST_CASE("vpcsim run --help documents every option") {
  const auto r = run_vpcsim({"run", "--help"});
  CHECK(r.exit_code == 0);
  for (const char* option :
       {"SCENARIO", "--flow-log", "--format", "--aggregation", "--eni", "--header", "--no-nodata",
        "--trace", "--trace-format", "--seed", "--until", "--quiet"}) {
    CAPTURE(option);
    CHECK(contains(r.out, option));
  }
  CHECK(contains(r.out, "stderr when --flow-log or --trace writes to stdout"));
  CHECK(contains(run_vpcsim({"--help"}).out, "run"));
}

TEST_CASE("vpcsim run notes what it did that is unusual but not wrong, and exits 0") {
  SUBCASE("an idle gap longer than the NODATA cap: counted, not written") {
    // Traffic only after ten simulated years once wrote 2.2 GB of NODATA records.
    const vpcsim::test::TempDir dir;
    const auto file =
        dir.write("scenario.json", vpcsim::test::scenario_json(vpcsim::test::kNat, R"([
          {"name": "late", "from": "priv", "to": "internet", "protocol": "tcp", "port": 443,
           "start": "87600h"}])"));
    const auto r = run_vpcsim({"run", file.string(), "--flow-log", "-"});
    CHECK(r.exit_code == 0);
    CHECK(lines_of(r.out).size() < 3 * 1440 + 20);
    CHECK(contains(r.err, file.string() + ": note: "));
    CHECK(contains(r.err, "idle windows of eni-"));
    CHECK(contains(r.err,
                   "not written as NODATA records (each idle gap gets at most 1440 "
                   "windows of 60 s)"));
  }
  SUBCASE("more open conversations than the client has ephemeral ports") {
    std::string design = vpcsim::test::kNat;
    const std::string priv = R"("private_ip": "10.0.1.5")";
    design.replace(design.find(priv), priv.size(), priv + R"(, "ephemeral_ports": "40000-40001")");
    const vpcsim::test::TempDir dir;
    const auto file = dir.write("scenario.json", vpcsim::test::scenario_json(design, R"([
          {"name": "many", "from": "priv", "to": "internet:203.0.113.7", "protocol": "tcp",
           "port": 443, "repeat": 3, "every": "1ms", "close": "none"}])"));
    const auto r = run_vpcsim({"run", file.string()});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, file.string() +
                              ": note: 1 conversation from 10.0.1.5 to 203.0.113.7:443 (tcp) "
                              "reused a five-tuple still open: the client's ephemeral port range "
                              "(40000-40001) holds 2 values"));
  }
}

TEST_CASE("vpcsim run: one file named by --flow-log and --trace is refused") {
  const vpcsim::test::TempDir dir;
  const auto file = dir.file("out.txt").string();
  const auto base = dir.file("out.txt").parent_path();
  const auto same = (base / ".." / base.filename() / "out.txt").string();  // spelt otherwise
  const auto r = run_vpcsim({"run", kThreeTier, "--flow-log", file, "--trace", same});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "vpcsim: --flow-log and --trace name the same file"));
  CHECK_FALSE(std::filesystem::exists(file));
  const auto f = run_vpcsim({"run", kThreeTier, "--flow-log", "/dev/full"});
  CHECK(f.exit_code == 2);
  CHECK(contains(f.err, "vpcsim: cannot write /dev/full: No space left on device"));
}

TEST_CASE("vpcsim run: --seed -1 and an empty --format are refused, not taken as something else") {
  // -1 wrapped to 2^64 - 1; "" silently meant the default format.
  auto r = run_vpcsim({"run", kThreeTier, "--seed", "-1"});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "\"-1\" is not valid; expected a seed from 0 to 18446744073709551615"));
  r = run_vpcsim({"run", kThreeTier, "--flow-log", "-", "--format", ""});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "an empty format; leave --format out for the default"));
  CHECK(run_vpcsim({"run", kThreeTier, "--seed", "18446744073709551615", "-q"}).exit_code == 0);
}
