#include <fmt/format.h>
#include <fmt/ostream.h>

#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "sim/engine/capture_stream.h"
#include "sim/engine/replay.h"
#include "sim/observe/flow_log.h"
#include "sim/observe/pcap_writer.h"
#include "sim/observe/trace_writer.h"
#include "tools/vpcsim/cli_options.h"
#include "tools/vpcsim/cli_outputs.h"
#include "tools/vpcsim/commands.h"
#include "tools/vpcsim/load_report.h"
#include "topology/load/endpoint_resolver.h"
#include "topology/load/pcap_reader.h"

namespace vpcsim::cli {
namespace {

// --map IP=INTERFACE: the address and the interface's text; nullopt without "=" after an IP.
std::optional<std::pair<net::IpAddress, std::string>> parse_map(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) return std::nullopt;
  const auto address = net::IpAddress::parse(text.substr(0, eq));
  if (!address) return std::nullopt;
  return std::pair{*address, text.substr(eq + 1)};
}

}  // namespace

void add_replay_command(CLI::App& app) {
  auto [replay, options] = add_command<ReplayOptions>(
      app, "replay",
      "Replay pcap/pcapng captures through a VPC design: each packet enters at the interface "
      "that owns its source address (or from the internet), at its capture time, through SGs "
      "with connection tracking, NACLs, routes and NAT; flow logs, traces and per-interface "
      "pcaps like simulated traffic");
  const auto o = options;  // lambdas capture it: clang 14 cannot capture a binding
  add_scenario_argument(*replay, "TOPOLOGY", o->topology);
  add_snapshot_options(*replay, o->snapshot);
  replay->add_option("CAPTURE", o->captures, "pcap or pcapng files, replayed in order")->required();
  add_output_options(*replay, *o);
  const CLI::Validator address_map(
      [](std::string& text) {
        if (parse_map(text)) return std::string();
        return fmt::format("\"{}\" is not IP=INTERFACE; expected e.g. 192.168.1.11=app-1", text);
      },
      "");
  replay
      ->add_option("--map", o->map,
                   "Place a capture address on an interface: IP=INTERFACE (repeatable)")
      ->check(address_map);
  replay->add_flag("--skip-bad", o->skip_bad,
                   "On a corrupt or truncated record, count it and go on with the next capture "
                   "instead of stopping with exit 2");
  replay
      ->add_option("--threads", o->threads,
                   "1: read the capture and simulate on one thread; 2: decode the capture on a "
                   "second thread, ahead of the simulation (the output is the same); default: 2 "
                   "when the machine has 2 or more CPUs")
      ->check(CLI::Range(1u, 2u));
  replay->footer(
      "Exit codes: 0 replayed, 2 invalid input (the packets before a damaged record are "
      "replayed, then the error names the file and record number).");
  on_run(*replay, [o] { return cmd_replay(*o, std::cout, std::cerr); });
}

int cmd_replay(const ReplayOptions& o, std::ostream& out, std::ostream& err) {
  const auto loaded = load_or_report(o.topology, err, load::LoadOptions::topology_only(o.snapshot));
  if (!loaded) return kExitBadInput;
  const auto& sc = *loaded;
  const auto& t = *sc.topology;
  engine::ReplayOptions ro;
  ro.record_hops = !o.trace.empty();
  ro.seed = sc.seed;
  for (const auto& m : o.map) {
    const auto [address, target] = parse_map(m).value();  // the --map validator refused the rest
    const auto r = load::resolve_endpoint(t, target);
    if (!r.endpoint || r.endpoint->is_internet()) {
      fmt::print(err, "vpcsim: --map \"{}\": {}\n", m,
                 r.endpoint ? "the target must be a network interface of the topology" : r.error);
      return kExitBadInput;
    }
    ro.map.emplace_back(address, r.endpoint->eni);
  }

  // The first capture's first record is time 0; its Unix time stamps the flow logs.
  if (o.captures.empty()) return kExitBadInput;
  const bool threaded =
      o.threads == 2 || (o.threads == 0 && std::thread::hardware_concurrency() > 1);
  // One helper thread reads the captures ahead and (see below) aggregates the flow log.
  std::optional<core::Worker> helper;
  if (threaded) helper.emplace(8);  // at most 8 flow-log hand-overs waiting (2.4 MB)
  core::Worker* worker = helper ? &*helper : nullptr;
  // Declared in this order so that they go in the reverse one: the stream stops reading
  // first, then the observers finish their work on the worker, then their outputs close.
  Output flow_out, trace_out;
  std::vector<std::unique_ptr<engine::Observer>> observers;
  engine::CaptureStream<load::PcapReader> stream(o.captures, worker);
  engine::Replay replay(t, ro);
  std::int64_t origin_ns = 0;
  bool have_origin = false;
  std::uint64_t read = 0, skipped = 0, bad = 0;
  std::array<std::uint64_t, load::kPcapAnomalyKinds> anomalies{};
  auto options = flow_log_options(sc, o.format, o.aggregation, err);
  if (!options) return kExitBadInput;
  auto& fl = *options;
  fl.nodata = false;
  // Flow-log records are written on their own thread unless a trace shares their stream:
  // there, records and trace lines keep their order (records at the end of each window).
  if (o.trace.empty() || o.trace != o.flow_log) fl.worker = worker;
  int rc = kExitOk;
  bool started = false;
  const auto start_observers = [&](std::int64_t epoch_seconds) {
    fl.start_time = epoch_seconds;
    if (!o.flow_log.empty()) {
      if (!flow_out.open(o.flow_log, out, err)) return false;
      observers.push_back(std::make_unique<observe::FlowLog>(t, fl, flow_out.stream()));
    }
    if (!o.trace.empty()) {
      if (!trace_out.open(o.trace, out, err)) return false;
      observers.push_back(std::make_unique<observe::TraceWriter>(
          t, o.trace_format == "jsonl" ? observe::TraceFormat::jsonl : observe::TraceFormat::text,
          trace_out.stream()));
    }
    if (!o.pcap_out.empty()) {
      auto w = std::make_unique<observe::PcapWriter>(t, o.pcap_out, epoch_seconds);
      if (!w->error().empty()) {
        fmt::print(err, "vpcsim: --pcap-out: {}\n", w->error());
        return false;
      }
      observers.push_back(std::move(w));
    }
    for (auto& ob : observers)
      replay.add_observer(*ob);
    return true;
  };
  engine::CaptureBatch<load::PcapReader> b;
  while (stream.next(b)) {
    read += b.records;
    skipped += b.skipped;
    if (!b.packets.empty()) {
      if (!have_origin) {
        origin_ns = b.packets.front().epoch_ns();
        have_origin = true;
      }
      if (!started) {
        started = true;
        if (!start_observers(origin_ns / 1'000'000'000)) return kExitBadInput;
      }
      replay.packets(b.packets, origin_ns);
    }
    if (!b.file_end) continue;
    for (std::size_t k = 0; k < anomalies.size(); ++k)
      anomalies[k] += b.anomalies[k];
    if (!b.error) continue;
    if (b.open_failed && b.file == 0) {  // nothing was replayed: no summary
      fmt::print(err, "{}\n", b.error->to_string());
      return kExitBadInput;
    }
    if (o.skip_bad && !b.open_failed) {
      ++bad;
      fmt::print(err, "vpcsim: {} (skipped: --skip-bad)\n", b.error->to_string());
      continue;
    }
    fmt::print(err, "{}\n", b.error->to_string());
    rc = kExitBadInput;
    break;
  }
  stream.stop();  // nothing more will be replayed: no reading ahead of it
  replay.finish();
  const bool flow_written = o.flow_log.empty() || !started || flow_out.finish(err);
  const bool trace_written = o.trace.empty() || !started || trace_out.finish(err);
  if (!flow_written || !trace_written) rc = kExitBadInput;

  if (!o.quiet) {
    std::ostream& os = (o.flow_log == "-" || o.trace == "-") ? err : out;
    const auto& s = replay.stats();
    fmt::print(os,
               "replay of {} capture{} against {}: {} records read, {} replayed, {} skipped{}\n",
               o.captures.size(), o.captures.size() == 1 ? "" : "s", sc.name, read, s.replayed,
               skipped, bad ? fmt::format(", {} bad record (--skip-bad)", bad) : "");
    std::string kinds;
    for (std::size_t k = 0; k < anomalies.size(); ++k) {
      if (anomalies[k])
        kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ",
                             load::to_string(static_cast<load::PcapAnomaly>(k)), anomalies[k]);
    }
    if (!kinds.empty()) fmt::print(os, "anomalies: {}\n", kinds);
    const auto reasons = drops_text(s);
    fmt::print(os, "packets: {} delivered, {} dropped{}; {} sent from the internet\n", s.delivered,
               s.dropped, reasons.empty() ? "" : fmt::format(" ({})", reasons), s.from_internet);
    if (s.unmatched)
      fmt::print(os,
                 "warning: {} packet{} matched no address of the topology at either end (use "
                 "--map IP=INTERFACE to place the capture's hosts)\n",
                 s.unmatched, s.unmatched == 1 ? "" : "s");
  }
  return rc;
}

}  // namespace vpcsim::cli
