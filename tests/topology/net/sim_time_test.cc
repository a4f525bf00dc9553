#include "topology/net/sim_time.h"

#include <cstdint>
#include <random>
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

using vpcsim::net::SimTime;
namespace net = vpcsim::net;

namespace {
std::int64_t ns_of(const std::string& text) {
  const auto t = net::parse_sim_time(text);
  REQUIRE_MESSAGE(t.has_value(), "does not parse: ", text);
  return t->count();
}
}  // namespace

TEST_CASE("SimTime parses durations with units") {
  CHECK(ns_of("1.5s") == 1'500'000'000);
  CHECK(ns_of("200ms") == 200'000'000);
  CHECK(ns_of("10us") == 10'000);
  CHECK(ns_of("10ns") == 10);
  CHECK(ns_of("5m") == 300'000'000'000);
  CHECK(ns_of("5min") == 300'000'000'000);
  CHECK(ns_of("2h") == 7'200'000'000'000);
  // NAT gateway idle timeout
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
  CHECK(ns_of("350s") == 350'000'000'000);
  CHECK(ns_of("0s") == 0);
  CHECK(ns_of("0.5ms") == 500'000);
  CHECK(ns_of("1.25m") == 75'000'000'000);
}

TEST_CASE("SimTime: a bare number is seconds") {
  CHECK(ns_of("3") == 3'000'000'000);
  CHECK(ns_of("0.25") == 250'000'000);
  CHECK(ns_of("0") == 0);
  CHECK(ns_of(".5") == 500'000'000);
}

TEST_CASE("SimTime parses decimals exactly, without floating point error") {
  CHECK(ns_of("0.1s") == 100'000'000);
  CHECK(ns_of("0.3") == 300'000'000);
  CHECK(ns_of("1.000000001s") == 1'000'000'001);
  CHECK(ns_of("0.7ms") == 700'000);
  CHECK(ns_of("123456.789s") == 123'456'789'000'000);
  CHECK(ns_of("0.001us") == 1);
  // 0.1 + 0.2 style accumulation must not drift either.
  CHECK(net::parse_sim_time("0.1s").value() + net::parse_sim_time("0.2s").value() ==
        net::parse_sim_time("0.3s").value());
}

TEST_CASE("SimTime rejects malformed durations") {
  for (const std::string bad : {"abc", "1.2.3s", "-1s", "-1", "", "s", ".", "1 s", " 1s", "1s ",
                                "1sec", "1.5x", "1e3", "1S", "+1s", "1,5s", "ms", "1..2s"}) {
    CAPTURE(bad);
    CHECK_FALSE(net::parse_sim_time(bad).has_value());
  }
}

TEST_CASE("SimTime rejects durations that do not fit in 64-bit nanoseconds") {
  CHECK(ns_of("9223372036s") == 9'223'372'036'000'000'000);
  CHECK(ns_of("9223372036.854775807s") == INT64_MAX);
  for (const std::string big : {"9223372036.9s", "9223372037s", "99999999999999999999s", "2562048h",
                                "153722868m", "9223372036854775808ns"}) {
    CAPTURE(big);
    CHECK_FALSE(net::parse_sim_time(big).has_value());
  }
}

TEST_CASE("SimTime arithmetic, constructors and comparisons") {
  CHECK(net::SimTime(std::chrono::seconds(1)) == net::SimTime(std::chrono::milliseconds(1000)));
  CHECK(net::SimTime(std::chrono::milliseconds(1)) ==
        net::SimTime(std::chrono::microseconds(1000)));
  CHECK(net::SimTime(std::chrono::microseconds(1)) == net::SimTime(1000));
  CHECK(net::SimTime(std::chrono::seconds(2)) - net::SimTime(std::chrono::milliseconds(500)) ==
        net::SimTime(std::chrono::milliseconds(1500)));
  CHECK(net::SimTime(std::chrono::milliseconds(250)) * 4 == net::SimTime(std::chrono::seconds(1)));
  SimTime t{};
  CHECK(t.count() == 0);
  t += net::SimTime(std::chrono::milliseconds(1500));
  CHECK(net::whole_seconds(t) == 1);
  CHECK(std::chrono::duration<double>(t).count() == doctest::Approx(1.5));
  CHECK(net::SimTime(1) < net::SimTime(2));
  CHECK(SimTime::max().count() == INT64_MAX);
}

TEST_CASE("sim_time_text prints seconds without trailing zeros") {
  CHECK(net::sim_time_text(SimTime()) == "0s");
  CHECK(net::sim_time_text(net::SimTime(std::chrono::seconds(12))) == "12s");
  CHECK(net::sim_time_text(net::SimTime(std::chrono::milliseconds(1500))) == "1.5s");
  CHECK(net::sim_time_text(net::SimTime(std::chrono::milliseconds(200))) == "0.2s");
  CHECK(net::sim_time_text(net::SimTime(1)) == "0.000000001s");
  CHECK(net::sim_time_text(net::SimTime(12'000'345'678)) == "12.000345678s");
  CHECK(net::sim_time_text(net::SimTime(std::chrono::milliseconds(-1500))) == "-1.5s");
  CHECK(net::sim_time_text(net::SimTime(std::chrono::milliseconds(-500))) == "-0.5s");
  CHECK(net::sim_time_text(net::SimTime(std::chrono::seconds(-3))) == "-3s");
  CHECK(fmt::format("{}", net::SimTime(std::chrono::microseconds(10))) == "0.00001s");
}

TEST_CASE("SimTime round-trips through sim_time_text and parse_sim_time") {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 5000; ++i) {
    const auto t = net::SimTime(static_cast<std::int64_t>(rng() >> (1 + rng() % 40)));
    CAPTURE(t.count());
    CHECK(net::parse_sim_time(net::sim_time_text(t)) == t);
  }
}
