#pragma once
// The vpcsim subcommands. Each add_*_command declares one on the app (its options and its
// callback, which runs the cmd_* function); each cmd_* returns the process exit code.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "topology/load/aws/import_options.h"
#include "topology/net/protocol.h"
#include "topology/net/sim_time.h"

namespace CLI {
class App;
}

namespace vpcsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNegative = 1;  // unreachable, reachability changed, failed expectations
inline constexpr int kExitBadInput = 2;  // a bad option or file (CLI11 parse errors too)
inline constexpr int kExitInternal = 3;  // an exception escaped a command: a vpcsim bug

// Without --port, matrix and diff ask a whole port-space question per pair of endpoints:
// fine for a design, too slow for a fleet.
inline constexpr std::size_t kMaxEndpointsWithoutPort = 60;

// In the order `vpcsim --help` lists them.
void add_validate_command(CLI::App& app);
void add_show_command(CLI::App& app);
void add_run_command(CLI::App& app);
void add_reach_command(CLI::App& app);
void add_matrix_command(CLI::App& app);
void add_diff_command(CLI::App& app);
void add_replay_command(CLI::App& app);
void add_test_command(CLI::App& app);
void add_import_command(CLI::App& app);

// What every command that loads a topology accepts for an AWS snapshot: --region, --account
// and --strict (add_snapshot_options).
using SnapshotOptions = load::aws::ImportOptions;

struct ValidateOptions {
  std::vector<std::string> files;
  SnapshotOptions snapshot;
};
int cmd_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err);

struct ShowOptions {
  std::string file;
  SnapshotOptions snapshot;
};
int cmd_show(const ShowOptions& options, std::ostream& out, std::ostream& err);

// The outputs `run` and `replay` share (add_output_options declares them).
struct OutputOptions {
  std::string flow_log;  // "" none, "-" stdout, else a file
  std::string format;    // custom "${field} …" format; "" = AWS default (version 2)
  std::uint32_t aggregation = 60;
  std::string trace;  // "" none, "-" stdout, else a file
  std::string trace_format = "text";
  std::string pcap_out;  // "" none, else a folder: one pcap per interface
  bool quiet = false;
  SnapshotOptions snapshot;
};

struct RunOptions : OutputOptions {
  std::string scenario;
  std::string eni;  // only this interface's records
  bool header = false;
  bool no_nodata = false;
  std::optional<std::uint64_t> seed;
  std::optional<net::SimTime> until;
};
int cmd_run(const RunOptions& options, std::ostream& out, std::ostream& err);

struct ReachOptions {
  std::string topology;
  std::string from;
  std::string to;
  std::optional<net::Protocol> protocol;  // unset: every protocol when no port is given, else tcp
  std::optional<std::uint16_t> port;
  bool json = false;
  SnapshotOptions snapshot;
};
int cmd_reach(const ReachOptions& options, std::ostream& out, std::ostream& err);

struct MatrixOptions {
  std::string topology;
  std::optional<net::Protocol> protocol;  // tcp (unset), udp or icmp
  std::optional<std::uint16_t> port;
  std::string group;  // "", "sg", "subnet" or "tag:KEY"
  bool internet = false;
  std::string format = "text";
  SnapshotOptions snapshot;
};
int cmd_matrix(const MatrixOptions& options, std::ostream& out, std::ostream& err);

struct DiffOptions {
  std::string before;
  std::string after;
  std::optional<std::uint16_t> port;
  bool internet = false;
  bool json = false;
  SnapshotOptions snapshot;
};
int cmd_diff(const DiffOptions& options, std::ostream& out, std::ostream& err);

struct ReplayOptions : OutputOptions {
  std::string topology;
  std::vector<std::string> captures;
  std::vector<std::string> map;  // "IP=INTERFACE"
  bool skip_bad = false;
  unsigned threads = 0;  // 1: read and simulate on one thread; 2: read ahead; 0: 2 if 2+ CPUs
};
int cmd_replay(const ReplayOptions& options, std::ostream& out, std::ostream& err);

struct TestOptions {
  std::vector<std::string> paths;
  std::string junit;  // JUnit XML report, when set
  SnapshotOptions snapshot;
};
int cmd_test(const TestOptions& options, std::ostream& out, std::ostream& err);

struct ImportCommandOptions {
  std::vector<std::string> paths;
  std::string output = "-";
  SnapshotOptions snapshot;
  bool json = false;
};
int cmd_import(const ImportCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace vpcsim::cli
