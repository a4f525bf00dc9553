#pragma once
// The vpcsim subcommands. Each returns the process exit code: 0 success, 1 a negative
// answer (unreachable, failed expectations), 2 invalid input.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "topology/load/load_error.h"

namespace vpcsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNegative = 1;
inline constexpr int kExitBadInput = 2;

int cmd_validate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);
int cmd_show(const std::string& file, std::ostream& out, std::ostream& err);

struct RunOptions {
  std::string scenario;
  std::string flow_log;  // "" none, "-" stdout, else a file
  std::string format;    // custom "${field} …" format; "" = AWS default (version 2)
  std::uint32_t aggregation = 60;
  std::string eni;  // only this interface's records
  bool header = false;
  bool no_nodata = false;
  std::string trace;  // "" none, "-" stdout, else a file
  std::string trace_format = "text";
  std::string pcap_out;  // "" none, else a folder: one pcap per interface
  std::optional<std::uint64_t> seed;
  std::string until;
  bool quiet = false;
};
int cmd_run(const RunOptions& options, std::ostream& out, std::ostream& err);

struct ReachOptions {
  std::string topology;
  std::string from;
  std::string to;
  std::string protocol;  // "" = every protocol when no port is given, else tcp
  std::optional<std::uint16_t> port;
  bool json = false;
};
int cmd_reach(const ReachOptions& options, std::ostream& out, std::ostream& err);

struct MatrixOptions {
  std::string topology;
  std::string protocol;  // tcp (default), udp, icmp
  std::optional<std::uint16_t> port;
  std::string group;  // "", "sg", "subnet"
  bool internet = false;
  std::string format = "text";
};
int cmd_matrix(const MatrixOptions& options, std::ostream& out, std::ostream& err);

struct DiffOptions {
  std::string before;
  std::string after;
  std::optional<std::uint16_t> port;
  bool internet = false;
  bool json = false;
};
int cmd_diff(const DiffOptions& options, std::ostream& out, std::ostream& err);

struct ReplayOptions {
  std::string topology;
  std::vector<std::string> captures;
  std::vector<std::string> map;  // "IP=INTERFACE"
  std::string flow_log;
  std::string format;
  std::uint32_t aggregation = 60;
  std::string trace;
  std::string trace_format = "text";
  std::string pcap_out;
  bool skip_bad = false;
  bool quiet = false;
  unsigned threads = 0;  // 1: read and simulate on one thread; 2: read ahead; 0: 2 if 2+ CPUs
};
int cmd_replay(const ReplayOptions& options, std::ostream& out, std::ostream& err);

struct TestOptions {
  std::vector<std::string> paths;
  std::string junit;  // JUnit XML report, when set
};
int cmd_test(const TestOptions& options, std::ostream& out, std::ostream& err);

// Prints every error, one per line, and a count.
void print_errors(const std::vector<load::LoadError>& errors, std::ostream& err);

}  // namespace vpcsim::cli
