// vpcsim_bench: benchmarks printing figures to compare run to run (not tests: nothing here
// passes or fails). tools/bench/run.sh runs them side by side with reference implementations.
//
//   vpcsim_bench kernel --pending N --events M --runs R    the hold model on Engine/EventQueue
//   vpcsim_bench network [--no-flow-logs] --runs R        TCP conversations through a VPC design
//   vpcsim_bench capture FILE --packets N                 the replay benchmark's capture
//   vpcsim_bench design --interfaces N --out FILE         a design of N interfaces (load benchmark)
//   vpcsim_bench snapshot --interfaces N --out DIR        the same design as an AWS snapshot
//
// The benchmarks print one line per run and a median line (see report.h); capture and design
// write their file for tools/bench/run.sh to time vpcsim on.

#include <cstdint>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>

#include "tools/bench/capture_gen.h"
#include "tools/bench/design_gen.h"
#include "tools/bench/kernel_bench.h"
#include "tools/bench/network_bench.h"
#include "tools/bench/snapshot_gen.h"

int main(int argc, char** argv) {
  using namespace vpcsim::bench;
  CLI::App app{"vpcsim_bench: throughput benchmarks of vpcsim (one line per run, then a median)"};
  app.require_subcommand(1);

  KernelOptions kernel_options;
  auto* kernel = app.add_subcommand(
      "kernel",
      "Hold model on the event kernel: N events pending, each executed event schedules one "
      "at now + Exp(100 ns); prints M events/s");
  kernel->add_option("--pending", kernel_options.pending, "Events kept pending")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  kernel->add_option("--events", kernel_options.events, "Events executed (timed) per run")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  kernel->add_option("--runs", kernel_options.runs, "Runs")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  kernel->add_option("--seed", kernel_options.seed, "Seed of the model's delays")
      ->capture_default_str();

  NetworkOptions network_options;
  bool no_flow_logs = false;
  auto* network = app.add_subcommand(
      "network",
      "A generated design (10 VPCs in a ring of peerings, 1,000 interfaces, 100 security groups "
      "of 20 rules with SG references, 20-entry NACLs) and 100,000 TCP conversations through the "
      "whole engine; prints simulated packets/s, events/s and memory per active connection");
  network->add_option("--conversations", network_options.conversations, "TCP conversations")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  network->add_option("--runs", network_options.runs, "Runs")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  network->add_flag("--no-flow-logs", no_flow_logs,
                    "Do not aggregate flow logs (the packet path and the engine only)");
  network->add_option("--dump", network_options.dump,
                      "Write the generated scenario to FILE (for vpcsim run) and exit");

  CaptureOptions capture_options;
  std::string capture_path;
  auto* capture = app.add_subcommand(
      "capture",
      "Write the replay benchmark's capture: TCP conversations between internet clients and "
      "three-tier's alb-a, as captured on its interface");
  capture->add_option("FILE", capture_path, "pcap file to write")->required();
  capture->add_option("--packets", capture_options.packets, "Packets")->capture_default_str();
  capture->add_option("--concurrent", capture_options.concurrent, "Conversations open at once")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  std::uint32_t design_interfaces = 10'000;
  std::string design_path;
  auto* design = app.add_subcommand(
      "design",
      "Write a generated design of N network interfaces as a scenario file, for timing `vpcsim "
      "validate`: VPCs of up to 10,000 interfaces, /24 subnets of about 200 in two AZs, 20-entry "
      "NACLs, a security group per 10 interfaces (up to 500 per VPC), an internet gateway and a "
      "NAT gateway per VPC, 10 flows");
  design
      ->add_option("--interfaces", design_interfaces, "Network interfaces, NAT gateways' included")
      ->check(CLI::Range(10u, 1'000'000u))
      ->capture_default_str();
  design->add_option("--out", design_path, "Scenario file to write")->required();

  std::uint32_t snapshot_interfaces = 10'000;
  std::string snapshot_path;
  auto* snapshot = app.add_subcommand(
      "snapshot",
      "Write the design of `design --interfaces N` as an AWS snapshot: describe-* output, one "
      "file per call, under DIR/111122223333/us-east-1/ (for timing `vpcsim validate DIR`, the "
      "AWS reader)");
  snapshot
      ->add_option("--interfaces", snapshot_interfaces,
                   "Network interfaces, NAT gateways' included")
      ->check(CLI::Range(10u, 1'000'000u))
      ->capture_default_str();
  snapshot->add_option("--out", snapshot_path, "Folder to write")->required();

  CLI11_PARSE(app, argc, argv);
  if (*snapshot) {
    const auto doc = nlohmann::json::parse(design_scenario(load_design_shape(snapshot_interfaces)));
    return write_snapshot(doc["topology"], snapshot_path, std::cout) ? 0 : 2;
  }
  if (*design) {
    const auto text = design_scenario(load_design_shape(design_interfaces));
    return write_scenario(design_path, text, std::cout) ? 0 : 2;
  }
  if (*capture) {
    const auto e = generate_capture(capture_path, capture_options);
    if (!e.empty()) {
      std::cerr << e << '\n';
      return 2;
    }
  }
  network_options.flow_logs = !no_flow_logs;
  if (*kernel) run_kernel_bench(kernel_options, std::cout);
  if (*network) run_network_bench(network_options, std::cout);
  return 0;
}
