#include "topology/load/endpoint_resolver.h"

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "topology/load/scenario_loader.h"

namespace {

using vpcsim::load::endpoint_names;
using vpcsim::load::resolve_endpoint;
using vpcsim::model::Topology;
using vpcsim::net::IpAddress;

// Two VPCs that reuse 10.0.1.10 (fine: private addresses are per VPC); two ALB interfaces
// share the load balancer's id, a network load balancer has one; a NAT gateway; an instance.
const char* kScenario = R"({
  "topology": {
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}, {"id": "vpc-b", "cidr": "10.0.0.0/16"}],
    "internet_gateways": [{"id": "igw-a", "vpc": "vpc-a"}],
    "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24"},
                {"id": "subnet-b", "vpc": "vpc-b", "cidr": "10.0.1.0/24"}],
    "enis": [
      {"id": "eni-alb-1", "name": "alb-1", "subnet": "subnet-a", "private_ip": "10.0.1.21",
       "owner": {"type": "alb", "id": "app/web/123"}},
      {"id": "eni-alb-2", "name": "alb-2", "subnet": "subnet-a", "private_ip": "10.0.1.22",
       "owner": {"type": "alb", "id": "app/web/123"}},
      {"id": "eni-nlb", "subnet": "subnet-a", "private_ip": "10.0.1.23",
       "owner": {"type": "nlb", "id": "net/api/456"}},
      {"id": "eni-b", "name": "other", "subnet": "subnet-b", "private_ip": "10.0.1.10"}
    ],
    "instances": [{"id": "i-0web", "name": "web", "subnet": "subnet-a", "private_ip": "10.0.1.10",
                   "public_ip": "198.51.100.10"}],
    "nat_gateways": [{"id": "nat-a", "name": "natty", "subnet": "subnet-a",
                      "private_ip": "10.0.1.30", "elastic_ip": "198.51.100.20"}]
  }
})";

const Topology& topo() {
  static const auto load = vpcsim::load::load_scenario_text(kScenario, "endpoints.json");
  if (!load.scenario) {
    for (const auto& e : load.errors)
      FAIL(e.to_string());
  }
  return *load.scenario->topology;
}

std::string eni_id_of(const std::string& text) {
  const auto r = resolve_endpoint(topo(), text);
  if (!r.endpoint) return "error: " + r.error;
  if (r.endpoint->is_internet()) return "internet";
  return topo().eni(r.endpoint->eni).id;
}

std::string error_of(const std::string& text) {
  const auto r = resolve_endpoint(topo(), text);
  CHECK_FALSE(r.endpoint.has_value());
  return r.error;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("resolve_endpoint: the internet, with or without an address") {
  const auto r = resolve_endpoint(topo(), "internet");
  REQUIRE(r.endpoint.has_value());
  CHECK(r.endpoint->is_internet());
  CHECK_FALSE(r.endpoint->address.has_value());
  CHECK(r.endpoint->text == "internet");
  const auto h = resolve_endpoint(topo(), "internet:203.0.113.9");
  REQUIRE(h.endpoint.has_value());
  CHECK(h.endpoint->is_internet());
  CHECK(h.endpoint->address == IpAddress::parse("203.0.113.9"));
  CHECK(contains(error_of("internet:nonsense"), "expected \"internet:<address>\""));
  // Internet hosts have public addresses (RFC 1918 / 6598 are not:
  // https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
  CHECK(contains(error_of("internet:10.1.2.3"), "is a private address"));
  CHECK(contains(error_of("internet:100.64.0.1"), "is a private address"));
}

TEST_CASE("resolve_endpoint: interfaces by id, name, owner id, NAT gateway id or name") {
  CHECK(eni_id_of("eni-alb-1") == "eni-alb-1");
  CHECK(eni_id_of("alb-2") == "eni-alb-2");
  CHECK(eni_id_of("web") == "eni-0web");  // an instance's interface
  CHECK(eni_id_of("i-0web") == "eni-0web");
  CHECK(eni_id_of("nat-a") == "eni-nat-a");
  CHECK(eni_id_of("natty") == "eni-nat-a");
  const auto r = resolve_endpoint(topo(), "web");
  CHECK_FALSE(r.endpoint->address.has_value());
  CHECK(r.endpoint->text == "web");
}

TEST_CASE("resolve_endpoint: addresses") {
  CHECK(eni_id_of("10.0.1.21") == "eni-alb-1");
  CHECK(eni_id_of("198.51.100.10") == "eni-0web");   // public IP → its interface
  CHECK(eni_id_of("198.51.100.20") == "eni-nat-a");  // a NAT gateway's Elastic IP
  const auto pub = resolve_endpoint(topo(), "198.51.100.10");
  CHECK(pub.endpoint->address == IpAddress::parse("198.51.100.10"));
  // A public address nobody owns is a host on the internet.
  const auto ext = resolve_endpoint(topo(), "8.8.8.8");
  REQUIRE(ext.endpoint.has_value());
  CHECK(ext.endpoint->is_internet());
  CHECK(ext.endpoint->address == IpAddress::parse("8.8.8.8"));
  CHECK(contains(error_of("10.0.1.99"), "no network interface of the topology owns"));
}

TEST_CASE("resolve_endpoint: ambiguity is an error that lists the candidates") {
  const auto ip = error_of("10.0.1.10");
  CHECK(contains(ip, "is a private IP in more than one VPC"));
  CHECK(contains(ip, "eni-0web (vpc-a)"));
  CHECK(contains(ip, "eni-b (vpc-b)"));
  const auto owner = error_of("app/web/123");
  CHECK(contains(owner, "\"app/web/123\" is ambiguous"));
  CHECK(contains(owner, "eni-alb-1 (alb-1)"));
  CHECK(contains(owner, "eni-alb-2 (alb-2)"));
  // One owner's interfaces (a load balancer's nodes) are offered one by one, for `reach`.
  const auto nodes = resolve_endpoint(topo(), "app/web/123");
  REQUIRE(nodes.nodes.size() == 2);
  CHECK(topo().eni(nodes.nodes[0].eni).id == "eni-alb-1");
  CHECK(topo().eni(nodes.nodes[1].eni).id == "eni-alb-2");
  CHECK(contains(owner, "the 2 interfaces of app/web/123; `vpcsim reach` answers for each"));
  // Interfaces of different owners are not.
  CHECK(resolve_endpoint(topo(), "10.0.1.10").nodes.empty());
}

TEST_CASE("resolve_endpoint: load balancers by name or ARN, as AWS lists them") {
  // describe-load-balancers names a load balancer by LoadBalancerName and LoadBalancerArn
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancer.html);
  // its interfaces' owner id is the ARN's last part.
  CHECK(eni_id_of("api") == "eni-nlb");
  CHECK(eni_id_of("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/api/456") ==
        "eni-nlb");
  CHECK(eni_id_of("web") == "eni-0web");  // a name that is an instance's comes first
  const auto alb =
      error_of("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/123");
  CHECK(contains(alb, "is ambiguous"));
  CHECK(contains(alb, "eni-alb-1 (alb-1)"));
  CHECK(contains(error_of("ap"), "unknown endpoint"));
}

TEST_CASE("resolve_endpoint: unknown names get suggestions, or the list of accepted forms") {
  CHECK(error_of("wbe") == "unknown endpoint \"wbe\"; did you mean \"web\"?");
  const auto far = error_of("qqqqqqqqqqqq");
  CHECK(contains(far, "unknown endpoint \"qqqqqqqqqqqq\"; expected a network interface"));
  CHECK(contains(far, "\"internet:<address>\""));
}

TEST_CASE("endpoint_names: every name, sorted, once") {
  const auto names = endpoint_names(topo());
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  for (const char* n : {"internet", "eni-alb-1", "alb-1", "app/web/123", "i-0web", "web",
                        "eni-0web", "nat-a", "natty", "eni-nat-a", "other"}) {
    CAPTURE(std::string(n));
    CHECK(std::find(names.begin(), names.end(), n) != names.end());
  }
}
