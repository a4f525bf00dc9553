// The network benchmark (see network_bench.h): its design comes from design_gen.h.

#include "tools/bench/network_bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <streambuf>

#include <fmt/format.h>

#include "sim/engine/simulation.h"
#include "sim/observe/flow_log.h"
#include "tools/bench/design_gen.h"
#include "tools/bench/report.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Peak resident set size of the process so far, in bytes.
std::uint64_t peak_rss() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<std::uint64_t>(u.ru_maxrss) * 1024;
}

// Resident set size now, in bytes.
std::uint64_t current_rss() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

}  // namespace

std::string network_bench_scenario(const NetworkOptions& o) {
  DesignShape d;
  d.name = "network-bench";
  d.vpcs = o.vpcs;
  d.enis = o.enis;
  d.subnets_per_vpc = 4;
  d.groups_per_vpc = 10;
  d.group_cidr_rules = 15;
  d.group_references = 4;
  d.second_group_every = 1;
  d.internet = false;
  // Every interface is the client of flows that repeat.
  d.flows = o.enis;
  d.repeat = std::max(1u, o.conversations / o.enis);
  return design_scenario(d);
}

double run_network_bench(const NetworkOptions& o, std::ostream& out) {
  const auto text = network_bench_scenario(o);
  if (!o.dump.empty()) {
    write_scenario(o.dump, text, out);
    return 0;
  }
  const auto load_start = Clock::now();
  auto loaded = load::load_scenario_text(text, "network-bench.json");
  if (!loaded.scenario) {
    for (const auto& e : loaded.errors)
      out << e.to_string() << '\n';
    return 0;
  }
  const auto& sc = *loaded.scenario;
  const auto& t = *sc.topology;
  out << fmt::format(
      "network topology: {} VPCs, {} subnets, {} interfaces, {} security groups, {} NACLs, {} "
      "flows x {} = {} TCP conversations; loaded in {:.0f} ms\n",
      t.vpcs().size(), t.subnets().size(), t.enis().size(), t.security_groups().size(),
      t.network_acls().size(), sc.traffic.flows.size(), sc.traffic.flows.front().repeat,
      std::uint64_t{sc.traffic.flows.size()} * sc.traffic.flows.front().repeat,
      std::chrono::duration<double, std::milli>(Clock::now() - load_start).count());

  std::vector<double> packets_per_s, events_per_s;
  const std::string label = fmt::format("network vpcsim{}", o.flow_logs ? " +flow-logs" : "");
  for (std::uint32_t r = 0; r < o.runs; ++r) {
    const auto rss_before = current_rss();
    NullBuffer null_buffer;
    std::ostream null_stream(&null_buffer);
    engine::Simulation sim(sc, {sc.seed, net::SimTime::max(), false});
    observe::FlowLogOptions fl;
    fl.start_time = sc.start_time;
    observe::FlowLog flow_log(t, fl, null_stream);
    if (o.flow_logs) sim.add_observer(flow_log);
    const auto start = Clock::now();
    sim.run();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const auto& st = sim.stats();
    packets_per_s.push_back(static_cast<double>(st.packets) / seconds);
    events_per_s.push_back(static_cast<double>(st.events) / seconds);
    std::string memory;
    if (r == 0) {
      // The first run's peak is this run's: the process had not been bigger before.
      const auto grown = peak_rss() > rss_before ? peak_rss() - rss_before : 0;
      memory = fmt::format(", {:.0f} B per active connection ({} at peak, RSS +{:.1f} MiB)",
                           static_cast<double>(grown) / static_cast<double>(st.peak_active),
                           st.peak_active, static_cast<double>(grown) / (1 << 20));
    }
    out << fmt::format(
        "{} run {}: {:.2f} M packets/s, {:.2f} M events/s ({} packets, {} events, {} dropped, "
        "{} flows established of {}, {:.2f} s){}\n",
        label, r + 1, packets_per_s.back() / 1e6, events_per_s.back() / 1e6, st.packets, st.events,
        st.dropped,
        [&] {
          std::uint64_t n = 0;
          for (const auto& f : sim.flows())
            n += f.count(model::FlowOutcome::established);
          return n;
        }(),
        st.conversations, seconds, memory);
    out.flush();
  }
  const double m = median(packets_per_s);
  out << fmt::format("{} median: {:.2f} M packets/s, {:.2f} M events/s, peak RSS {:.1f} MiB\n",
                     label, m / 1e6, median(events_per_s) / 1e6,
                     static_cast<double>(peak_rss()) / (1 << 20));
  return m;
}

}  // namespace vpcsim::bench
