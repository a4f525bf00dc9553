// vpcsim: the command-line interface. The only code that touches argv, files and exit codes.

#include <iostream>

#include <CLI/CLI.hpp>

#include "tools/vpcsim/cli_outputs.h"
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
      "input, 3 internal error (a bug).\n"
      "Run 'vpcsim COMMAND --help' for a command's options.");

  add_validate_command(app);  // after footer(): the commands without one inherit it
  add_show_command(app);
  add_run_command(app);
  add_reach_command(app);
  add_matrix_command(app);
  add_diff_command(app);
  add_replay_command(app);
  add_test_command(app);
  add_import_command(app);

  // What a command printed must all be written before its exit code stands: an answer lost
  // to a full disk is exit 2, not the answer's 0 or 1.
  const auto written = [](int rc) {
    const bool lost = !stdout_written(std::cout, std::cerr);
    return lost && (rc == kExitOk || rc == kExitNegative) ? kExitBadInput : rc;
  };
  try {
    app.parse(argc, argv);  // runs the chosen command's callback
  } catch (const CLI::RuntimeError& e) {
    return written(e.get_exit_code());  // a command's negative answer or bad input (on_run)
  } catch (const CLI::ParseError& e) {
    return written(app.exit(e) == 0 ? kExitOk : kExitBadInput);  // --help, --version; usage
  } catch (const std::exception& e) {
    // A broken invariant or an unexpected failure: a bug in vpcsim, not bad input.
    std::cerr << "vpcsim: internal error: " << e.what()
              << "\nvpcsim: this is a bug in vpcsim; please report it with the command and "
                 "its input files\n";
    return kExitInternal;
  }
  return written(kExitOk);
}
