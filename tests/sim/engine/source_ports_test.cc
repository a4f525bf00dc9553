// engine::SourcePorts: a new conversation's first 5-tuple, with a source port no open
// conversation to the same destination holds, as a kernel picks one.
#include "sim/engine/source_ports.h"

#include <doctest/doctest.h>

#include <set>

#include "tests/sim/engine/engine_fixture.h"
#include "tests/sim/path/path_fixture.h"
#include "topology/net/protocol.h"

using namespace vpcsim;

namespace {

// An internet client of web's port 443.
model::FlowSpec to_web(const model::Topology& t, std::int16_t protocol) {
  model::FlowSpec f;
  f.to.eni = test::eni(t, "web");
  f.protocol = net::Protocol(protocol);
  f.port = 443;
  return f;
}

}  // namespace

TEST_CASE("source ports: open conversations to one destination hold different ports") {
  // An internet host draws from Linux's ephemeral range
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
  const auto sc = test::load(test::kWeb443);
  const auto& t = *sc.topology;
  const auto f = to_web(t, net::Protocol::kTcp);
  engine::SourcePorts ports;
  core::Rng rng(1);
  std::set<std::uint16_t> seen;
  for (int i = 0; i < 200; ++i) {
    const auto tuple = ports.open(t, f, rng);
    CHECK(tuple.protocol == net::Protocol::kTcp);
    CHECK(tuple.src == model::Endpoint::default_internet_host());
    CHECK(tuple.dst == *net::IpAddress::parse("198.51.100.10"));  // web's public IP
    CHECK(tuple.dst_port == 443);
    CHECK(tuple.src_port >= 32768);
    CHECK(tuple.src_port <= 60999);
    seen.insert(tuple.src_port);
  }
  CHECK(seen.size() == 200);
}

TEST_CASE("source ports: the same seed draws the same ports") {
  const auto sc = test::load(test::kWeb443);
  const auto& t = *sc.topology;
  const auto f = to_web(t, net::Protocol::kUdp);
  engine::SourcePorts a, b;
  core::Rng ra(7), rb(7);
  for (int i = 0; i < 20; ++i) {
    const auto x = a.open(t, f, ra);
    const auto y = b.open(t, f, rb);
    CHECK(x.src_port == y.src_port);
    if (i % 2 == 0) {
      a.release(x);
      b.release(y);
    }
  }
}

TEST_CASE("source ports: a flow that names its source port gets it, even when it is held") {
  const auto sc = test::load(test::kWeb443);
  const auto& t = *sc.topology;
  auto f = to_web(t, net::Protocol::kTcp);
  f.source_port = 50123;
  engine::SourcePorts ports;
  core::Rng rng(1);
  CHECK(ports.open(t, f, rng).src_port == 50123);
  CHECK(ports.open(t, f, rng).src_port == 50123);
}

TEST_CASE("source ports: ICMP echo: the identifier stands in both port fields") {
  const auto sc = test::load(test::kWeb443);
  const auto& t = *sc.topology;
  const auto f = to_web(t, net::Protocol::kIcmp);
  engine::SourcePorts ports;
  core::Rng rng(1);
  const auto first = ports.open(t, f, rng);
  const auto second = ports.open(t, f, rng);
  CHECK(first.src_port == first.dst_port);
  CHECK(second.src_port == second.dst_port);
  CHECK(first.src_port != second.src_port);
}
