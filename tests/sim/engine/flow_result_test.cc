// engine::FlowSummary: every conversation of one flow, counted as each ends.
#include "sim/engine/flow_result.h"

#include <doctest/doctest.h>

using namespace vpcsim;
using model::FlowOutcome;

namespace {

engine::FlowResult ended(std::uint32_t instance, FlowOutcome o, bool finished = true) {
  engine::FlowResult r;
  r.instance = instance;
  r.outcome = o;
  r.finished = finished;
  return r;
}

}  // namespace

TEST_CASE("flow summary: outcomes counted, the first and the first failure kept") {
  engine::FlowSummary s;
  s.add(ended(0, FlowOutcome::established));
  s.add(ended(1, FlowOutcome::blocked));
  s.add(ended(2, FlowOutcome::blocked));
  s.add(ended(3, FlowOutcome::established, false));
  CHECK(s.count(FlowOutcome::established) == 1);
  CHECK(s.count(FlowOutcome::blocked) == 2);
  CHECK(s.unfinished == 1);
  CHECK(s.total() == 4);
  REQUIRE(s.first);
  CHECK(s.first->instance == 0);
  REQUIRE(s.first_failure);
  CHECK(s.first_failure->instance == 1);
  CHECK_FALSE(s.common_outcome());
}

TEST_CASE("flow summary: an unfinished conversation is a failure; all alike is common") {
  engine::FlowSummary open;
  open.add(ended(0, FlowOutcome::established, false));
  REQUIRE(open.first_failure);
  CHECK(open.first_failure->instance == 0);

  engine::FlowSummary alike;
  alike.add(ended(0, FlowOutcome::reset));
  alike.add(ended(1, FlowOutcome::reset));
  CHECK(alike.common_outcome() == FlowOutcome::reset);
}
