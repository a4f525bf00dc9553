// vpcsim replay on a capture made here and now, not only on a stored corpus: two network
// namespaces joined by a veth pair, a real TCP exchange and a UDP datagram captured with tcpdump
// (tests/netns/capture.sh), replayed against a design that allows the TCP exchange and one
// whose NACL drops the replies. Skipped with a message where namespaces are not permitted.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/tools/vpcsim/cli_fixture.h"

using vpcsim::test::read_text;
using vpcsim::test::run_vpcsim;

namespace {

const std::string kSource = VPCSIM_SOURCE_DIR;

std::vector<std::string> lines_with(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l.rfind(prefix, 0) == 0) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("replay: a capture from network namespaces, against an allowing and a blocking design") {
  const auto dir = std::filesystem::temp_directory_path() / "vpcsim-netns-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto capture = (dir / "ns.pcap").string();
  const int rc = std::system(
      fmt::format("{}/tests/netns/capture.sh {} 2>{}", kSource, capture, (dir / "err.txt").string())
          .c_str());
  if (WEXITSTATUS(rc) == 77) {
    MESSAGE("skipped: " << read_text(dir / "err.txt"));
    std::filesystem::remove_all(dir);
    return;
  }
  REQUIRE_MESSAGE(rc == 0, read_text(dir / "err.txt"));
  const std::string format =
      "${interface-id} ${flow-direction} ${srcaddr} ${dstaddr} ${dstport} ${action}";
  const std::vector<std::string> map = {"--map", "192.168.77.1=app-1", "--map",
                                        "192.168.77.2=db-primary"};

  // three-tier allows app-1 → db-primary on 3306 (sg-app → sg-db, acl-app/acl-db both ways).
  std::vector<std::string> args = {
      "replay", kSource + "/scenarios/three-tier", capture, "--flow-log", "-", "--format", format};
  args.insert(args.end(), map.begin(), map.end());
  const auto ok = run_vpcsim(args);
  INFO(ok.out << ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK_FALSE(
      lines_with(ok.out, "eni-db-primary ingress 10.0.10.10 10.0.20.10 3306 ACCEPT").empty());
  const auto replies = lines_with(ok.out, "eni-db-primary egress 10.0.20.10 10.0.10.10 ");
  REQUIRE_FALSE(replies.empty());
  for (const auto& l : replies)
    CHECK(l.ends_with(" ACCEPT"));
  // The UDP datagram: sg-app has no UDP outbound rule.
  CHECK_FALSE(lines_with(ok.out, "eni-0app1 egress 10.0.10.10 10.0.20.10 5353 REJECT").empty());

  // The same design with acl-db's outbound rule mirroring 3306: the replies are dropped.
  auto text = read_text(kSource + "/scenarios/three-tier/scenario.json");
  const std::string rule = R"("ports": "32768-65535", "cidr": "10.0.10.0/23")";
  const auto at = text.find(rule);
  REQUIRE(at != std::string::npos);
  text.replace(at, rule.size(), R"("ports": 3306, "cidr": "10.0.10.0/23")");
  const auto blocking = dir / "blocking.json";
  std::ofstream(blocking) << text;
  args[1] = blocking.string();
  const auto no = run_vpcsim(args);
  INFO(no.out << no.err);
  REQUIRE(no.exit_code == 0);
  const auto rejected = lines_with(no.out, "eni-db-primary egress 10.0.20.10 10.0.10.10 ");
  REQUIRE_FALSE(rejected.empty());
  for (const auto& l : rejected)
    CHECK(l.ends_with(" REJECT"));
  CHECK(no.err.find("SUBNET_ACL_RESTRICTION") != std::string::npos);
  std::filesystem::remove_all(dir);
}
