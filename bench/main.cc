// vpcsim_bench: benchmarks printing figures to compare run to run (not tests: nothing here
// passes or fails). bench/run.sh runs them side by side with reference implementations.
//
//   vpcsim_bench kernel --pending N --events M --runs R    the hold model on Engine/EventQueue
//
// Each subcommand prints one line per run and a median line (see report.h).

#include <iostream>

#include <CLI/CLI.hpp>

#include "kernel_bench.h"

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

  // Further subcommands (a `network` benchmark: packets through the VPC packet path) are
  // registered here, each with its options struct and a run_*_bench() in its own file.

  CLI11_PARSE(app, argc, argv);
  if (*kernel) run_kernel_bench(kernel_options, std::cout);
  return 0;
}
