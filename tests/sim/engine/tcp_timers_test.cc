// engine::tcp_timers: Linux's SYN backoff and data RTO, which simulated conversations follow.
#include "sim/engine/tcp_timers.h"

#include <doctest/doctest.h>

using namespace vpcsim;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("tcp timers: the SYN timer starts at 1 s and doubles") {
  CHECK(engine::tcp_timers::syn_timeout(0) == seconds(1));
  CHECK(engine::tcp_timers::syn_timeout(1) == seconds(2));
  CHECK(engine::tcp_timers::syn_timeout(6) == seconds(64));
}

TEST_CASE("tcp timers: the data RTO starts at 200 ms and doubles up to 120 s") {
  CHECK(engine::tcp_timers::data_rto(0) == milliseconds(200));
  CHECK(engine::tcp_timers::data_rto(1) == milliseconds(400));
  CHECK(engine::tcp_timers::data_rto(9) == milliseconds(102400));
  CHECK(engine::tcp_timers::data_rto(10) == seconds(120));
  CHECK(engine::tcp_timers::data_rto(engine::tcp_timers::kDataRetries) == seconds(120));
}
