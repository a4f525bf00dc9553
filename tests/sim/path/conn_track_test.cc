// ConnTrack: connections closed or idle past their timeout
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html)
// leave the table, so it holds live connections, not the run's history.
#include "sim/path/conn_track.h"

#include <doctest/doctest.h>

#include "tests/sim/path/path_fixture.h"

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
