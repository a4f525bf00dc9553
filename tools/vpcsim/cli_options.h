#pragma once
// What several commands declare alike on the command line: the scenario argument's help, the
// outputs of `run` and `replay`, --protocol (reach, matrix), and how a command's callback
// hands its exit code to main.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "tools/vpcsim/commands.h"
#include "topology/net/protocol.h"

namespace vpcsim::cli {

inline constexpr const char* kScenarioHelp =
    "Scenario file, folder holding scenario.json, or AWS snapshot (a folder or file of "
    "describe-* output)";

// The required positional scenario argument NAME ("TOPOLOGY", "SCENARIO", "FILE").
CLI::Option* add_scenario_argument(CLI::App& command, const char* name, std::string& target);

// --region, --account and --strict, for a topology read from an AWS snapshot.
void add_snapshot_options(CLI::App& command, SnapshotOptions& target);

// A check for an unsigned option: digits only. CLI11 alone reads "-1" into an unsigned
// option as its largest value.
CLI::Validator digits_only(std::string expected);

// --port: a TCP/UDP destination port, 1-65535.
CLI::Option* add_port_option(CLI::App& command, std::optional<std::uint16_t>& target,
                             std::string help);

// --flow-log, --format, --aggregation, --trace, --trace-format, --pcap-out and -q/--quiet.
void add_output_options(CLI::App& command, OutputOptions& o);

// --protocol: what net::Protocol::parse reads ("tcp", "ICMP", "17") is stored in `target`.
// `allowed` empty takes any one protocol (not "all"), else only those. A value refused fails
// the parse, and CLI11 prints "--protocol: \"sctpp\" is not a protocol; expected EXPECTED".
// `choices` follows the type in --help ("TEXT:{tcp,udp,icmp}"); "" for nothing.
CLI::Option* add_protocol_option(CLI::App& command, std::optional<net::Protocol>& target,
                                 std::string help, std::vector<net::Protocol> allowed,
                                 std::string expected, std::string choices = "");

// A subcommand and its options, which live as long as the subcommand's callback needs them
// (the callback holds the shared pointer): `auto [cmd, o] = add_command<DiffOptions>(app, …)`
// (copy `o` into a variable before a lambda captures it: clang 14 cannot capture bindings).
template <class Options>
std::pair<CLI::App*, std::shared_ptr<Options>> add_command(CLI::App& app, std::string name,
                                                           std::string description) {
  return {app.add_subcommand(std::move(name), std::move(description)), std::make_shared<Options>()};
}

// Makes `command`, which returns an exit code, the subcommand's callback. CLI11 runs it at
// the end of App::parse; a code other than kExitOk leaves parse as a CLI::RuntimeError that
// carries it (CLI11's way out of a callback), and main returns it.
template <class Command>
void on_run(CLI::App& subcommand, Command command) {
  subcommand.callback([command = std::move(command)] {
    if (const int rc = command(); rc != kExitOk) throw CLI::RuntimeError(rc);
  });
}

}  // namespace vpcsim::cli
