// load_scenario and load_scenario_text: the document as a whole (its structure and types,
// text that is not a document, every problem reported), valid variations the rules must not
// reject, bundled and relative-path scenarios, the invalid fixtures and LoadOptions. Each
// section's validation rules are tabled in the test of the reader that enforces them, on the
// base scenario of scenario_patch.h.
#include "topology/load/scenario_loader.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/topology/load/scenario_patch.h"

using namespace vpcsim::test::scenario_patch;

namespace {

using vpcsim::load::load_scenario;
using vpcsim::load::load_scenario_text;
using vpcsim::load::LoadOptions;

// The rules of the document's structure and types (keys, value types, ids and names),
// one row each.
const std::vector<Row>& structure_rows() {
  static const std::vector<Row> r{
      // --- structure and types ---
      {"unknown key with a suggestion",
       patch({add("/topology/subnets/0/cidr_block", R"("10.0.0.0/24")")}),
       "/topology/subnets/0/cidr_block", R"(unknown key; did you mean "cidr"?)"},
      {"unknown top-level key", patch({add("/trafic", "{}")}), "/trafic",
       R"(unknown key; did you mean "traffic")"},
      {"unknown topology section", patch({add("/topology/subnet", "[]")}), "/topology/subnet",
       R"(unknown key; did you mean "subnets"?)"},
      {"wrong type: number for a CIDR", patch({replace("/topology/vpcs/0/cidr", "10")}),
       "/topology/vpcs/0/cidr", R"(10 is not valid; expected a CIDR block such as "10.0.0.0/16")"},
      {"wrong type: object for an array", patch({replace("/topology/subnets", "{}")}),
       "/topology/subnets", "{} is not valid; expected an array"},
      {"wrong type: topology is a number", patch({replace("/topology", "5")}), "/topology",
       "expected an object {…}, found an integer 5"},
      {"malformed address", patch({replace("/topology/enis/0/private_ip", R"("10.0.0.300")")}),
       "/topology/enis/0/private_ip",
       R"("10.0.0.300" is not valid; expected an IPv4 or IPv6 address)"},
      {"missing topology", patch({drop("/topology"), drop("/traffic"), drop("/expect")}),
       "/topology", "missing; expected an object with the topology"},
      {"resource without id or name",
       patch({replace("/topology/subnets/1", R"({"vpc": "vpc-main", "cidr": "10.0.1.0/24"})")}),
       "/topology/subnets/1", R"(a subnet needs an "id" (such as "subnet-0a1b2c3d") or a "name")"},
      {"duplicate id",
       patch({add("/topology/subnets/-",
                  R"({"id": "subnet-pub", "vpc": "vpc-main", "cidr": "10.0.2.0/24"})")}),
       "/topology/subnets/2/id",
       R"("subnet-pub" is already the id of the subnet at /topology/subnets/0)"},
      {"duplicate name",
       patch({add("/topology/enis/-",
                  R"({"id": "eni-two", "name": "web", "subnet": "subnet-pub"})")}),
       "/topology/enis/1/name",
       R"("web" is already the name of the network interface at /topology/enis/0)"},
      {"duplicate instance id",
       patch({add("/topology/instances/-", R"({"id": "i-app", "subnet": "subnet-app"})")}),
       "/topology/instances/1/id",
       R"("i-app" is already the id of the instance at /topology/instances/0)"},
      {"duplicate instance id with distinct interface ids",
       patch({add("/topology/instances/0/eni_id", R"("eni-one")"),
              add("/topology/instances/-",
                  R"({"id": "i-app", "eni_id": "eni-two", "subnet": "subnet-app"})")}),
       "/topology/instances/1/id",
       R"("i-app" is already the id of the instance at /topology/instances/0)"},
  };
  return r;
}

std::string fixture_dir() {
  return std::string(VPCSIM_SOURCE_DIR) + "/tests/fixtures/bad-input/validation";
}

}  // namespace

TEST_CASE("the base scenario of the validation table is valid") {
  const auto r = load_scenario_text(kBase, "t.json");
  if (!r.errors.empty()) FAIL("base scenario does not load:", all_errors(r.errors));
  REQUIRE(r.scenario.has_value());
  const auto& t = *r.scenario->topology;
  CHECK(t.vpcs().size() == 1);
  CHECK(t.subnets().size() == 2);
  CHECK(t.enis().size() == 3);  // eni-web, the instance's interface, the NAT gateway's
  CHECK(r.scenario->traffic.flows.size() == 1);
  CHECK(r.scenario->expect.flows.size() == 1);
  CHECK(r.scenario->name == "t");
}

TEST_CASE("structure and type rules: exact JSON pointer and message (table)") {
  check_table(structure_rows());
}

TEST_CASE("scenario text that is not a valid document") {
  struct Raw {
    std::string what;
    std::string text;
    std::string where;
    std::string message;
  };
  for (const auto& c : std::vector<Raw>{
           {"malformed JSON", "{\n  \"topology\": {\n    \"vpcs\": [,]\n  }\n}\n",
            "line 3, column 14", "malformed JSON: syntax error"},
           {"unterminated document", "{\n  \"topology\": {\n", "line 3, column 1",
            "malformed JSON"},
           {"root that is not an object", "[]", "/", "expected an object {…}, found an array []"},
           {"empty object", "{}", "/topology", "missing; expected an object with the topology"},
       }) {
    CAPTURE(c.what);
    check_error(load_scenario_text(c.text, "t.json"), "t.json", c.where, c.message);
  }
}

TEST_CASE("the loader reports every problem of a file, not just the first") {
  const auto text = mutate(patch({replace("/topology/subnets/1/cidr", R"("10.9.0.0/24")"),
                                  replace("/topology/network_acls/0/inbound/0/rule", "0"),
                                  replace("/topology/enis/0/private_ip", R"("10.0.0.1")")}));
  const auto r = load_scenario_text(text, "t.json");
  CHECK_FALSE(r.scenario.has_value());
  std::set<std::string> where;
  for (const auto& e : r.errors)
    where.insert(e.where);
  CHECK(where.count("/topology/subnets/1/cidr") == 1);
  CHECK(where.count("/topology/network_acls/0/inbound/0/rule") == 1);
  CHECK(where.count("/topology/enis/0/private_ip") == 1);
}

TEST_CASE("valid variations the rules must not reject") {
  struct Ok {
    std::string what;
    std::string patch;
  };
  for (
      const auto& c : std::vector<Ok>{
          // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
          {"first and last usable addresses",
           patch({replace("/topology/enis/0/private_ip", R"("10.0.0.4")"),
                  add("/topology/enis/0/secondary_private_ips", R"(["10.0.0.254"])")})},
          // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
          {"rule numbers 1 and 32766",
           patch({replace("/topology/network_acls/0/inbound/0/rule", "1"),
                  replace("/topology/network_acls/0/outbound/0/rule", "32766")})},
          // https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
          {"exactly five security groups",
           patch({add("/topology/security_groups/-", R"({"id": "sg-3", "vpc": "vpc-main"})"),
                  add("/topology/security_groups/-", R"({"id": "sg-4", "vpc": "vpc-main"})"),
                  add("/topology/security_groups/-", R"({"id": "sg-5", "vpc": "vpc-main"})"),
                  replace("/topology/enis/0/security_groups",
                          R"(["sg-web", "sg-app", "sg-3", "sg-4", "sg-5"])")})},
          // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
          {"route to a whole subnet CIDR through a NAT gateway",
           patch({add("/topology/route_tables/0/routes/-",
                      R"({"destination": "10.0.1.0/24", "target": "nat-a"})")})},
          // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
          {"SG reference across an active same-Region peering",
           patch({kOtherVpc, kOtherSg, kPeerOther,
                  replace("/topology/security_groups/1/inbound/0/group", R"("sg-other")")})},
          // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
          {"private NAT gateway without an internet gateway",
           patch({drop("/topology/internet_gateways"),
                  replace("/topology/route_tables/0/routes/0/target", R"("blackhole")"),
                  drop("/topology/nat_gateways/0/elastic_ip"),
                  add("/topology/nat_gateways/0/connectivity", R"("private")")})},
          // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
          {"ICMPv6 NACL entry with an IPv4 CIDR needs no type",
           patch({add(
               "/topology/network_acls/0/inbound/-",
               R"({"rule": 110, "protocol": "icmpv6", "cidr": "0.0.0.0/0", "action": "allow"})")})},
          {"timeline changes that are well formed",
           patch({add(
               "/timeline",
               R"([{"at": "2s", "action": "authorize_sg_rule", "security_group": "sg-app", "direction": "inbound", "rule": {"protocol": "tcp", "ports": 22, "group": "sg-web"}},
                                        {"at": "1s", "action": "replace_nacl_entry", "network_acl": "acl-pub", "direction": "inbound", "entry": {"rule": 120, "protocol": "icmp", "icmp_type": 8, "cidr": "0.0.0.0/0", "action": "allow"}},
                                        {"at": "3s", "action": "delete_nat_gateway", "nat_gateway": "nat-a"}])")})},
          // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
          {"ICMP NACL entry with a type",
           patch({replace(
               "/topology/network_acls/0/inbound/0",
               R"({"rule": 100, "protocol": "icmp", "icmp_type": 3, "icmp_code": 4, "cidr": "0.0.0.0/0", "action": "allow"})")})},
          {"keys starting with $ and comment keys are ignored",
           patch({add("/$expect_error", R"("/x")"), add("/topology/comment", R"("hi")"),
                  add("/topology/subnets/0/$note", "1")})},
      }) {
    CAPTURE(c.what);
    const auto r = load_scenario_text(mutate(c.patch), "t.json");
    if (!r.errors.empty()) FAIL_CHECK(c.what, ":", all_errors(r.errors));
  }
}

TEST_CASE("the bundled three-tier scenario loads") {
  const auto path = std::string(VPCSIM_SOURCE_DIR) + "/scenarios/three-tier/scenario.json";
  const auto r = load_scenario(path);
  if (!r.errors.empty()) FAIL("three-tier does not load:", all_errors(r.errors));
  REQUIRE(r.scenario.has_value());
  const auto& s = *r.scenario;
  CHECK(s.name == "three-tier");
  CHECK(s.seed == 7);
  CHECK(s.file == path);
  const auto& t = *s.topology;
  CHECK(t.vpcs().size() == 1);
  CHECK(t.subnets().size() == 6);
  CHECK(t.nat_gateways().size() == 1);
  CHECK(s.traffic.flows.size() == 5);
  CHECK(s.expect.flows.size() == 5);
  // The DB subnets use the main route table: local routes only.
  const auto db = *t.find_subnet("subnet-db-a");
  const auto& main = t.route_table(t.route_table_of(db));
  CHECK(main.main);
  CHECK(main.routes.size() == 1);
  CHECK(t.lookup_route(t.route_table_of(db), *vpcsim::net::IpAddress::parse("8.8.8.8")) == nullptr);
  // A folder holding scenario.json loads the same scenario.
  const auto dir = load_scenario(std::string(VPCSIM_SOURCE_DIR) + "/scenarios/three-tier");
  CHECK(dir.scenario.has_value());
}

TEST_CASE("a topology given as a relative path loads, and its errors name that file") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "vpcsim_scenario_loader_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "topologies");
  auto doc = base_json();
  const Json topology = doc["topology"];
  doc["topology"] = "topologies/net.json";
  std::ofstream(dir / "scenario.json") << doc.dump(2);
  std::ofstream(dir / "topologies" / "net.json") << "// the topology alone\n" << topology.dump(2);

  const auto ok = load_scenario((dir / "scenario.json").string());
  if (!ok.errors.empty()) FAIL_CHECK("does not load:", all_errors(ok.errors));
  REQUIRE(ok.scenario.has_value());
  CHECK(ok.scenario->topology->subnets().size() == 2);
  CHECK(ok.scenario->traffic.flows.size() == 1);  // flows resolve against the file's topology

  auto broken = topology;
  broken["subnets"][1]["cidr"] = "10.9.0.0/24";
  std::ofstream(dir / "topologies" / "net.json") << broken.dump(2);
  const auto bad = load_scenario((dir / "scenario.json").string());
  // The pointer is relative to the topology file, whose path the error names.
  check_error(bad, (dir / "topologies" / "net.json").string(), "/subnets/1/cidr",
              R"("10.9.0.0/24" is not inside VPC vpc-main 10.0.0.0/16)");

  doc["topology"] = "topologies/missing.json";
  std::ofstream(dir / "scenario.json") << doc.dump(2);
  const auto missing = load_scenario((dir / "scenario.json").string());
  CHECK_FALSE(missing.scenario.has_value());
  REQUIRE_FALSE(missing.errors.empty());
  CHECK(missing.errors[0].file == (dir / "topologies" / "missing.json").string());
  CHECK(missing.errors[0].message.find("cannot open file") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE(
    "every fixture under tests/fixtures/bad-input/validation fails at its $expect_error pointer") {
  namespace fs = std::filesystem;
  int fixtures = 0;
  for (const auto& entry : fs::directory_iterator(fixture_dir())) {
    if (entry.path().extension() != ".json") continue;
    ++fixtures;
    const auto path = entry.path().string();
    CAPTURE(path);
    std::ifstream in(path);
    const auto doc = Json::parse(in, nullptr, true, /*ignore_comments=*/true);
    REQUIRE(doc.contains("$expect_error"));
    const auto r = load_scenario(path);
    check_error(r, path, doc["$expect_error"].get<std::string>(),
                doc.value("$expect_message", std::string()));
  }
  CHECK(fixtures >= 8);
}

// For commands that ask questions of the design alone (reach, matrix): the sections that
// refer to the topology are accepted but not read, so their mistakes do not stop them.
TEST_CASE("LoadOptions: sections turned off are accepted but not read") {
  const auto unknown_endpoint = mutate(patch({replace("/traffic/flows/0/from", R"("wbe")")}));
  LoadOptions no_traffic;
  no_traffic.traffic = false;

  SUBCASE("traffic naming an unknown endpoint loads with traffic off, fails with it on") {
    const auto off = load_scenario_text(unknown_endpoint, "t.json", no_traffic);
    if (!off.errors.empty()) FAIL_CHECK("does not load:", all_errors(off.errors));
    REQUIRE(off.scenario.has_value());
    CHECK(off.scenario->traffic.flows.empty());
    CHECK(off.scenario->topology->subnets().size() == 2);
    // expect stays on: its flow names are not checked against a traffic section not read.
    CHECK(off.scenario->expect.flows.size() == 1);

    check_error(load_scenario_text(unknown_endpoint, "t.json"), "t.json", "/traffic/flows/0/from",
                R"(unknown endpoint "wbe"; did you mean "web"?)");
    check_error(load_scenario_text(unknown_endpoint, "t.json", LoadOptions{}), "t.json",
                "/traffic/flows/0/from", R"(unknown endpoint "wbe")");
  }
  SUBCASE("load_scenario passes the options on, for a file and for a folder") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "vpcsim_scenario_loader_options_test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "scenario.json") << unknown_endpoint;
    const auto file = (dir / "scenario.json").string();
    CHECK(load_scenario(file, no_traffic).scenario.has_value());
    CHECK(load_scenario(dir.string(), LoadOptions::topology_only()).scenario.has_value());
    check_error(load_scenario(file), file, "/traffic/flows/0/from", R"(unknown endpoint "wbe")");
    fs::remove_all(dir);
  }
  SUBCASE("topology_only skips traffic, timeline and expect, and still checks the keys") {
    const auto text = mutate(patch({replace("/traffic/flows/0/from", R"("wbe")"),
                                    add("/timeline", R"([{"at": 1, "action": "nope"}])"),
                                    replace("/expect/flows/0/flow", R"("no-such-flow")")}));
    const auto all = load_scenario_text(text, "t.json");
    CHECK_FALSE(all.scenario.has_value());
    CHECK(all.errors.size() == 3);
    const auto topo = load_scenario_text(text, "t.json", LoadOptions::topology_only());
    if (!topo.errors.empty()) FAIL_CHECK("does not load:", all_errors(topo.errors));
    REQUIRE(topo.scenario.has_value());
    CHECK(topo.scenario->traffic.flows.empty());
    CHECK(topo.scenario->timeline.empty());
    CHECK(topo.scenario->expect.flows.empty());
    // An unknown top-level key is still an error.
    check_error(load_scenario_text(mutate(patch({add("/trafic", "{}")})), "t.json",
                                   LoadOptions::topology_only()),
                "t.json", "/trafic", R"(unknown key; did you mean "traffic")");
  }
  SUBCASE("the topology is read, and its errors reported, whatever the options") {
    const auto r =
        load_scenario_text(mutate(patch({replace("/topology/subnets/1/cidr", R"("10.9.0.0/24")")})),
                           "t.json", LoadOptions::topology_only());
    check_error(r, "t.json", "/topology/subnets/1/cidr",
                R"("10.9.0.0/24" is not inside VPC vpc-main 10.0.0.0/16)");
  }
}

TEST_CASE("an AWS snapshot as the topology: a folder, a file, {\"aws\": …}; warnings kept") {
  const std::string snap = VPCSIM_SOURCE_DIR "/scenarios/aws-snapshot/snapshot";
  // A snapshot folder alone is a scenario holding its topology, with the Region and account
  // of its folders.
  const auto folder = load_scenario(snap);
  REQUIRE(folder.scenario);
  CHECK(folder.scenario->topology->vpcs().size() == 1);
  CHECK(folder.scenario->region == "us-east-1");
  CHECK(folder.scenario->account_id == "111122223333");
  CHECK(folder.warnings.empty());

  // The bundled scenario refers to it, with traffic and expectations.
  const auto sc = load_scenario(VPCSIM_SOURCE_DIR "/scenarios/aws-snapshot");
  REQUIRE(sc.scenario);
  CHECK(sc.scenario->traffic.flows.size() == 3);

  // Not modelled: a warning in ScenarioLoad::warnings; under strict, an error.
  const std::string text = R"({"topology": {"aws": [")" + snap + R"(", "extra.json"]}})";
  const auto dir = std::filesystem::temp_directory_path() / "vpcsim-loader-aws";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "extra.json") << R"({"Unmodelled": []})";
  const auto with_warning = load_scenario_text(text, (dir / "s.json").string());
  REQUIRE(with_warning.scenario);
  REQUIRE(with_warning.warnings.size() == 1);
  CHECK(with_warning.warnings.front().where == "/Unmodelled");
  LoadOptions strict;
  strict.snapshot.strict = true;
  const auto refused = load_scenario_text(text, (dir / "s.json").string(), strict);
  CHECK_FALSE(refused.scenario);
  REQUIRE(refused.errors.size() == 1);
  CHECK(refused.errors.front().where == "/Unmodelled");
  std::filesystem::remove_all(dir);
}
