// A NAT gateway's replies over paths other than the internet gateway: "Instances in private
// subnets can connect to other VPCs or your on-premises network through a private NAT gateway"
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html). The reply comes
// back to the gateway's private IP over a local route or a peering and is translated back.
#include <doctest/doctest.h>

#include <string>

#include "sim/engine/simulation.h"
#include "sim/path/packet_path.h"
#include "tests/sim/path/nat_fixture.h"
#include "tests/sim/path/path_fixture.h"
#include "topology/load/scenario_loader.h"

using namespace vpcsim;
using path::DropReason;
namespace tcpf = path::tcp;

namespace {

const std::string kPrivateNat = test::nat_fixture::private_nat_design();

}  // namespace

TEST_CASE("private NAT gateway: the reply over a peering is translated back to the instance") {
  test::Paths w(kPrivateNat);
  const auto& t = w.t();
  auto& pp = w.path;
  const auto syn = pp.from_eni(test::eni(t, "app"),
                               test::tcp("10.0.1.5", 40000, "10.1.1.5", 22, tcpf::kSyn), {});
  REQUIRE(syn.delivered);
  CHECK(syn.destination == test::eni(t, "b"));
  // B sees the NAT gateway's private IP and a port it picked.
  CHECK(syn.delivered_packet.tuple.src.to_string() == "10.0.0.50");
  const auto nat_port = syn.delivered_packet.tuple.src_port;
  const auto synack =
      pp.from_eni(test::eni(t, "b"),
                  test::tcp("10.1.1.5", 22, "10.0.0.50", nat_port, tcpf::kSyn | tcpf::kAck), {});
  REQUIRE(synack.delivered);
  CHECK(synack.destination == test::eni(t, "app"));
  CHECK(synack.delivered_packet.tuple.dst.to_string() == "10.0.1.5");
  CHECK(synack.delivered_packet.tuple.dst_port == 40000);
}

TEST_CASE("private NAT gateway: a conversation through it is established end to end") {
  auto r = load::load_scenario_text(
      R"({"topology": )" + kPrivateNat +
          R"(, "traffic": {"flows": [{"name": "ssh", "from": "app", "to": "b", "protocol": "tcp", "port": 22}]}})",
      "t.json");
  REQUIRE(r.errors.empty());
  engine::Simulation sim(*r.scenario, {r.scenario->seed, net::SimTime::max(), true});
  sim.run();
  REQUIRE(sim.flows().size() == 1);
  CHECK(sim.flows()[0].count(model::FlowOutcome::established) == 1);
}

TEST_CASE("NAT gateway: a packet to its private IP that answers nothing it sent is dropped") {
  test::Paths w(kPrivateNat);
  const auto& t = w.t();
  auto& pp = w.path;
  // B starts a connection to the NAT gateway's address (to a port acl-b lets out): no
  // translation to undo.
  const auto r = pp.from_eni(test::eni(t, "b"),
                             test::tcp("10.1.1.5", 50000, "10.0.0.50", 2000, tcpf::kSyn), {});
  CHECK_FALSE(r.delivered);
  CHECK(r.verdict.reason == DropReason::no_destination);
  CHECK(r.verdict.resource == "nat-p");
}
