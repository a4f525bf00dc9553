// Which internet sources reach a destination: the public IPv4 space cut at every CIDR the
// rules name, one probe per interval. A group open to one /24 is reachable from that /24
// only, not from "the internet" as a single host
// (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
#include "sim/analysis/internet_sources.h"

#include "sim/analysis/matrix.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "tests/sim/path/path_fixture.h"
#include "topology/load/endpoint_resolver.h"

using namespace vpcsim;

namespace {

// A public web server whose group admits 443 from `sg_cidr`; its NACL has `nacl_in` first.
std::string design(const std::string& sg_cidr, const std::string& nacl_in = "") {
  return R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-web", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "route_table": "rtb-pub", "network_acl": "acl-web"}],
  "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-a"}]}],
  "network_acls": [{"id": "acl-web", "vpc": "vpc-a",
    "inbound": [)" +
         nacl_in +
         R"({"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0", "action": "allow"}],
    "outbound": [{"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0", "action": "allow"}]}],
  "security_groups": [{"id": "sg-web", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 443, "cidr": ")" +
         sg_cidr + R"("}]}],
  "instances": [{"id": "i-web", "name": "web", "subnet": "subnet-web", "private_ip": "10.0.1.10", "public_ip": "192.0.2.10", "security_groups": ["sg-web"]}]
})";
}

analysis::InternetSources sources(const std::string& topology, std::uint16_t port = 443) {
  const auto sc = test::load(topology);
  const auto& t = *sc.topology;
  const auto to = load::resolve_endpoint(t, "web").endpoint;
  REQUIRE(to);
  return analysis::internet_sources(t, *to, net::Protocol::tcp(), port);
}

}  // namespace

TEST_CASE("internet sources: a group open to one /24 is reachable from that /24 only") {
  const auto s = sources(design("198.51.100.0/24"));
  CHECK(analysis::prefixes_text(s.reachable) == "198.51.100.0/24");
  REQUIRE(s.example);
  CHECK(s.example->reachable);
  CHECK(s.intervals >= 3);
  // The single default host (203.0.113.5) would have said "unreachable".
  CHECK(sources(design("198.51.100.0/24"), 22).reachable.empty());
}

TEST_CASE("internet sources: a NACL deny carves a range out; private ranges never count") {
  const auto s = sources(design(
      "0.0.0.0/0",
      R"({"rule": 50, "protocol": "all", "cidr": "198.51.100.128/25", "action": "deny"}, )"));
  // Everything public except the denied /25: 0.0.0.0/8, RFC 1918, 100.64/10, loopback,
  // link-local and 224/3 are not internet sources.
  const auto text = analysis::prefixes_text(s.reachable);
  CHECK(text.find("198.51.100.0/25") != std::string::npos);
  CHECK(text.find("198.51.100.128") == std::string::npos);
  CHECK(text.find("10.0.0.0") == std::string::npos);
  CHECK(text.find("192.168.") == std::string::npos);
  CHECK(text.find("1.0.0.0/8") != std::string::npos);  // right after 0.0.0.0/8
  for (const auto& p : s.reachable) {
    CAPTURE(p.network().to_string());
    CHECK_FALSE(is_rfc1918(p.network()));
    CHECK_FALSE(is_rfc6598(p.network()));
  }
}

TEST_CASE("internet sources: none when nothing is open") {
  const auto s = sources(design("198.51.100.0/24"), 8080);
  CHECK(s.reachable.empty());
  CHECK_FALSE(s.example);
  CHECK(analysis::prefixes_text(s.reachable) == "none");
}

TEST_CASE("matrix --internet: the internet row asks every public source") {
  const auto sc = test::load(design("198.51.100.0/24"));
  analysis::MatrixQuery q;
  q.internet = true;
  q.port = 443;
  const auto m = analysis::reach_matrix(*sc.topology, q);
  std::size_t internet = 0, web = 0;
  for (std::size_t i = 0; i < m.labels.size(); ++i) {
    if (m.labels[i] == "internet") internet = i;
    if (m.labels[i] == "web") web = i;
  }
  REQUIRE(m.labels[internet] == "internet");
  REQUIRE(m.labels[web] == "web");
  CHECK(m.cells[internet * m.labels.size() + web].reachable);
  q.port = 22;
  const auto closed = analysis::reach_matrix(*sc.topology, q);
  CHECK_FALSE(closed.cells[internet * closed.labels.size() + web].reachable);
}

TEST_CASE("internet port space: the union of every source range's ports, per range") {
  // 443 from one /24, the NACL denying 198.51.100.128/25: the port space from the internet
  // is tcp 443 from 198.51.100.0/25 only, and the matrix's port-space cell says so too.
  const auto sc = test::load(design(
      "198.51.100.0/24",
      R"({"rule": 50, "protocol": "all", "cidr": "198.51.100.128/25", "action": "deny"}, )"));
  const auto& t = *sc.topology;
  const auto to = load::resolve_endpoint(t, "web").endpoint;
  REQUIRE(to);
  const auto s = analysis::internet_port_space(t, *to);
  REQUIRE(s.by_source.size() == 1);
  CHECK(analysis::prefixes_text(s.by_source[0].from) == "198.51.100.0/25");
  CHECK(analysis::port_space_text(s.any) == "tcp 443; udp none; icmp none");
  CHECK(s.by_source[0].ports == s.any);
  CHECK(s.by_source[0].intervals < s.intervals);
  analysis::MatrixQuery q;
  q.internet = true;
  const auto m = analysis::reach_matrix(t, q);
  const auto& labels = m.labels;
  const auto row = std::find(labels.begin(), labels.end(), "internet") - labels.begin();
  const auto col = std::find(labels.begin(), labels.end(), "web") - labels.begin();
  REQUIRE(row < static_cast<long>(labels.size()));
  REQUIRE(col < static_cast<long>(labels.size()));
  const auto& cell = m.cells[row * labels.size() + col];
  CHECK(cell.reachable);
  CHECK(cell.ports == "tcp 443; udp none; icmp none");
}

TEST_CASE("internet port space: nothing open, no source range") {
  const auto sc = test::load(
      design("198.51.100.0/24",
             R"({"rule": 50, "protocol": "all", "cidr": "0.0.0.0/0", "action": "deny"}, )"));
  const auto to = load::resolve_endpoint(*sc.topology, "web").endpoint;
  REQUIRE(to);
  const auto s = analysis::internet_port_space(*sc.topology, *to);
  CHECK(s.by_source.empty());
  CHECK(s.any.empty());
  CHECK(s.intervals > 0);
}

TEST_CASE("internet sources over IPv6: global unicast cut at the rules' prefixes") {
  const auto sc = test::load(R"({
  "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16", "ipv6_cidr": "2600:1f18:1:200::/56"}],
  "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
  "subnets": [{"id": "subnet-web", "vpc": "vpc-a", "cidr": "10.0.1.0/24", "ipv6_cidr": "2600:1f18:1:200::/64", "route_table": "rtb-pub"}],
  "route_tables": [{"id": "rtb-pub", "vpc": "vpc-a", "routes": [{"destination": "::/0", "target": "igw-a"}]}],
  "security_groups": [{"id": "sg-web", "vpc": "vpc-a", "inbound": [{"protocol": "tcp", "ports": 443, "cidr": "2001:db8:1234::/48"}]}],
  "instances": [{"id": "i-web", "name": "web", "subnet": "subnet-web", "private_ip": "10.0.1.10", "ipv6_addresses": ["2600:1f18:1:200::10"], "security_groups": ["sg-web"]}]
})");
  const auto& t = *sc.topology;
  const auto to = load::resolve_endpoint(t, "2600:1f18:1:200::10").endpoint;
  REQUIRE(to);
  const auto s = analysis::internet_sources(t, *to, net::Protocol::tcp(), 443);
  CHECK(analysis::prefixes_text(s.reachable) == "2001:db8:1234::/48");
}
