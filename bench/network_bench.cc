#include "network_bench.h"

#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <streambuf>

#include <fmt/format.h>

#include "report.h"
#include "sim/engine/simulation.h"
#include "sim/observe/flow_log.h"
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

std::string eni_id(std::uint32_t v, std::uint32_t i) {
  return fmt::format("eni-{}-{}", v, i);
}
std::string eni_ip(std::uint32_t v, std::uint32_t i) {
  return fmt::format("10.{}.{}.{}", v, i % 4, 10 + i / 4);
}

}  // namespace

std::string network_bench_scenario(const NetworkOptions& o) {
  const std::uint32_t per_vpc = o.enis / o.vpcs;
  std::string j = R"({"name": "network-bench", "seed": 1, "topology": {)";
  // VPCs, a ring of peering connections, one route table per VPC with routes to both peers.
  j += R"("vpcs": [)";
  for (std::uint32_t v = 0; v < o.vpcs; ++v)
    j += fmt::format(R"({}{{"id": "vpc-{}", "cidr": "10.{}.0.0/16"}})", v ? "," : "", v, v);
  j += R"(], "peering_connections": [)";
  for (std::uint32_t v = 0; v < o.vpcs; ++v)
    j += fmt::format(R"({}{{"id": "pcx-{}", "requester": "vpc-{}", "accepter": "vpc-{}"}})",
                     v ? "," : "", v, v, (v + 1) % o.vpcs);
  j += R"(], "route_tables": [)";
  for (std::uint32_t v = 0; v < o.vpcs; ++v) {
    const auto next = (v + 1) % o.vpcs, prev = (v + o.vpcs - 1) % o.vpcs;
    j += fmt::format(R"({}{{"id": "rtb-{}", "vpc": "vpc-{}", "routes": [)"
                     R"({{"destination": "10.{}.0.0/16", "target": "pcx-{}"}},)"
                     R"({{"destination": "10.{}.0.0/16", "target": "pcx-{}"}},)"
                     R"({{"destination": "192.168.0.0/16", "target": "blackhole"}}]}})",
                     v ? "," : "", v, v, next, v, prev, prev);
  }
  // NACLs: 20 entries each way; the entries that admit the benchmark's traffic come last.
  j += R"(], "network_acls": [)";
  for (std::uint32_t v = 0; v < o.vpcs; ++v) {
    std::string in, out;
    for (std::uint32_t k = 0; k < 17; ++k) {
      const auto rule = 10 + 10 * k;
      const auto entry = [&](const char* dir) {
        return fmt::format(
            R"({{"rule": {}, "protocol": "{}", "ports": {}, "cidr": "{}.{}.0.0/16", "action": "{}"}},)",
            rule, k % 3 ? "tcp" : "udp", 20 + k, k % 2 ? 172 : 192, 16 + k,
            k % 4 ? "deny" : "allow");
        (void)dir;
      };
      in += entry("in");
      out += entry("out");
    }
    const auto tail = [](const char* ports1, const char* ports2) {
      return fmt::format(
          R"({{"rule": 180, "protocol": "icmp", "icmp_type": -1, "cidr": "10.0.0.0/8", "action": "allow"}},)"
          R"({{"rule": 190, "protocol": "tcp", "ports": "{}", "cidr": "10.0.0.0/8", "action": "allow"}},)"
          R"({{"rule": 200, "protocol": "tcp", "ports": "{}", "cidr": "10.0.0.0/8", "action": "allow"}})",
          ports1, ports2);
    };
    j += fmt::format(
        R"({}{{"id": "acl-{}", "vpc": "vpc-{}", "inbound": [{}{}], "outbound": [{}{}]}})",
        v ? "," : "", v, v, in, tail("8000-8999", "32768-60999"), out,
        tail("32768-60999", "8000-8999"));
  }
  // Subnets: four per VPC in two AZs.
  j += R"(], "subnets": [)";
  for (std::uint32_t v = 0; v < o.vpcs; ++v) {
    for (std::uint32_t s = 0; s < 4; ++s) {
      j += fmt::format(
          R"({}{{"id": "subnet-{}-{}", "vpc": "vpc-{}", "cidr": "10.{}.{}.0/24", "az": "us-east-1{}", "route_table": "rtb-{}", "network_acl": "acl-{}"}})",
          v || s ? "," : "", v, s, v, v, s, s % 2 ? 'b' : 'a', v, v);
    }
  }
  // Security groups: ten per VPC, 20 rules each way: 15 CIDR rules for other services, four
  // SG references, and last the rule the benchmark's traffic matches.
  j += R"(], "security_groups": [)";
  for (std::uint32_t v = 0; v < o.vpcs; ++v) {
    for (std::uint32_t g = 0; g < 10; ++g) {
      std::string in, out;
      for (std::uint32_t k = 0; k < 15; ++k) {
        const auto rule =
            fmt::format(R"({{"protocol": "tcp", "ports": {}, "cidr": "172.{}.{}.0/24"}},)",
                        1000 + 17 * k + g, 16 + k, g);
        in += rule;
        out += rule;
      }
      for (std::uint32_t k = 1; k <= 4; ++k) {
        const auto ref = fmt::format(R"({{"protocol": "tcp", "ports": {}, "group": "sg-{}-{}"}},)",
                                     9000 + k, v, (g + k) % 10);
        in += ref;
        out += ref;
      }
      const auto last = R"({"protocol": "tcp", "ports": "8000-8999", "cidr": "10.0.0.0/8"})";
      j += fmt::format(
          R"({}{{"id": "sg-{}-{}", "vpc": "vpc-{}", "inbound": [{}{}], "outbound": [{}{}]}})",
          v || g ? "," : "", v, g, v, in, last, out, last);
    }
  }
  // Interfaces: spread over the subnets, each in two security groups.
  j += R"(], "enis": [)";
  for (std::uint32_t v = 0; v < o.vpcs; ++v) {
    for (std::uint32_t i = 0; i < per_vpc; ++i) {
      j += fmt::format(
          R"({}{{"id": "{}", "subnet": "subnet-{}-{}", "private_ip": "{}", "security_groups": ["sg-{}-{}", "sg-{}-{}"]}})",
          v || i ? "," : "", eni_id(v, i), v, i % 4, eni_ip(v, i), v, i % 10, v, (i + 3) % 10);
    }
  }
  // Traffic: every interface is the client of flows that repeat; 9 in 10 to another subnet of
  // its VPC, 1 in 10 across a peering.
  j += R"(]}, "traffic": {"flows": [)";
  const std::uint32_t specs = o.enis;
  const std::uint32_t repeat = std::max(1u, o.conversations / specs);
  for (std::uint32_t k = 0; k < specs; ++k) {
    const auto v = k % o.vpcs, i = (k / o.vpcs) % per_vpc;
    const auto sv = k % 10 == 9 ? (v + 1) % o.vpcs : v;
    const auto si = (i + 1 + 4 * (k % 7)) % per_vpc;
    j += fmt::format(
        R"({}{{"name": "f{}", "from": "{}", "to": "{}", "protocol": "tcp", "port": {}, "start": "{}us", "repeat": {}, "every": "10ms", "exchanges": 3, "gap": "1s", "request_bytes": 200, "response_bytes": 1200}})",
        k ? "," : "", k, eni_id(v, i), eni_id(sv, si), 8000 + k % 1000, (k * 10) % 10000, repeat);
  }
  j += "]}}";
  return j;
}

double run_network_bench(const NetworkOptions& o, std::ostream& out) {
  const auto text = network_bench_scenario(o);
  if (!o.dump.empty()) {
    std::ofstream(o.dump) << text;
    out << fmt::format("wrote {}\n", o.dump);
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
    engine::Simulation sim(sc, {sc.seed, core::SimTime::max(), false});
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
