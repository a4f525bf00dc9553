#pragma once
// Helpers for end-to-end tests of the vpcsim binary: run it with arguments, capture its exit
// code and output (stdout and stderr apart or together).

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace vpcsim::test {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (const char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A file in a fresh temporary folder, removed with the folder at the end of the scope.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "vpcsim-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path file(const std::string& name) const { return path_ / name; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

// Runs the vpcsim binary with `args`; stdout and stderr are captured apart (stdout goes to
// the file `stdout_to` instead when that is given, e.g. /dev/full).
inline CliRun run_vpcsim(const std::vector<std::string>& args, const std::string& stdout_to = "") {
  const TempDir dir;
  const auto err_file = dir.file("stderr");
  std::string cmd = shell_quote(VPCSIM_BINARY);
  for (const auto& a : args) {
    cmd += ' ';  // not `" " + quote(a)`: g++ 12 -O3 reports a false -Wrestrict on it
    cmd += shell_quote(a);
  }
  cmd += " 2>";
  cmd += shell_quote(err_file.string());
  cmd += " </dev/null";
  if (!stdout_to.empty()) {
    cmd += " >";
    cmd += shell_quote(stdout_to);
  }
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE_MESSAGE(p != nullptr, "cannot run ", cmd);
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
    r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_text(err_file);
  return r;
}

}  // namespace vpcsim::test
