// vpcsim: the command-line interface. The only code that touches argv, files and exit codes.

#include <iostream>

#include <CLI/CLI.hpp>

#include "tools/vpcsim/commands.h"

namespace {
constexpr const char* kVersion = VPCSIM_VERSION;  // project() in CMakeLists.txt
}

int main(int argc, char** argv) {
  using namespace vpcsim::cli;
  CLI::App app{
      "vpcsim: a packet-level simulator of AWS VPC networking.\n"
      "Loads a scenario (topology + traffic + expectations) and answers what AWS would do with "
      "each packet: which security group, network ACL or route allowed or dropped it."};
  app.set_version_flag("--version", std::string("vpcsim ") + kVersion);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success, 1 negative answer (unreachable, failed expectation), 2 invalid "
      "input.\n"
      "Run 'vpcsim COMMAND --help' for a command's options.");

  std::vector<std::string> validate_files;
  auto* validate =
      app.add_subcommand("validate",
                         "Check scenario files as AWS would check the configuration; "
                         "prints OK with a summary, or every error with its JSON pointer");
  validate->add_option("FILE", validate_files, "Scenario files (or folders holding scenario.json)")
      ->required();

  std::string show_file;
  auto* show =
      app.add_subcommand("show",
                         "Print a readable summary of a scenario: VPCs, subnets with their "
                         "route table and NACL, route tables, NACL entries in evaluation "
                         "order, security group rules, interfaces");
  show->add_option("FILE", show_file, "Scenario file (or folder holding scenario.json)")
      ->required();

  RunOptions run_opt;
  auto* run = app.add_subcommand(
      "run",
      "Simulate a scenario's traffic packet by packet through its VPC design and print what "
      "happened to each flow; write AWS-format VPC flow logs and per-hop traces");
  run->add_option("SCENARIO", run_opt.scenario, "Scenario file (or folder holding scenario.json)")
      ->required();
  run->add_option("--flow-log", run_opt.flow_log,
                  "Write VPC flow-log records to FILE ('-' for stdout)")
      ->type_name("FILE|-");
  run->add_option("--format", run_opt.format,
                  "Custom flow-log format, AWS syntax: '${version} ${interface-id} ${srcaddr} "
                  "…' (default: the version 2 default format)")
      ->type_name("'${field} …'");
  run->add_option("--aggregation", run_opt.aggregation,
                  "Flow-log capture window in seconds of simulated time")
      ->check(CLI::IsMember({60, 600}))
      ->default_val(60);
  run->add_option("--eni", run_opt.eni, "Only this network interface's records (id or name)");
  run->add_flag("--header", run_opt.header, "Start the flow log with the field-name line");
  run->add_flag("--no-nodata", run_opt.no_nodata,
                "Leave out the NODATA records of interfaces with no traffic in a window");
  run->add_option("--trace", run_opt.trace,
                  "Write every packet's path, hop by hop with the deciding rule, to FILE ('-' "
                  "for stdout)")
      ->type_name("FILE|-");
  run->add_option("--trace-format", run_opt.trace_format, "Trace as readable text or JSON lines")
      ->check(CLI::IsMember({"text", "jsonl"}))
      ->default_val("text");
  run->add_option("--pcap-out", run_opt.pcap_out,
                  "Write what each interface sent and received (after NAT) to DIR/<eni>.pcap "
                  "(headers only; tcpdump and Wireshark open them)")
      ->type_name("DIR");
  run->add_option("--seed", run_opt.seed,
                  "Random seed (source ports, NAT ports); default: the scenario's seed");
  run->add_option("--until", run_opt.until, "Stop at this simulated time (e.g. 90s, 5m)")
      ->type_name("TIME");
  run->add_flag("-q,--quiet", run_opt.quiet, "No summary");
  run->footer(
      "The summary goes to stdout, or to stderr when --flow-log or --trace writes to stdout.\n"
      "Exit codes: 0 the run completed (whatever the flows' outcomes), 2 invalid input.");

  ReachOptions reach_opt;
  auto* reach = app.add_subcommand(
      "reach",
      "Can X reach Y? Simulates the conversation's first request and its reply (so a NACL that "
      "drops the reply is caught) and prints the path hop by hop, or the component, rule and "
      "explanation code that blocks it. Without --port: every protocol and port that gets "
      "through");
  reach
      ->add_option("TOPOLOGY", reach_opt.topology,
                   "Scenario file (or folder holding scenario.json)")
      ->required();
  reach
      ->add_option("--from", reach_opt.from,
                   "Client: an interface, instance, ALB/RDS/NAT id or name, an IP, or "
                   "'internet' / 'internet:IP'")
      ->required();
  reach->add_option("--to", reach_opt.to, "Server, as --from")->required();
  reach->add_option("--protocol", reach_opt.protocol,
                    "tcp, udp, icmp, icmpv6 or an IP protocol number (default tcp)");
  reach->add_option("--port", reach_opt.port, "Destination port (tcp/udp)")
      ->check(CLI::Range(1, 65535));
  reach->add_flag("--json", reach_opt.json, "Answer as JSON");
  reach->footer("Exit codes: 0 reachable, 1 unreachable, 2 invalid input.");

  MatrixOptions matrix_opt;
  auto* matrix = app.add_subcommand(
      "matrix",
      "Reachability between every pair of network interfaces (or groups of them by security "
      "group or subnet): a cell is reachable when the request and its reply get through for "
      "every source port of the client, else it names the blocking layer");
  matrix
      ->add_option("TOPOLOGY", matrix_opt.topology,
                   "Scenario file (or folder holding scenario.json)")
      ->required();
  matrix
      ->add_option("--port", matrix_opt.port,
                   "Destination port; without it each cell is the pair's port space (small "
                   "designs only)")
      ->check(CLI::Range(1, 65535));
  matrix->add_option("--protocol", matrix_opt.protocol, "tcp (default), udp or icmp")
      ->check(CLI::IsMember({"tcp", "udp", "icmp"}));
  matrix
      ->add_option("--group", matrix_opt.group,
                   "Group interfaces by security group (sg), subnet, or the value of a tag "
                   "(tag:KEY)")
      ->type_name("sg|subnet|tag:KEY");
  matrix->add_flag("--internet", matrix_opt.internet,
                   "Add the internet (203.0.113.5) as an endpoint");
  matrix->add_option("--format", matrix_opt.format, "Output format")
      ->check(CLI::IsMember({"text", "csv", "markdown", "json"}))
      ->default_val("text");

  DiffOptions diff_opt;
  auto* diff = app.add_subcommand(
      "diff",
      "Differential reachability between two versions of a design: which endpoint pairs "
      "gained or lost which protocols and ports, and the rule responsible (what blocks it now, "
      "or what blocked it before)");
  diff->add_option("BEFORE", diff_opt.before, "Scenario or topology before the change")->required();
  diff->add_option("AFTER", diff_opt.after, "Scenario or topology after the change")->required();
  diff->add_option("--port", diff_opt.port, "Compare one TCP port only (big designs)")
      ->check(CLI::Range(1, 65535));
  diff->add_flag("--internet", diff_opt.internet, "Include the internet as an endpoint");
  diff->add_flag("--json", diff_opt.json, "Changes as JSON");
  diff->footer("Exit codes: 0 no change, 1 reachability changed, 2 invalid input.");

  ReplayOptions replay_opt;
  auto* replay = app.add_subcommand(
      "replay",
      "Replay pcap/pcapng captures through a VPC design: each packet enters at the interface "
      "that owns its source address (or from the internet), at its capture time, through SGs "
      "with connection tracking, NACLs, routes and NAT; flow logs, traces and per-interface "
      "pcaps like simulated traffic");
  replay
      ->add_option("TOPOLOGY", replay_opt.topology,
                   "Scenario file (or folder holding scenario.json)")
      ->required();
  replay->add_option("CAPTURE", replay_opt.captures, "pcap or pcapng files, replayed in order")
      ->required();
  replay->add_option("--map", replay_opt.map,
                     "Place a capture address on an interface: IP=INTERFACE (repeatable)");
  replay
      ->add_option("--flow-log", replay_opt.flow_log,
                   "Write VPC flow-log records to FILE ('-': stdout)")
      ->type_name("FILE|-");
  replay->add_option("--format", replay_opt.format, "Custom flow-log format '${field} …'");
  replay->add_option("--aggregation", replay_opt.aggregation, "Flow-log capture window (s)")
      ->check(CLI::IsMember({60, 600}))
      ->default_val(60);
  replay->add_option("--trace", replay_opt.trace, "Write every packet's path to FILE ('-': stdout)")
      ->type_name("FILE|-");
  replay->add_option("--trace-format", replay_opt.trace_format, "text or jsonl")
      ->check(CLI::IsMember({"text", "jsonl"}))
      ->default_val("text");
  replay
      ->add_option("--pcap-out", replay_opt.pcap_out,
                   "Write what each interface saw to DIR/<eni>.pcap")
      ->type_name("DIR");
  replay->add_flag("--skip-bad", replay_opt.skip_bad,
                   "On a corrupt or truncated record, count it and go on with the next capture "
                   "instead of stopping with exit 2");
  replay->add_flag("-q,--quiet", replay_opt.quiet, "No summary");
  replay
      ->add_option("--threads", replay_opt.threads,
                   "1: read the capture and simulate on one thread; 2: decode the capture on a "
                   "second thread, ahead of the simulation (the output is the same); default: 2 "
                   "when the machine has 2 or more CPUs")
      ->check(CLI::Range(1u, 2u));
  replay->footer(
      "Exit codes: 0 replayed, 2 invalid input (the packets before a damaged record are "
      "replayed, then the error names the file and record number).");

  TestOptions test_opt;
  auto* test = app.add_subcommand(
      "test",
      "Run every scenario found under the paths and check its expect section: flow outcomes "
      "(with the deciding layer, resource and code), reachability answers and flow-log lines. "
      "One line per expectation, the trace excerpt behind each failure, then 'N passed, N "
      "failed'");
  test->add_option("PATH", test_opt.paths,
                   "scenario.json files, or folders searched for them (recursively)")
      ->required();
  test->add_option("--junit", test_opt.junit, "Also write a JUnit XML report to FILE")
      ->type_name("FILE");
  test->footer(
      "Exit codes: 0 every expectation holds, 1 some failed, 2 a scenario does not load (bad "
      "input).");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitBadInput;
  }
  try {
    if (*validate) return cmd_validate(validate_files, std::cout, std::cerr);
    if (*show) return cmd_show(show_file, std::cout, std::cerr);
    if (*run) return cmd_run(run_opt, std::cout, std::cerr);
    if (*reach) return cmd_reach(reach_opt, std::cout, std::cerr);
    if (*test) return cmd_test(test_opt, std::cout, std::cerr);
    if (*matrix) return cmd_matrix(matrix_opt, std::cout, std::cerr);
    if (*diff) return cmd_diff(diff_opt, std::cout, std::cerr);
    if (*replay) return cmd_replay(replay_opt, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "vpcsim: internal error: " << e.what() << '\n';
    return 3;
  }
  return kExitOk;
}
