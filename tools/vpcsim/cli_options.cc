#include "tools/vpcsim/cli_options.h"

#include <algorithm>

#include <fmt/format.h>

#include "topology/load/aws/snapshot.h"

namespace vpcsim::cli {

CLI::Option* add_scenario_argument(CLI::App& command, const char* name, std::string& target) {
  return command.add_option(name, target, kScenarioHelp)->required();
}

void add_snapshot_options(CLI::App& command, SnapshotOptions& target) {
  const char* group = "AWS snapshot";
  command
      .add_option("--region", target.region,
                  "Region of the snapshot's files whose folders name none (us-east-1, …)")
      ->group(group)
      ->check(CLI::Validator(
          [](const std::string& text) {
            return load::aws::is_region_name(text)
                       ? std::string()
                       : fmt::format(
                             "\"{}\" is not a Region name; expected one such as "
                             "us-east-1 or eu-west-2",
                             text);
          },
          "REGION"));
  command
      .add_option("--account", target.account,
                  "Account id of the files whose folders name none (12 digits)")
      ->group(group)
      ->check(CLI::Validator(
          [](const std::string& text) {
            const bool ok =
                text.size() == 12 && text.find_first_not_of("0123456789") == std::string::npos;
            return ok ? std::string()
                      : fmt::format("\"{}\" is not an AWS account id; expected 12 digits", text);
          },
          "ACCOUNT"));
  command
      .add_flag("--strict", target.strict,
                "Every warning about the snapshot (read but not modelled, a dangling "
                "reference) is an error: exit 2")
      ->group(group);
}

CLI::Validator digits_only(std::string expected) {
  return CLI::Validator(
      [expected = std::move(expected)](const std::string& text) {
        if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos)
          return std::string();
        return fmt::format("\"{}\" is not valid; expected {}", text, expected);
      },
      "");
}

CLI::Option* add_port_option(CLI::App& command, std::optional<std::uint16_t>& target,
                             std::string help) {
  return command.add_option("--port", target, std::move(help))->check(CLI::Range(1, 65535));
}

void add_output_options(CLI::App& command, OutputOptions& o) {
  command
      .add_option("--flow-log", o.flow_log, "Write VPC flow-log records to FILE ('-' for stdout)")
      ->type_name("FILE|-");
  command
      .add_option("--format", o.format,
                  "Custom flow-log format, AWS syntax: '${version} ${interface-id} ${srcaddr} "
                  "…' (default: the version 2 default format)")
      ->type_name("'${field} …'")
      ->check(CLI::Validator(
          [](const std::string& text) {
            // An empty format is a mistake (an unset shell variable), not "the default".
            return text.find_first_not_of(" \t") == std::string::npos
                       ? std::string("an empty format; leave --format out for the default")
                       : std::string();
          },
          ""));
  command
      .add_option("--aggregation", o.aggregation,
                  "Flow-log capture window in seconds of simulated time")
      ->check(CLI::IsMember({60, 600}))
      ->default_val(60);
  command
      .add_option("--trace", o.trace,
                  "Write every packet's path, hop by hop with the deciding rule, to FILE ('-' "
                  "for stdout)")
      ->type_name("FILE|-");
  command.add_option("--trace-format", o.trace_format, "Trace as readable text or JSON lines")
      ->check(CLI::IsMember({"text", "jsonl"}))
      ->default_val("text");
  command
      .add_option("--pcap-out", o.pcap_out,
                  "Write what each interface sent and received (after NAT) to DIR/<eni>.pcap "
                  "(headers only; tcpdump and Wireshark open them)")
      ->type_name("DIR");
  command.add_flag("-q,--quiet", o.quiet, "No summary");
}

CLI::Option* add_protocol_option(CLI::App& command, std::optional<net::Protocol>& target,
                                 std::string help, std::vector<net::Protocol> allowed,
                                 std::string expected, std::string choices) {
  const CLI::Validator check(
      [allowed = std::move(allowed), expected = std::move(expected)](std::string& text) {
        const auto p = net::Protocol::parse(text);
        if (!p || p->is_all())
          return fmt::format("\"{}\" is not a protocol; expected {}", text, expected);
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), *p) == allowed.end())
          return fmt::format("\"{}\" is not supported here; expected {}", text, expected);
        return std::string();
      },
      std::move(choices));
  // CLI11 runs the check before the callback, so the text parses here.
  return command
      .add_option_function<std::string>(
          "--protocol",
          [&target](const std::string& text) { target = net::Protocol::parse(text).value(); },
          std::move(help))
      ->check(check)
      ->type_name("TEXT");
}

}  // namespace vpcsim::cli
