#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "sim/analysis/port_luck.h"
#include "sim/engine/simulation.h"
#include "sim/observe/flow_log.h"
#include "sim/observe/packet_text.h"
#include "sim/observe/pcap_writer.h"
#include "sim/observe/trace_writer.h"
#include "tools/vpcsim/cli_options.h"
#include "tools/vpcsim/cli_outputs.h"
#include "tools/vpcsim/commands.h"
#include "tools/vpcsim/load_report.h"
#include "tools/vpcsim/text_table.h"
#include "topology/load/suggest.h"
#include "topology/net/sim_time.h"

namespace vpcsim::cli {
namespace {

std::string drop_text(const engine::FlowDrop& d) {
  const auto& v = d.verdict;
  return fmt::format("{} dropped by {}{} ({})", observe::packet_text(d.packet),
                     v.resource.empty() ? "-" : v.resource,
                     v.rule.empty() ? "" : fmt::format(" {}", v.rule), v.code());
}

// What the run did that the user may not expect: flows established only by luck of their
// client port (a warning: the design is wrong for other ports), conversations that had to
// share a five-tuple, idle windows not written as NODATA records.
void print_notes(const model::Scenario& sc, const engine::Simulation& sim,
                 const observe::FlowLog* flow_log, const observe::FlowLogOptions& fl,
                 std::ostream& os) {
  for (const auto& luck : analysis::lucky_flows(sc, sim.flows()))
    fmt::print(os, "{}: warning: flow {} was {}\n", sc.file, luck.flow,
               analysis::port_luck_text(luck));
  for (const auto& s : sim.shared_five_tuples()) {
    const bool icmp = !net::Protocol(s.to.protocol).has_ports();
    fmt::print(os,
               "{}: note: {} conversation{} from {} to {}{} ({}) reused a five-tuple still open: "
               "the client's {} ({}-{}) holds {} values\n",
               sc.file, s.conversations, s.conversations == 1 ? "" : "s", s.to.src, s.to.dst,
               icmp ? "" : fmt::format(":{}", s.to.dst_port), net::Protocol(s.to.protocol),
               icmp ? "echo identifiers" : "ephemeral port range", s.range.from(), s.range.to(),
               std::uint32_t{s.range.to()} - s.range.from() + 1);
  }
  if (!flow_log) return;
  const auto& topo = sim.topology();
  for (std::uint32_t i = 0; i < topo.enis().size(); ++i) {
    if (const auto n = flow_log->nodata_omitted(model::EniIndex(i))) {
      fmt::print(os,
                 "{}: note: {} idle windows of {} not written as NODATA records (each idle gap "
                 "gets at most {} windows of {} s)\n",
                 sc.file, n, topo.eni(model::EniIndex(i)).id, fl.nodata_gap_limit,
                 fl.aggregation_seconds);
    }
  }
}

void print_summary(const model::Scenario& sc, const engine::Simulation& sim, std::ostream& os) {
  const auto& st = sim.stats();
  fmt::print(os, "scenario {}: {} flow{}, {} conversation{}, simulated time 0s to {}\n", sc.name,
             sc.traffic.flows.size(), sc.traffic.flows.size() == 1 ? "" : "s", st.conversations,
             st.conversations == 1 ? "" : "s", sim.end_time());
  if (!sim.flows().empty()) {
    TextTable t({"flow", "outcome", "count", "first drop behind it"});
    for (const auto& f : sim.flows()) {
      std::string outcome;
      if (const auto o = f.common_outcome()) {
        outcome = std::string(model::flow_outcome_name(*o));
      } else {
        for (std::size_t i = 0; i < f.outcomes.size(); ++i) {
          if (f.outcomes[i] == 0) continue;
          if (!outcome.empty()) outcome += ", ";
          outcome += fmt::format("{} {}", f.outcomes[i],
                                 model::flow_outcome_name(static_cast<model::FlowOutcome>(i)));
        }
        if (f.unfinished) {
          if (!outcome.empty()) outcome += ", ";
          outcome += fmt::format("{} unfinished", f.unfinished);
        }
      }
      std::string why;
      if (f.first_failure && f.first_failure->drop) why = drop_text(*f.first_failure->drop);
      t.add({f.name, outcome, std::to_string(f.total()), why});
    }
    t.print(os);
  }
  const auto reasons = drops_text(st);
  fmt::print(
      os, "packets: {} sent, {} delivered, {} dropped{}{}\n", st.packets, st.delivered, st.dropped,
      reasons.empty() ? "" : fmt::format(" ({})", reasons),
      st.exempt ? fmt::format(", {} to the VPC resolver / metadata (not logged)", st.exempt) : "");
  if (st.changes || !sim.warnings().empty())
    fmt::print(os, "timeline: {} change{} applied\n", st.changes, st.changes == 1 ? "" : "s");
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto [run, options] = add_command<RunOptions>(
      app, "run",
      "Simulate a scenario's traffic packet by packet through its VPC design and print what "
      "happened to each flow; write AWS-format VPC flow logs and per-hop traces");
  const auto o = options;  // lambdas capture it: clang 14 cannot capture a binding
  add_scenario_argument(*run, "SCENARIO", o->scenario);
  add_snapshot_options(*run, o->snapshot);
  add_output_options(*run, *o);
  run->add_option("--eni", o->eni, "Only this network interface's records (id or name)");
  run->add_flag("--header", o->header, "Start the flow log with the field-name line");
  run->add_flag("--no-nodata", o->no_nodata,
                "Leave out the NODATA records of interfaces with no traffic in a window");
  run->add_option("--seed", o->seed,
                  "Random seed (source ports, NAT ports); default: the scenario's seed")
      ->check(digits_only("a seed from 0 to 18446744073709551615"));
  const CLI::Validator sim_time(
      [](std::string& text) {
        if (net::parse_sim_time(text)) return std::string();
        return fmt::format("\"{}\" is not a time; expected e.g. 90s, 1.5m, 200ms", text);
      },
      "");
  run->add_option_function<std::string>(
         "--until", [o](const std::string& text) { o->until = net::parse_sim_time(text).value(); },
         "Stop at this simulated time (e.g. 90s, 5m)")
      ->check(sim_time)
      ->type_name("TIME");
  run->footer(
      "The summary goes to stdout, or to stderr when --flow-log or --trace writes to stdout.\n"
      "Exit codes: 0 the run completed (whatever the flows' outcomes), 2 invalid input.");
  on_run(*run, [o] { return cmd_run(*o, std::cout, std::cerr); });
}

int cmd_run(const RunOptions& o, std::ostream& out, std::ostream& err) {
  const auto loaded = load_or_report(o.scenario, err, load::LoadOptions::full(o.snapshot));
  if (!loaded) return kExitBadInput;
  const auto& sc = *loaded;
  const auto& topo = *sc.topology;

  auto options = flow_log_options(sc, o.format, o.aggregation, err);
  if (!options) return kExitBadInput;
  auto& fl = *options;
  fl.header = o.header;
  fl.nodata = !o.no_nodata;
  if (!o.eni.empty()) {
    const auto e = topo.find_eni(o.eni);
    if (!e) {
      std::vector<std::string> names;
      for (const auto& x : topo.enis()) {
        names.push_back(x.id);
        if (!x.name.empty()) names.push_back(x.name);
      }
      fmt::print(err, "vpcsim: --eni: no network interface \"{}\" in {}{}\n", o.eni, sc.file,
                 load::did_you_mean(o.eni, names));
      return kExitBadInput;
    }
    fl.only = *e;
  }
  engine::SimulationOptions so;
  so.seed = o.seed.value_or(sc.seed);
  if (o.until) so.until = *o.until;
  so.record_hops = !o.trace.empty();

  if (!distinct_outputs({{"--flow-log", o.flow_log}, {"--trace", o.trace}}, err))
    return kExitBadInput;
  Output flow_out, trace_out;
  if (!o.flow_log.empty() && !flow_out.open(o.flow_log, out, err)) return kExitBadInput;
  if (!o.trace.empty() && !trace_out.open(o.trace, out, err)) return kExitBadInput;

  engine::Simulation sim(sc, so);
  std::unique_ptr<observe::FlowLog> flow_log;
  std::unique_ptr<observe::TraceWriter> trace;
  if (!o.flow_log.empty()) {
    flow_log = std::make_unique<observe::FlowLog>(topo, fl, flow_out.stream());
    sim.add_observer(*flow_log);
  }
  if (!o.trace.empty()) {
    trace = std::make_unique<observe::TraceWriter>(
        topo, o.trace_format == "jsonl" ? observe::TraceFormat::jsonl : observe::TraceFormat::text,
        trace_out.stream());
    sim.add_observer(*trace);
  }
  std::unique_ptr<observe::PcapWriter> pcap;
  if (!o.pcap_out.empty()) {
    pcap = std::make_unique<observe::PcapWriter>(topo, o.pcap_out, sc.start_time);
    if (!pcap->error().empty()) {
      fmt::print(err, "vpcsim: --pcap-out: {}\n", pcap->error());
      return kExitBadInput;
    }
    sim.add_observer(*pcap);
  }
  sim.run();
  if (pcap && !pcap->error().empty()) {
    fmt::print(err, "vpcsim: --pcap-out: {}\n", pcap->error());
    return kExitBadInput;
  }

  for (const auto& w : sim.warnings())
    fmt::print(err, "{}: {}\n", sc.file, w);
  print_notes(sc, sim, flow_log.get(), fl, err);
  const bool flow_written = !flow_log || flow_out.finish(err);
  const bool trace_written = !trace || trace_out.finish(err);
  if (!flow_written || !trace_written) return kExitBadInput;
  if (!o.quiet) {
    // The summary goes to stdout unless flow logs or the trace already do.
    const bool stdout_taken = o.flow_log == "-" || o.trace == "-";
    print_summary(sc, sim, stdout_taken ? err : out);
  }
  return sim.warnings().empty() ? kExitOk : kExitBadInput;
}

}  // namespace vpcsim::cli
