// ConnTrack: connections closed or idle past their timeout
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html)
// leave the table, so it holds live connections, not the run's history.
#include "sim/path/conn_track.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include "tests/sim/path/path_fixture.h"
#include "tests/topology/net/colliding_tuples.h"

using namespace vpcsim;

TEST_CASE("conntrack: closed connections are swept out as new ones arrive") {
  path::ConnTrack ct;
  const model::ConnTrackTimeouts timeouts;
  const model::EniIndex eni(0);
  // 100,000 short connections, one every 10 ms, each reset right away: closed TCP entries
  // are kept 10 s, so about 1,000 are live at any time.
  for (std::uint32_t i = 0; i < 100'000; ++i) {
    const auto now = net::SimTime(std::chrono::milliseconds(10)) * i;
    auto syn = test::tcp("203.0.113.5", static_cast<std::uint16_t>(1024 + i % 60000), "10.0.0.10",
                         443, path::tcp::kSyn);
    syn.tuple.src = net::IpAddress::v4(0xCB007100u + i / 60000);
    ct.track(eni, syn, now, timeouts);
    auto rst = syn;
    rst.tcp_flags = path::tcp::kRst;
    CHECK(ct.admit(eni, rst, now, timeouts));
  }
  CHECK(ct.size() < 4'000);  // not 100,000
  // A live one is still found.
  const auto last =
      test::tcp("203.0.113.5", 1024 + 99'999 % 60000, "10.0.0.10", 443, path::tcp::kAck);
  auto probe = last;
  probe.tuple.src = net::IpAddress::v4(0xCB007100u + 99'999 / 60000);
  CHECK(ct.admit(
      eni, probe,
      net::SimTime(std::chrono::milliseconds(10)) * 99'999 + net::SimTime(std::chrono::seconds(1)),
      timeouts));
}

TEST_CASE("conntrack: a capture computed to collide costs what a normal one does") {
  // Once: 70,000 such SYNs put every connection in one bucket; insertion went quadratic and
  // the table gave up (exit 3 after 17 s). Same size, same run, interleaved, best of three.
  const model::ConnTrackTimeouts timeouts;
  const auto colliding = test::colliding_tuples(70'000);
  std::vector<net::FiveTuple> normal;
  std::mt19937_64 rng(3);
  for (std::size_t i = 0; i < colliding.size(); ++i) {
    normal.push_back({net::IpAddress::v6(0x20010db800000000ull, rng()),
                      net::IpAddress::v6(0x20010db800010000ull, rng()), 40000, 443, 6});
  }
  const auto time_of = [&](const std::vector<net::FiveTuple>& tuples) {
    path::ConnTrack ct;
    path::Packet syn;
    syn.tcp_flags = path::tcp::kSyn;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& t : tuples) {
      syn.tuple = t;
      ct.track(model::EniIndex(0), syn, net::SimTime(), timeouts);
    }
    CHECK(ct.size() == tuples.size());
    return std::chrono::steady_clock::now() - start;
  };
  auto best_colliding = std::chrono::steady_clock::duration::max(), best_normal = best_colliding;
  for (int round = 0; round < 3; ++round) {
    best_colliding = std::min(best_colliding, time_of(colliding));
    best_normal = std::min(best_normal, time_of(normal));
  }
  // Quadratic would be thousands of times slower; a noisy machine, a few times at most.
  CHECK(best_colliding < 5 * best_normal + std::chrono::milliseconds(20));
}
