#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "sim/analysis/expectation_check.h"
#include "tools/vpcsim/cli_options.h"
#include "tools/vpcsim/cli_outputs.h"
#include "tools/vpcsim/commands.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::cli {
namespace {

namespace fs = std::filesystem;

// Every scenario.json in `root` and the folders below it. Symbolic links to folders are not
// followed (no loops); a scenario.json that is a link is followed. Every folder or entry that
// cannot be read is reported and makes the run fail: a walk never stops short silently.
void walk(const fs::path& root, std::vector<std::string>& found, std::ostream& err, bool& bad) {
  const auto report = [&](const fs::path& where, const std::error_code& ec) {
    fmt::print(err, "vpcsim: {}: cannot read: {}\n", where.string(), ec.message());
    bad = true;
  };
  std::vector<fs::path> pending{root};
  while (!pending.empty()) {
    const auto dir = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      report(dir, ec);
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code entry_ec;
      const auto kind = it->symlink_status(entry_ec);
      if (entry_ec) {
        report(it->path(), entry_ec);
      } else if (fs::is_directory(kind)) {
        pending.push_back(it->path());
      } else if (it->path().filename() == "scenario.json") {
        if (fs::is_regular_file(it->status(entry_ec)) && !entry_ec)
          found.push_back(it->path().string());
        else
          report(it->path(),
                 entry_ec ? entry_ec : std::make_error_code(std::errc::invalid_argument));
      }
    }
    if (ec) report(dir, ec);
  }
}

// scenario.json files named by the paths: a file, a folder holding scenario.json, or a
// folder searched recursively. Sorted, so runs list them in the same order.
std::vector<std::string> find_scenarios(const std::vector<std::string>& paths, std::ostream& err,
                                        bool& bad) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      out.push_back(p);
    } else if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      walk(p, found, err, bad);
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        fmt::print(err, "vpcsim: {}: no scenario.json in this folder or below\n", p);
        bad = true;
      }
      out.insert(out.end(), found.begin(), found.end());
    } else {
      fmt::print(err, "vpcsim: {}: no such file or folder\n", p);
      bad = true;
    }
  }
  return out;
}

// Text for XML 1.0 attributes and content. Control characters other than tab, newline and
// carriage return are not allowed in XML at all, even escaped
// (https://www.w3.org/TR/xml/#charsets): they become "\xNN", as the text shows them.
std::string xml_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

struct SuiteResult {
  std::string name;
  std::string file;
  std::vector<analysis::CheckResult> checks;
  std::vector<std::string> errors;  // load errors: the scenario could not be tested
};

void write_junit(const std::vector<SuiteResult>& suites, std::ostream& os) {
  std::size_t tests = 0, failures = 0, errors = 0;
  for (const auto& s : suites) {
    tests += s.checks.size() + (s.errors.empty() ? 0 : 1);
    for (const auto& c : s.checks)
      failures += c.passed ? 0 : 1;
    errors += s.errors.empty() ? 0 : 1;
  }
  os << R"(<?xml version="1.0" encoding="UTF-8"?>)" << '\n';
  fmt::print(os,
             R"(<testsuites name="vpcsim" tests="{}" failures="{}" errors="{}">)"
             "\n",
             tests, failures, errors);
  for (const auto& s : suites) {
    std::size_t f = 0;
    for (const auto& c : s.checks)
      f += c.passed ? 0 : 1;
    fmt::print(os,
               R"(  <testsuite name="{}" file="{}" tests="{}" failures="{}" errors="{}">)"
               "\n",
               xml_escape(s.name), xml_escape(s.file), s.checks.size() + (s.errors.empty() ? 0 : 1),
               f, s.errors.empty() ? 0 : 1);
    if (!s.errors.empty()) {
      std::string text;
      for (const auto& e : s.errors)
        text += fmt::format("{}\n", e);
      fmt::print(
          os,
          R"(    <testcase name="load" classname="{}"><error message="the scenario does not load">{}</error></testcase>)"
          "\n",
          xml_escape(s.name), xml_escape(text));
    }
    for (const auto& c : s.checks) {
      fmt::print(os, R"(    <testcase name="{}: {}" classname="{}")", xml_escape(c.pointer),
                 xml_escape(c.description), xml_escape(s.name));
      if (c.passed) {
        os << "/>\n";
        continue;
      }
      std::string text;
      for (const auto& d : c.detail)
        text += fmt::format("{}\n", d);
      fmt::print(os,
                 R"(><failure message="{}">{}</failure></testcase>)"
                 "\n",
                 xml_escape(c.detail.empty() ? "failed" : c.detail.front()), xml_escape(text));
    }
    os << "  </testsuite>\n";
  }
  os << "</testsuites>\n";
}

}  // namespace

void add_test_command(CLI::App& app) {
  auto [test, options] = add_command<TestOptions>(
      app, "test",
      "Run every scenario found under the paths and check its expect section: flow outcomes "
      "(with the deciding layer, resource and code), reachability answers and flow-log lines. "
      "One line per expectation, the trace excerpt behind each failure, then 'N passed, N "
      "failed'");
  const auto o = options;  // lambdas capture it: clang 14 cannot capture a binding
  test->add_option("PATH", o->paths,
                   "scenario.json files, or folders searched for them (recursively)")
      ->required();
  test->add_option("--junit", o->junit, "Also write a JUnit XML report to FILE")->type_name("FILE");
  add_snapshot_options(*test, o->snapshot);
  test->footer(
      "Exit codes: 0 every expectation holds, 1 some failed, 2 a scenario does not load (bad "
      "input).");
  on_run(*test, [o] { return cmd_test(*o, std::cout, std::cerr); });
}

int cmd_test(const TestOptions& o, std::ostream& out, std::ostream& err) {
  bool bad_input = false;
  const auto files = find_scenarios(o.paths, err, bad_input);
  std::vector<SuiteResult> suites;
  std::size_t passed = 0, failed = 0;
  for (const auto& file : files) {
    SuiteResult suite;
    suite.file = file;
    auto loaded = load::load_scenario(file, load::LoadOptions::full(o.snapshot));
    if (!loaded.scenario) {
      suite.name = fs::path(file).parent_path().filename().string();
      for (const auto& e : loaded.errors)
        suite.errors.push_back(e.to_string());
      fmt::print(out, "ERROR {}: the scenario does not load ({} error{})\n", file,
                 loaded.errors.size(), loaded.errors.size() == 1 ? "" : "s");
      for (const auto& e : suite.errors)
        fmt::print(out, "      {}\n", e);
      ++failed;
      bad_input = true;
      suites.push_back(std::move(suite));
      continue;
    }
    suite.name = loaded.scenario->name;
    if (!loaded.warnings.empty())
      fmt::print(out,
                 "WARN  {}: {} warning{} about its AWS snapshot ('vpcsim validate {}' lists "
                 "them; --strict makes them errors)\n",
                 suite.name, loaded.warnings.size(), loaded.warnings.size() == 1 ? "" : "s", file);
    suite.checks = analysis::check_expectations(*loaded.scenario);
    if (suite.checks.empty()) fmt::print(out, "----  {}: no expectations\n", suite.name);
    for (const auto& c : suite.checks) {
      fmt::print(out, "{} {} {}: {}\n", c.passed ? "PASS " : "FAIL ", suite.name, c.pointer,
                 c.description);
      if (!c.passed) {
        for (const auto& d : c.detail)
          fmt::print(out, "      {}\n", d);
      }
      ++(c.passed ? passed : failed);
    }
    suites.push_back(std::move(suite));
  }
  fmt::print(out, "{} passed, {} failed\n", passed, failed);
  if (!o.junit.empty()) {
    Output junit;
    if (!junit.open(o.junit, out, err)) return kExitBadInput;
    write_junit(suites, junit.stream());
    if (!junit.finish(err)) return kExitBadInput;
  }
  if (bad_input) return kExitBadInput;
  return failed == 0 ? kExitOk : kExitNegative;
}

}  // namespace vpcsim::cli
