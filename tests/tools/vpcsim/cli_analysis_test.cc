// reach, matrix, diff on the command line: answers, explanations, exit codes 0/1/2.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/tools/vpcsim/cli_fixture.h"

using vpcsim::test::run_vpcsim;

namespace {
const std::string kThreeTier = VPCSIM_SOURCE_DIR "/scenarios/three-tier";
bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("vpcsim reach: reachable with the path both ways (exit 0), blocked with the rule (1)") {
  const auto ok =
      run_vpcsim({"reach", kThreeTier, "--from", "app-1", "--to", "db-primary", "--port", "3306"});
  CHECK(ok.exit_code == 0);
  CHECK(has(ok.out, "reachable: app-1 (eni-0app1, 10.0.10.10) → db-primary"));
  CHECK(has(ok.out, "request 10.0.10.10:"));
  CHECK(has(ok.out, "acl-db out: ALLOW by #100"));  // the reply's NACL hop is shown
  const auto no =
      run_vpcsim({"reach", kThreeTier, "--from", "alb-a", "--to", "db-primary", "--port", "3306"});
  CHECK(no.exit_code == 1);
  CHECK(has(no.out, "unreachable: alb-a"));
  CHECK(has(no.out, "blocked on the request by sg-alb (ENI_SG_RULES_MISMATCH"));
  CHECK(has(no.out, "no outbound rule of sg-alb allows tcp 3306"));
  const auto json = run_vpcsim(
      {"reach", kThreeTier, "--from", "alb-a", "--to", "db-primary", "--port", "3306", "--json"});
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["answer"] == "unreachable");
  CHECK(j["blocked"]["code"] == "ENI_SG_RULES_MISMATCH");
  CHECK(j["blocked"]["leg"] == "request");
}

TEST_CASE("vpcsim reach without --port: the port space") {
  const auto r = run_vpcsim({"reach", kThreeTier, "--from", "internet", "--to", "alb-a"});
  CHECK(r.exit_code == 0);
  // The ALB's group admits 80 and 443 from 0.0.0.0/0: every public source, said so once.
  CHECK(has(r.out,
            "internet (every public source) → alb-a (eni-alb-a, 198.51.100.10): tcp 80, "
            "tcp 443; udp none; icmp none\n"));
}

TEST_CASE("vpcsim reach: unknown and ambiguous endpoints, bad protocol: exit 2 with the reason") {
  const auto unknown = run_vpcsim({"reach", kThreeTier, "--from", "app-3", "--to", "db-primary"});
  CHECK(unknown.exit_code == 2);
  CHECK(has(unknown.err, "--from"));
  CHECK(has(unknown.err, "app-1"));  // the nearest names are suggested
  const auto proto = run_vpcsim(
      {"reach", kThreeTier, "--from", "app-1", "--to", "db-primary", "--protocol", "tcpp"});
  CHECK(proto.exit_code == 2);
  CHECK(has(proto.err, "not a protocol"));
}

TEST_CASE("vpcsim matrix: csv and json agree with reach") {
  const auto csv = run_vpcsim({"matrix", kThreeTier, "--port", "3306", "--format", "csv"});
  CHECK(csv.exit_code == 0);
  CHECK(has(csv.out, "app-1,sg,sg,✓,·,sg\n"));
  const auto json = run_vpcsim({"matrix", kThreeTier, "--port", "3306", "--format", "json"});
  const auto j = nlohmann::json::parse(json.out);
  int reachable = 0;
  for (const auto& c : j["cells"])
    reachable += c["reachable"].get<bool>() ? 1 : 0;
  CHECK(reachable == 2);
}

TEST_CASE("vpcsim diff: the same design twice is no change (exit 0)") {
  const auto r = run_vpcsim({"diff", kThreeTier, kThreeTier});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "no reachability changes"));
}

TEST_CASE("reach, matrix and diff read only the topology: a broken traffic section is not theirs") {
  // three-tier with a flow whose client names no endpoint: `run` and `validate` refuse it,
  // the questions about the design answer as for three-tier itself.
  auto text = vpcsim::test::read_text(kThreeTier + std::string("/scenario.json"));
  const std::string from = R"("from": "alb-a",                "to": "app-1")";
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), R"("from": "alb-z",                "to": "app-1")");
  const auto file = std::filesystem::temp_directory_path() / "vpcsim-broken-traffic.json";
  {
    std::ofstream out(file);
    out << text;
  }
  const auto validate = run_vpcsim({"validate", file.string()});
  CHECK(validate.exit_code == 2);
  CHECK(has(validate.err, "/traffic/flows/1/from: unknown endpoint \"alb-z\""));
  const auto reach = run_vpcsim(
      {"reach", file.string(), "--from", "app-1", "--to", "db-primary", "--port", "3306"});
  CHECK(reach.exit_code == 0);
  CHECK(has(reach.out, "reachable: app-1"));
  CHECK(run_vpcsim({"matrix", file.string(), "--port", "3306"}).exit_code == 0);
  CHECK(run_vpcsim({"diff", kThreeTier, file.string(), "--port", "3306"}).exit_code == 0);
  std::filesystem::remove(file);
}

TEST_CASE("vpcsim reach and matrix: --port with a protocol that has none is refused") {
  // It was silently ignored: "--protocol icmp --port 80" answered about ICMP echo.
  const auto r = run_vpcsim({"reach", kThreeTier, "--from", "app-1", "--to", "db-primary",
                             "--protocol", "icmp", "--port", "80"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "vpcsim: --port: icmp has no ports; leave --port out"));
  const auto m = run_vpcsim({"matrix", kThreeTier, "--protocol", "icmp", "--port", "80"});
  CHECK(m.exit_code == 2);
  CHECK(has(m.err, "vpcsim: --port: icmp has no ports"));
}

TEST_CASE("vpcsim reach --from internet: every public source, reported by range") {
  // A design whose only opening is 443 from one /24: "internet" is reachable from that /24,
  // which a single internet host (203.0.113.5) would have missed.
  const vpcsim::test::TempDir dir;
  const auto file = dir.write("scenario.json", R"({"topology": {
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
    "subnets": [{"id": "subnet-web", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub"}],
    "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
    "security_groups": [{"id": "sg-web", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 443, "cidr": "198.51.100.0/24"}]}],
    "instances": [{"id": "i-web", "name": "web", "subnet": "subnet-web", "private_ip": "10.0.1.10", "public_ip": "192.0.2.10", "security_groups": ["sg-web"]}]}})");
  const auto r =
      run_vpcsim({"reach", file.string(), "--from", "internet", "--to", "web", "--port", "443"});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "reachable: internet from 198.51.100.0/24 → web"));
  CHECK(has(r.out, "request 198.51.100.0:"));
  const auto j = nlohmann::json::parse(run_vpcsim({"reach", file.string(), "--from", "internet",
                                                   "--to", "web", "--port", "443", "--json"})
                                           .out);
  CHECK(j["answer"] == "reachable");
  CHECK(j["internet_sources"] == nlohmann::json::array({"198.51.100.0/24"}));
  // One named host is still one host.
  const auto one = run_vpcsim(
      {"reach", file.string(), "--from", "internet:203.0.113.5", "--to", "web", "--port", "443"});
  CHECK(one.exit_code == 1);
  const auto none =
      run_vpcsim({"reach", file.string(), "--from", "internet", "--to", "web", "--port", "22"});
  CHECK(none.exit_code == 1);
  CHECK(has(none.out, "unreachable: internet (any public source:"));
}

TEST_CASE("vpcsim reach --from internet without --port: the ports of each source range") {
  // 443 is open to everyone, 22 to one /24 only: the port space from the internet is their
  // union, and each source range is named with its own ports. A single internet host
  // (203.0.113.5) would never have shown 22
  // (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
  const vpcsim::test::TempDir dir;
  const auto file = dir.write("scenario.json", R"({"topology": {
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
    "subnets": [{"id": "subnet-web", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub"}],
    "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
    "security_groups": [{"id": "sg-web", "vpc": "vpc-a", "inbound": [
      {"protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0"},
      {"protocol": "tcp", "ports": 22, "cidr": "198.51.100.0/24"}]}],
    "instances": [{"id": "i-web", "name": "web", "subnet": "subnet-web", "private_ip": "10.0.1.10", "public_ip": "192.0.2.10", "security_groups": ["sg-web"]}]}})");
  const auto r = run_vpcsim({"reach", file.string(), "--from", "internet", "--to", "web"});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out,
            "address ranges checked) → web (eni-web, 192.0.2.10): tcp 22, tcp 443; udp "
            "none; icmp none\n"));
  CHECK(has(r.out, "\n  from 198.51.100.0/24: tcp 22, tcp 443; udp none; icmp none\n"));
  CHECK(has(r.out, "\n  from every other public source: tcp 443; udp none; icmp none\n"));
  const auto j = nlohmann::json::parse(
      run_vpcsim({"reach", file.string(), "--from", "internet", "--to", "web", "--json"}).out);
  CHECK(j["answer"] == "reachable");
  CHECK(j["tcp"] == nlohmann::json::parse("[[22, 22], [443, 443]]"));
  REQUIRE(j["internet_sources"].size() == 2);
  CHECK(j["internet_sources"][1]["from"] == nlohmann::json::array({"198.51.100.0/24"}));
  CHECK(j["internet_sources"][1]["tcp"] == nlohmann::json::parse("[[22, 22], [443, 443]]"));
  CHECK(j["internet_sources"][0]["tcp"] == nlohmann::json::parse("[[443, 443]]"));
}
