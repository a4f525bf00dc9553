// vpcsim: the command-line interface. The only code that touches argv, files and exit codes.

#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.h"

namespace {
constexpr const char* kVersion = "0.1.0";
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitBadInput;
  }
  try {
    if (*validate) return cmd_validate(validate_files, std::cout, std::cerr);
    if (*show) return cmd_show(show_file, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "vpcsim: internal error: " << e.what() << '\n';
    return 3;
  }
  return kExitOk;
}
