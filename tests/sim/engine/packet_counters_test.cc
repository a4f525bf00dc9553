// engine::PacketCounters: one packet counted by what the path decided, the same for a run and a
// replay.
#include "sim/engine/packet_counters.h"

#include <doctest/doctest.h>

#include "sim/engine/replay.h"
#include "sim/engine/run_stats.h"

using namespace vpcsim;
using path::DropReason;

namespace {

path::PathResult delivered() {
  path::PathResult r;
  r.delivered = true;
  return r;
}

path::PathResult dropped(DropReason reason) {
  path::PathResult r;
  r.verdict.reason = reason;
  return r;
}

path::PathResult exempt() {
  path::PathResult r;
  r.delivered = r.exempt = true;
  return r;
}

}  // namespace

TEST_CASE("packet counters: one slot per drop reason, the last one included") {
  CHECK(engine::PacketCounters::ByReason{}.size() == vpcsim::path::kDropReasonCount);
  engine::PacketCounters c;
  CHECK_FALSE(c.count(dropped(DropReason::eigw_ingress)));
  CHECK(c.drops(DropReason::eigw_ingress) == 1);
}

TEST_CASE("packet counters: delivered, dropped by reason, exempt") {
  engine::PacketCounters c;
  CHECK(c.count(delivered()));
  CHECK_FALSE(c.count(dropped(DropReason::subnet_acl_restriction)));
  CHECK_FALSE(c.count(dropped(DropReason::subnet_acl_restriction)));
  CHECK_FALSE(c.count(dropped(DropReason::sg_rules_mismatch)));
  CHECK(c.delivered == 1);
  CHECK(c.dropped == 3);
  CHECK(c.exempt == 0);
  CHECK(c.drops(DropReason::subnet_acl_restriction) == 2);
  CHECK(c.drops(DropReason::sg_rules_mismatch) == 1);
  CHECK(c.drops(DropReason::no_route) == 0);
  CHECK(c.drops_by_reason[static_cast<std::size_t>(DropReason::subnet_acl_restriction)] == 2);
}

TEST_CASE("packet counters: a packet to the VPC resolver or metadata is delivered and exempt") {
  // Neither filtered nor logged (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html),
  // but delivered.
  engine::PacketCounters c;
  CHECK(c.count(exempt()));
  CHECK(c.delivered == 1);
  CHECK(c.exempt == 1);
  CHECK(c.dropped == 0);
}

TEST_CASE("packet counters: a run's and a replay's statistics count alike") {
  engine::RunStats run;
  engine::ReplayStats replay;
  for (const auto& r : {delivered(), exempt(), dropped(DropReason::no_route)}) {
    run.count(r);
    replay.count(r);
  }
  const engine::PacketCounters& a = run;
  const engine::PacketCounters& b = replay;
  CHECK(a.delivered == b.delivered);
  CHECK(a.dropped == b.dropped);
  CHECK(a.exempt == b.exempt);
  CHECK(a.drops_by_reason == b.drops_by_reason);
  CHECK(run.drops(DropReason::no_route) == 1);
  // What the run counts besides is left to it.
  CHECK(run.packets == 0);
  CHECK(replay.replayed == 0);
}
