// Reading AWS describe-* snapshots as files: the corpus (Batfish's aws_configs, the
// pybatfish hybrid-cloud example, CloudMapper's account-data) and hand-made folders for
// pages, repeats, layout and what is not read. Output keys are the EC2 API's
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html and siblings).
#include "topology/load/aws/snapshot.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "tests/tools/vpcsim/cli_fixture.h"
#include "topology/load/aws/aws_kind.h"
#include "topology/load/json_source.h"

using namespace vpcsim;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(VPCSIM_SOURCE_DIR) / ".." / "shared" / "corpus";

// Every folder of the corpus that holds an AWS snapshot: the parent of each aws_configs, and
// CloudMapper's account.
std::vector<fs::path> corpus_snapshots() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(kCorpus)) {
    if (e.is_directory() && e.path().filename() == "aws_configs") out.push_back(e.path());
  }
  out.push_back(kCorpus / "cloudmapper-demo");
  std::sort(out.begin(), out.end());
  return out;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

bool has_warning(const load::aws::Snapshot& s, const std::string& file_end,
                 const std::string& pointer, const std::string& text) {
  for (const auto& w : s.warnings) {
    if (w.file.ends_with(file_end) && w.where == pointer &&
        w.message.find(text) != std::string::npos)
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("snapshot corpus: every snapshot reads, and every top-level key is read or reported") {
  REQUIRE_MESSAGE(fs::is_directory(kCorpus), "the corpus is at ../shared/corpus");
  const auto snapshots = corpus_snapshots();
  CHECK(snapshots.size() >= 25);  // 24 Batfish snapshots, hybrid-cloud, CloudMapper
  std::size_t records = 0;
  for (const auto& dir : snapshots) {
    CAPTURE(dir.string());
    const auto s = load::aws::read_snapshot({dir.string()});
    for (const auto& e : s.errors)
      FAIL_CHECK(e.to_string());
    CHECK(!s.files.empty());
    // Nothing silently dropped: each key of each file is a kind with records, or a warning.
    for (const auto& f : s.files) {
      if (!f.doc.is_object()) continue;
      for (const auto& [key, value] : f.doc.items()) {
        const auto kind = load::aws::aws_kind(key);
        const bool read = kind && kind->use != load::aws::KindUse::not_modelled && value.is_array();
        const bool warned = has_warning(s, f.path, "/" + key, "");
        const bool identity = key == "Account" || key == "Arn" || key == "UserId";
        const auto& file_key = f.path + " /" + key;
        CAPTURE(file_key);
        CHECK((read || warned || identity));
        if (read) {
          std::size_t in_file = 0;
          for (const auto& r : s.of(key))
            in_file += r.file == &f;
          CHECK(in_file == value.size());  // the corpus has no repeated ids
        }
      }
    }
    for (const auto& [key, list] : s.records)
      records += list.size();
  }
  CHECK(records > 500);
}

TEST_CASE("snapshot corpus: Region and account from the layout and the caller identity") {
  const auto hybrid = load::aws::read_snapshot({(kCorpus / "pybatfish-hybrid-cloud").string()});
  std::set<std::string> regions;
  for (const auto& r : hybrid.of("Vpcs"))
    regions.insert(r.file->region);
  CHECK(regions == std::set<std::string>{"us-east-2", "us-west-2"});
  const auto cm = load::aws::read_snapshot({(kCorpus / "cloudmapper-demo").string()});
  REQUIRE(cm.count("Vpcs") > 0);
  CHECK(cm.of("Vpcs").front().file->region == "us-east-1");
  // us-east-1/sts-get-caller-identity.json names the account of the files beside it.
  CHECK(cm.of("Vpcs").front().file->account == "123456789012");
  // README.md is not JSON by name: listed as skipped, not read.
  CHECK(std::any_of(cm.skipped.begin(), cm.skipped.end(),
                    [](const std::string& p) { return p.ends_with("README.md"); }));
}

TEST_CASE("snapshot: pages merge; a repeated id is kept once, or is an error if it differs") {
  const test::TempDir dir;
  const auto root = dir.file("snap");
  write(
      root / "111122223333" / "eu-west-1" / "vpcs-page1.json",
      R"({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}, {"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16"}]})");
  write(
      root / "111122223333" / "eu-west-1" / "vpcs-page2.json",
      R"({"Vpcs": [{"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16"}, {"VpcId": "vpc-3", "CidrBlock": "10.2.0.0/16"}]})");
  auto s = load::aws::read_snapshot({root.string()});
  CHECK(s.errors.empty());
  REQUIRE(s.count("Vpcs") == 3);
  CHECK(s.of("Vpcs")[2].pointer == "/Vpcs/1");
  CHECK(s.of("Vpcs")[0].file->region == "eu-west-1");
  CHECK(s.of("Vpcs")[0].file->account == "111122223333");

  write(root / "111122223333" / "eu-west-1" / "vpcs-page3.json",
        R"({"Vpcs": [{"VpcId": "vpc-3", "CidrBlock": "10.9.0.0/16"}]})");
  s = load::aws::read_snapshot({root.string()});
  REQUIRE(s.errors.size() == 1);
  CHECK(s.errors[0].file.ends_with("vpcs-page3.json"));
  CHECK(s.errors[0].where == "/Vpcs/0");
  CHECK(s.errors[0].message.find("vpc-3 is also at ") == 0);
  CHECK(s.errors[0].message.find("vpcs-page2.json: /Vpcs/1 with other contents") !=
        std::string::npos);
}

TEST_CASE("snapshot: a resource seen from two accounts is kept from each side") {
  // A cross-account peering connection is described by both accounts, each with its view
  // (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html).
  const test::TempDir dir;
  const auto root = dir.file("snap");
  write(root / "accounts" / "111122223333" / "us-east-1" / "VpcPeeringConnections.json",
        R"({"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Tags": []}]})");
  write(
      root / "accounts" / "444455556666" / "us-east-1" / "VpcPeeringConnections.json",
      R"({"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Tags": [{"Key": "Name", "Value": "b"}]}]})");
  const auto s = load::aws::read_snapshot({root.string()});
  CHECK(s.errors.empty());
  REQUIRE(s.count("VpcPeeringConnections") == 2);
  CHECK(s.of("VpcPeeringConnections")[0].file->account == "111122223333");
  CHECK(s.of("VpcPeeringConnections")[1].file->account == "444455556666");
}

TEST_CASE("snapshot: what is not read is a warning naming file and pointer") {
  const test::TempDir dir;
  const auto root = dir.file("snap");
  write(
      root / "dump.json",
      R"({"Vpcs": [], "Widgets": [1], "Subnets": {"SubnetId": "subnet-1"}, "AvailabilityZones": [{"ZoneId": "use1-az1"}]})");
  write(root / "list.json", "[1, 2]");
  write(root / "notes.txt", "not json");
  const auto s = load::aws::read_snapshot({root.string()});
  CHECK(s.errors.empty());
  CHECK(has_warning(s, "dump.json", "/Widgets", "unknown key"));
  CHECK(has_warning(s, "dump.json", "/Subnets", "expected a list"));
  CHECK(has_warning(s, "dump.json", "/AvailabilityZones", "1 AvailabilityZones not modelled"));
  CHECK(has_warning(s, "list.json", "", "expected an object of describe-* lists"));
  REQUIRE(s.skipped.size() == 1);
  CHECK(s.skipped[0].ends_with("notes.txt"));
}

TEST_CASE("snapshot: a missing path, an empty folder and malformed JSON are located errors") {
  const test::TempDir dir;
  const auto missing = load::aws::read_snapshot({dir.file("nope").string()});
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0].message.find("cannot read") == 0);
  fs::create_directories(dir.file("empty"));
  const auto empty = load::aws::read_snapshot({dir.file("empty").string()});
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0].message.find("no JSON files") == 0);
  write(dir.file("bad") / "Vpcs.json", "{\"Vpcs\": [}");
  const auto bad = load::aws::read_snapshot({dir.file("bad").string()});
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].where.find("line 1, column") == 0);
}

TEST_CASE("snapshot: Region names") {
  for (const char* ok : {"us-east-1", "us-gov-west-1", "ap-southeast-2", "eu-central-1"})
    CHECK(load::aws::is_region_name(ok));
  for (const char* no : {"aws_configs", "us", "us-east", "-east-1", "us--east-1", "US-EAST-1",
                         "123456789012", "us-east-1a"})
    CHECK_FALSE(load::aws::is_region_name(no));
}
