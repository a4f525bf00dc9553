// Every fuzz harness over its saved inputs (tests/fixtures/fuzz/<harness>/: inputs that once
// crashed, hung or misbehaved, kept so they stay fixed) and over the real inputs the project
// has: scenarios, the bad-input fixtures, captures. A harness returns normally whatever the bytes.

#include "tools/fuzz/harness.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace {

namespace fs = std::filesystem;
const fs::path kSource = VPCSIM_SOURCE_DIR;

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Regular files under `dir` (recursively), whose name ends with `suffix` ("" for any), sorted.
std::vector<fs::path> files_in(const fs::path& dir, const std::string& suffix = "") {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const auto name = e.path().filename().string();
    if (e.is_regular_file() && name.ends_with(suffix)) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void run_on(const vpcsim::fuzz::Harness& h, const std::string& bytes) {
  h.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::vector<fs::path> inputs_for(std::string_view harness) {
  auto out = files_in(kSource / "tests/fixtures/fuzz" / std::string(harness));
  if (harness == "scenario_loader") {
    for (const auto& d : fs::directory_iterator(kSource / "scenarios")) {
      if (fs::is_regular_file(d.path() / "scenario.json"))
        out.push_back(d.path() / "scenario.json");
    }
    for (const auto& f : files_in(kSource / "tests/fixtures/bad-input", ".json"))
      out.push_back(f);
  }
  if (harness == "aws_snapshot") {
    for (const auto& f : files_in(kSource / "scenarios/aws-snapshot/snapshot", ".json"))
      out.push_back(f);
    for (const auto& f : files_in(kSource / "tests/fixtures/bad-input/aws", ".json"))
      out.push_back(f);
    for (const auto& f : files_in(kSource / ".." / "shared" / "corpus", ".json")) {
      if (fs::file_size(f) < 1'000'000) out.push_back(f);  // every describe-* file there
    }
  }
  if (harness == "pcap_reader" || harness == "replay") {
    for (const auto& f : files_in(kSource / "tests/fixtures/pcap", ".pcap"))
      out.push_back(f);
    for (const auto& f : files_in(kSource / "tests/fixtures/bad-input/pcap"))
      out.push_back(f);
  }
  return out;
}

}  // namespace

TEST_CASE("fuzz harnesses return normally on every saved and real input, and on its prefixes") {
  for (const auto& h : vpcsim::fuzz::kHarnesses) {
    CAPTURE(h.name);
    const auto inputs = inputs_for(h.name);
    if (h.name != "replay") CHECK_FALSE(inputs.empty());
    for (const auto& p : inputs) {
      CAPTURE(p.string());
      const auto bytes = bytes_of(p);
      run_on(h, bytes);
      // Cut short at a few places, as a damaged or truncated file would be.
      for (const std::size_t cut : {std::size_t{0}, bytes.size() / 3, bytes.size() / 2})
        run_on(h, bytes.substr(0, cut));
    }
  }
}
