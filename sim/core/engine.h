#pragma once
// Engine<Event>: the discrete-event kernel. An explicit instance (no globals) owning the
// clock, the pending-event queue and the run's seeded Rng. It knows nothing of networks:
// the caller's handler interprets each Event.

#include <chrono>
#include <cstdint>
#include <utility>

#include "sim/core/event_queue.h"
#include "sim/core/rng.h"

namespace vpcsim::core {

template <class Event>
class Engine {
 public:
  explicit Engine(std::uint64_t seed = 1) : rng_(seed) {}

  Time now() const { return now_; }
  Rng& rng() { return rng_; }

  // Schedules at an absolute time; a time in the past runs at now() (time never goes back).
  void schedule_at(Time t, Event e) { queue_.push(t < now_ ? now_ : t, std::move(e)); }
  void schedule_in(Time delay, Event e) { schedule_at(now_ + delay, std::move(e)); }

  // Runs events in (time, sequence) order until the queue is empty or the next event is
  // later than `until`. `handler(Engine&, Time, Event&)` may schedule more events.
  template <class Handler>
  std::uint64_t run(Handler&& handler, Time until = Time::max()) {
    std::uint64_t executed = 0;
    while (!queue_.empty() && queue_.top().time <= until) {
      auto entry = queue_.pop();
      now_ = entry.time;
      handler(*this, entry.time, entry.event);
      ++executed;
    }
    executed_ += executed;
    return executed;
  }

  std::size_t pending() const { return queue_.size(); }
  std::uint64_t executed() const { return executed_; }
  EventQueue<Event>& queue() { return queue_; }

 private:
  Time now_{};
  EventQueue<Event> queue_;
  Rng rng_;
  std::uint64_t executed_ = 0;
};

}  // namespace vpcsim::core
