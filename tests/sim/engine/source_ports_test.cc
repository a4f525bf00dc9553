// engine::SourcePorts: a new conversation's first 5-tuple, with a source port no open
// conversation to the same destination holds, as a kernel picks one.
#include "sim/engine/source_ports.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <set>
#include <vector>

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

// The choice as SourcePorts made it before it kept bitmaps, written out plainly: 16 draws
// from [lo, hi], then the ports after the last draw in turn, wrapping; the last draw, shared,
// when every port is held. One client; destinations are numbered (`to`).
struct OldRule {
  explicit OldRule(std::size_t destinations) : holders(destinations * 65536) {}

  std::uint16_t open(std::size_t to, std::uint16_t lo, std::uint16_t hi, core::Rng& rng) {
    const auto held = [&](std::uint64_t port) { return holders[to * 65536 + port] != 0; };
    std::uint64_t port = 0;
    const auto chosen = [&](std::uint64_t p) {
      if (holders[to * 65536 + p]++ == 0) ++distinct;
      return static_cast<std::uint16_t>(p);
    };
    for (int attempt = 0; attempt < 16; ++attempt) {
      port = rng.between(lo, hi);
      if (!held(port)) return chosen(port);
    }
    const std::uint64_t span = std::uint64_t{hi} - lo + 1;
    // The old probe, unless every port of the range is held (then it finds none): this
    // short cut keeps the 100,000-conversation test quick; it is exact when the client holds
    // no port outside [lo, hi] and has one destination (`distinct` counts all of them).
    if (!(skip_futile_probe && distinct == span)) {
      const std::uint64_t first = port - lo;
      for (std::uint64_t k = 1; k < span; ++k) {
        const std::uint64_t p = lo + (first + k) % span;
        if (!held(p)) return chosen(p);
      }
    }
    ++shared;
    return chosen(port);
  }
  void release(std::size_t to, std::uint16_t port) {
    if (--holders[to * 65536 + port] == 0) --distinct;
  }

  std::vector<std::uint32_t> holders;  // by destination and port: open conversations
  std::uint64_t distinct = 0;          // ports held, all destinations
  std::uint64_t shared = 0;            // conversations that got a held port
  bool skip_futile_probe = false;
};

// `web` with one more instance, app, whose ephemeral range is 50000-50299 (300 ports).
std::string with_app() {
  return test::with_instance(
      test::kWeb443,
      R"({"id": "i-app", "name": "app", "subnet": "subnet-web", "private_ip": "10.0.1.20", )"
      R"("security_groups": ["sg-web"], "ephemeral_ports": "50000-50299"})");
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

TEST_CASE(
    "source ports: 100,000 conversations to one destination: the old choices, in bounded "
    "work") {
  // The range (32768-60999, 28,232 ports) is used up after 28,232; every conversation after
  // that shares a 5-tuple. The old search probed the whole range for each of them (about
  // 2 * 10^9 look-ups in all); now each open reads at most 16 tuples and ~36 bitmap words.
  const auto sc = test::load(test::kWeb443);
  const auto& t = *sc.topology;
  const auto f = to_web(t, net::Protocol::kTcp);
  constexpr std::uint64_t kConversations = 100'000;
  constexpr std::uint64_t kRange = 60999 - 32768 + 1;
  engine::SourcePorts ports;
  OldRule old(1);
  old.skip_futile_probe = true;
  core::Rng rng(3), old_rng(3);
  std::uint64_t differ = 0;
  std::vector<net::FiveTuple> opened;
  for (std::uint64_t i = 0; i < kConversations; ++i) {
    const auto tuple = ports.open(t, f, rng);
    if (tuple.src_port != old.open(0, 32768, 60999, old_rng)) ++differ;
    opened.push_back(tuple);
  }
  CHECK(differ == 0);
  CHECK(rng.next() == old_rng.next());  // the same draws, so the rest of a run is unchanged
  CHECK(ports.probes() <= kConversations * (16 + 40));

  // The conversations beyond the range's size share: observable, for a warning.
  CHECK(old.shared == kConversations - kRange);
  REQUIRE(ports.shared().size() == 1);
  const auto& s = ports.shared().front();
  CHECK(s.conversations == kConversations - kRange);
  CHECK(s.range == net::PortRange(32768, 60999));
  CHECK(s.to.src == model::Endpoint::default_internet_host());
  CHECK(s.to.dst == *net::IpAddress::parse("198.51.100.10"));
  CHECK(s.to.dst_port == 443);
  CHECK(s.to.src_port == 0);
  CHECK(s.to.protocol == net::Protocol::kTcp);

  // All released, the ports are free again: the next one is the first draw, unshared.
  for (const auto& tuple : opened)
    ports.release(tuple);
  for (const auto& tuple : opened)
    old.release(0, tuple.src_port);
  CHECK(ports.open(t, f, rng).src_port == old.open(0, 32768, 60999, old_rng));
  CHECK(ports.shared().front().conversations == kConversations - kRange);
}

TEST_CASE("source ports: opens and releases in any order choose as the old rule did") {
  // Two destinations (web:443 and web:8443) from app, whose range has 300 ports; the number
  // open to each rises past the range and falls to none several times, so the held ports go
  // from list to bitmap and back and the range is exhausted and freed again.
  const auto sc = test::load(with_app());
  const auto& t = *sc.topology;
  std::vector<model::FlowSpec> flows(2);
  for (std::size_t d = 0; d < 2; ++d) {
    flows[d].from.eni = test::eni(t, "app");
    flows[d].to.eni = test::eni(t, "web");
    flows[d].protocol = net::Protocol::tcp();
    flows[d].port = d == 0 ? 443 : 8443;
  }
  engine::SourcePorts ports;
  OldRule old(2);
  core::Rng rng(11), old_rng(11), ops(5);
  std::vector<std::vector<net::FiveTuple>> open(2);
  std::uint64_t opens = 0, differ = 0;
  for (int phase = 0; phase < 12; ++phase) {
    // Mostly opens (up to 420 open to one destination), then mostly releases (down to none).
    const bool filling = phase % 2 == 0;
    for (int step = 0; step < 1500; ++step) {
      const std::size_t d = ops.below(2);
      auto& held = open[d];
      const bool opening = held.empty() || (held.size() < 420 && ops.below(10) < (filling ? 8 : 2));
      if (opening) {
        const auto tuple = ports.open(t, flows[d], rng);
        if (tuple.src_port != old.open(d, 50000, 50299, old_rng)) ++differ;
        held.push_back(tuple);
        ++opens;
      } else {
        const auto at = ops.below(held.size());
        ports.release(held[at]);
        old.release(d, held[at].src_port);
        held[at] = held.back();
        held.pop_back();
      }
    }
    if (!filling) {
      for (std::size_t d = 0; d < 2; ++d) {
        for (const auto& tuple : open[d]) {
          ports.release(tuple);
          old.release(d, tuple.src_port);
        }
        open[d].clear();
      }
    }
  }
  CHECK(differ == 0);
  CHECK(old.shared > 0);  // the ranges were exhausted
  std::uint64_t shared = 0;
  for (const auto& s : ports.shared()) {
    CHECK(s.range == net::PortRange(50000, 50299));
    shared += s.conversations;
  }
  CHECK(ports.shared().size() == 2);
  CHECK(shared == old.shared);
  CHECK(ports.probes() <= opens * (16 + 65));
}
