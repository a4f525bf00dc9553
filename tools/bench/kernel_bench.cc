// The hold model (ns-3's utils/bench-scheduler.cc method): keep `pending` events scheduled;
// every executed event schedules one new event at now + Exp(mean 100 ns), truncated to whole
// ns. The clock runs from Engine::run() until the `events`-th event has executed; filling the
// initial population and draining it afterwards are not timed.
//
// tools/bench/ns3/hold_ns3.cc runs the same model on ns-3. Both draw delays from the same Rng with
// the same seed and both order by (time, insertion order), so both execute the same event
// sequence and print the same "sim end" time. What differs is the kernel, and only that:
//  - here an event is a 16-byte value (a handler pointer and an argument) stored in the
//    queue; ns-3 allocates a reference-counted EventImpl per event;
//  - here the engine calls a lambda that calls the event's handler through its pointer (an
//    indirect call, as ns-3's EventImpl::Notify is a virtual call).

#include "tools/bench/kernel_bench.h"

#include <chrono>

#include <fmt/format.h>

#include <chrono>
#include "sim/core/engine.h"
#include "sim/core/rng.h"
#include "tools/bench/report.h"

namespace vpcsim::bench {
namespace {

using SimTime = std::chrono::nanoseconds;
using Clock = std::chrono::steady_clock;

constexpr double kMeanDelayNs = 100.0;

struct HoldEvent;
using HoldEngine = core::Engine<HoldEvent>;

struct HoldModel {
  explicit HoldModel(std::uint64_t seed, std::uint64_t events) : rng(seed), events(events) {}
  SimTime draw() { return SimTime(static_cast<std::int64_t>(rng.exponential(kMeanDelayNs))); }

  core::Rng rng;  // the model's own generator, as ns-3's side has its own
  std::uint64_t events;
  std::uint64_t executed = 0;
  Clock::time_point end;
  SimTime end_time{};
};

// A realistic small payload: what to do, and to what.
struct HoldEvent {
  void (*fire)(HoldModel&, HoldEngine&, const HoldEvent&);
  std::uint64_t arg;
};
static_assert(sizeof(HoldEvent) == 16);

[[gnu::noinline]] void fire_hold(HoldModel& m, HoldEngine& engine, const HoldEvent& ev) {
  ++m.executed;
  if (m.executed >= m.events) {
    if (m.executed == m.events) {
      m.end = Clock::now();
      m.end_time = engine.now();
    }
    return;  // drain: past the timed part, events no longer reschedule
  }
  engine.schedule_in(m.draw(), HoldEvent{&fire_hold, ev.arg + 1});
}

}  // namespace

double run_kernel_bench(const KernelOptions& o, std::ostream& out) {
  RateSeries series(fmt::format("kernel vpcsim pending={} events={}", o.pending, o.events), out);
  for (std::uint64_t r = 0; r < o.runs; ++r) {
    HoldModel model(o.seed, o.events);
    HoldEngine engine(o.seed);
    for (std::uint64_t i = 0; i < o.pending; ++i)
      engine.schedule_in(model.draw(), HoldEvent{&fire_hold, i});
    const auto start = Clock::now();
    engine.run([&model](HoldEngine& eng, SimTime, HoldEvent& ev) { ev.fire(model, eng, ev); });
    const double seconds = std::chrono::duration<double>(model.end - start).count();
    series.add(static_cast<double>(o.events) / seconds,
               fmt::format("sim end {} ns", model.end_time.count()));
  }
  return series.finish();
}

}  // namespace vpcsim::bench
