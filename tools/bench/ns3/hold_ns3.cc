// hold_ns3: the kernel benchmark's hold model on one of ns-3's schedulers, for a side-by-side
// comparison with `vpcsim_bench kernel` (tools/bench/kernel_bench.cc). Built by tools/bench/run.sh
// when Debian's libns3-dev is installed; not part of the CMake build.
//
// The model (ns-3's utils/bench-scheduler.cc method): keep PENDING events scheduled; every
// executed event schedules one new event at now + Exp(mean 100 ns), truncated to whole ns.
// The clock runs from Simulator::Run() until the EVENTS-th event has executed; filling the
// initial population and the teardown are not timed.
//
// Both programs draw their delays from the same generator (vpcsim's xoshiro256**,
// sim/core/rng.h) with the same seed, and both order events by (time, insertion order),
// so they execute the very same event sequence: the "sim end" time they print must agree.
// The difference between the two is the kernel: event objects, scheduler, dispatch.
//
// Usage: hold_ns3 --scheduler Map|Heap|PriorityQueue|Calendar|List|ns3::<Name>
//                 [--pending N] [--events M] [--runs R] [--seed S]

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <ns3/double.h>
#include <ns3/nstime.h>
#include <ns3/object-factory.h>
#include <ns3/random-variable-stream.h>
#include <ns3/simulator.h>

#include "sim/core/rng.h"

namespace {

constexpr double kMeanDelayNs = 100.0;

class Hold {
 public:
  Hold(std::uint64_t seed, std::uint64_t events, bool ns3_rng) : rng_(seed), events_(events) {
    if (ns3_rng) {
      ns3_rng_ = ns3::CreateObject<ns3::ExponentialRandomVariable>();
      ns3_rng_->SetAttribute("Mean", ns3::DoubleValue(kMeanDelayNs));
    }
  }

  void populate(std::uint64_t pending) {
    for (std::uint64_t i = 0; i < pending; ++i)
      ns3::Simulator::Schedule(ns3::NanoSeconds(draw()), &Hold::fire, this);
  }

  // Runs until the EVENTS-th event has executed; returns the seconds it took.
  double run() {
    const auto start = std::chrono::steady_clock::now();
    ns3::Simulator::Run();
    return std::chrono::duration<double>(end_ - start).count();
  }

  std::int64_t end_ns() const { return end_ns_; }

 private:
  std::int64_t draw() {
    if (ns3_rng_) return static_cast<std::int64_t>(ns3_rng_->GetValue());
    return static_cast<std::int64_t>(rng_.exponential(kMeanDelayNs));
  }

  void fire() {
    if (++executed_ == events_) {
      end_ = std::chrono::steady_clock::now();
      end_ns_ = ns3::Simulator::Now().GetNanoSeconds();
      ns3::Simulator::Stop();  // sets the stop flag: Run() returns after this event
      return;
    }
    ns3::Simulator::Schedule(ns3::NanoSeconds(draw()), &Hold::fire, this);
  }

  vpcsim::core::Rng rng_;
  ns3::Ptr<ns3::ExponentialRandomVariable> ns3_rng_;
  std::uint64_t events_;
  std::uint64_t executed_ = 0;
  std::chrono::steady_clock::time_point end_;
  std::int64_t end_ns_ = 0;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "hold_ns3: %s\nusage: hold_ns3 --scheduler Map|Heap|PriorityQueue|Calendar|List "
               "[--pending N] [--events M] [--runs R] [--seed S]\n",
               why);
  std::exit(2);
}

std::uint64_t positive(const char* text) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || v == 0) usage("expected a positive integer");
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::string scheduler;
  std::uint64_t pending = 1000, events = 2'000'000, runs = 5, seed = 1;
  bool ns3_rng = false;
  for (int i = 1; i < argc; ++i) {
    const char* opt = argv[i];
    if (i + 1 >= argc) usage("missing value");
    const char* val = argv[++i];
    if (std::strcmp(opt, "--scheduler") == 0) {
      scheduler = val;
    } else if (std::strcmp(opt, "--pending") == 0) {
      pending = positive(val);
    } else if (std::strcmp(opt, "--events") == 0) {
      events = positive(val);
    } else if (std::strcmp(opt, "--runs") == 0) {
      runs = positive(val);
    } else if (std::strcmp(opt, "--rng") == 0) {
      if (std::strcmp(val, "ns3") != 0 && std::strcmp(val, "vpcsim") != 0)
        usage("--rng ns3|vpcsim");
      ns3_rng = std::strcmp(val, "ns3") == 0;
    } else if (std::strcmp(opt, "--seed") == 0) {
      seed = positive(val);
    } else {
      usage("unknown option");
    }
  }
  if (scheduler.empty()) usage("--scheduler is required");
  if (scheduler.rfind("ns3::", 0) != 0) scheduler = "ns3::" + scheduler + "Scheduler";

  std::vector<double> rates;
  for (std::uint64_t r = 1; r <= runs; ++r) {
    ns3::ObjectFactory factory;
    factory.SetTypeId(scheduler);
    ns3::Simulator::SetScheduler(factory);
    Hold hold(seed, events, ns3_rng);
    hold.populate(pending);
    const double seconds = hold.run();
    ns3::Simulator::Destroy();
    const double rate = static_cast<double>(events) / seconds / 1e6;
    rates.push_back(rate);
    std::printf("kernel %s pending=%llu events=%llu run %llu: %.2f M events/s (sim end %lld ns)\n",
                scheduler.c_str(), static_cast<unsigned long long>(pending),
                static_cast<unsigned long long>(events), static_cast<unsigned long long>(r), rate,
                static_cast<long long>(hold.end_ns()));
    std::fflush(stdout);
  }
  std::sort(rates.begin(), rates.end());
  const std::size_t n = rates.size();
  const double median = n % 2 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
  std::printf("kernel %s pending=%llu events=%llu median: %.2f M events/s\n", scheduler.c_str(),
              static_cast<unsigned long long>(pending), static_cast<unsigned long long>(events),
              median);
  return 0;
}
