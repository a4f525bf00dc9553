#include "sim/core/sim_time.h"

#include <cstdint>
#include <random>
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

using vpcsim::core::SimTime;

namespace {
std::int64_t ns_of(const std::string& text) {
  const auto t = SimTime::parse(text);
  REQUIRE_MESSAGE(t.has_value(), "does not parse: ", text);
  return t->count_ns();
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
  CHECK(ns_of("350s") == 350'000'000'000);  // NAT gateway idle timeout (aws-semantics §5.3)
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
  CHECK(SimTime::parse("0.1s").value() + SimTime::parse("0.2s").value() ==
        SimTime::parse("0.3s").value());
}

TEST_CASE("SimTime rejects malformed durations") {
  for (const std::string bad : {"abc", "1.2.3s", "-1s", "-1", "", "s", ".", "1 s", " 1s", "1s ",
                                "1sec", "1.5x", "1e3", "1S", "+1s", "1,5s", "ms", "1..2s"}) {
    CAPTURE(bad);
    CHECK_FALSE(SimTime::parse(bad).has_value());
  }
}

TEST_CASE("SimTime rejects durations that do not fit in 64-bit nanoseconds") {
  CHECK(ns_of("9223372036s") == 9'223'372'036'000'000'000);
  CHECK(ns_of("9223372036.854775807s") == INT64_MAX);
  for (const std::string big : {"9223372036.9s", "9223372037s", "99999999999999999999s", "2562048h",
                                "153722868m", "9223372036854775808ns"}) {
    CAPTURE(big);
    CHECK_FALSE(SimTime::parse(big).has_value());
  }
}

TEST_CASE("SimTime arithmetic, constructors and comparisons") {
  CHECK(SimTime::s(1) == SimTime::ms(1000));
  CHECK(SimTime::ms(1) == SimTime::us(1000));
  CHECK(SimTime::us(1) == SimTime::ns(1000));
  CHECK(SimTime::s(2) - SimTime::ms(500) == SimTime::ms(1500));
  CHECK(SimTime::ms(250) * 4 == SimTime::s(1));
  SimTime t;
  CHECK(t.count_ns() == 0);
  t += SimTime::ms(1500);
  CHECK(t.whole_seconds() == 1);
  CHECK(t.seconds() == doctest::Approx(1.5));
  CHECK(SimTime::ns(1) < SimTime::ns(2));
  CHECK(SimTime::max().count_ns() == INT64_MAX);
}

TEST_CASE("SimTime::to_string prints seconds without trailing zeros") {
  CHECK(SimTime().to_string() == "0s");
  CHECK(SimTime::s(12).to_string() == "12s");
  CHECK(SimTime::ms(1500).to_string() == "1.5s");
  CHECK(SimTime::ms(200).to_string() == "0.2s");
  CHECK(SimTime::ns(1).to_string() == "0.000000001s");
  CHECK(SimTime::ns(12'000'345'678).to_string() == "12.000345678s");
  CHECK(SimTime::ms(-1500).to_string() == "-1.5s");
  CHECK(SimTime::ms(-500).to_string() == "-0.5s");
  CHECK(SimTime::s(-3).to_string() == "-3s");
  CHECK(fmt::format("{}", SimTime::us(10)) == "0.00001s");
}

TEST_CASE("SimTime round-trips through to_string and parse") {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 5000; ++i) {
    const auto t = SimTime::ns(static_cast<std::int64_t>(rng() >> (1 + rng() % 40)));
    CAPTURE(t.count_ns());
    CHECK(SimTime::parse(t.to_string()) == t);
  }
}
