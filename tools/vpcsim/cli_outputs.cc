#include "tools/vpcsim/cli_outputs.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "sim/path/drop_reason.h"
#include "topology/load/flow_log_format_reader.h"

namespace vpcsim::cli {

bool Output::open(const std::string& name, std::ostream& stdout_stream, std::ostream& err) {
  name_ = name == "-" ? "standard output" : name;
  if (name == "-") {
    os_ = &stdout_stream;
    return true;
  }
  buf_ = std::make_unique<FileBuf>();
  if (!buf_->open(name, std::ios::out | std::ios::trunc | std::ios::binary)) {
    fmt::print(err, "vpcsim: cannot write {}: {}\n", name, std::strerror(errno));
    return false;
  }
  file_ = std::make_unique<std::ostream>(buf_.get());
  os_ = file_.get();
  return true;
}

Output::FileBuf::int_type Output::FileBuf::overflow(int_type c) {
  const auto r = std::filebuf::overflow(c);
  if (traits_type::eq_int_type(r, traits_type::eof())) note();
  return r;
}

std::streamsize Output::FileBuf::xsputn(const char* s, std::streamsize n) {
  const auto r = std::filebuf::xsputn(s, n);
  if (r < n) note();
  return r;
}

int Output::FileBuf::sync() {
  const int r = std::filebuf::sync();
  if (r != 0) note();
  return r;
}

bool Output::finish(std::ostream& err) {
  if (!os_) return true;
  if (!buf_) return stdout_written(*os_, err);
  os_->flush();
  const bool closed = buf_->close() != nullptr;
  if (os_->good() && closed && !buf_->first_error) return true;
  fmt::print(err, "vpcsim: cannot write {}: {}\n", name_,
             std::strerror(buf_->first_error ? buf_->first_error : EIO));
  return false;
}

bool distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs,
                      std::ostream& err) {
  namespace fs = std::filesystem;
  std::vector<std::pair<fs::path, const std::string*>> seen;
  for (const auto& [option, name] : outputs) {
    if (name.empty() || name == "-") continue;
    std::error_code ec;
    auto path = fs::weakly_canonical(name, ec);
    if (ec) path = fs::absolute(name, ec).lexically_normal();
    for (const auto& [other_path, other] : seen) {
      if (other_path == path) {
        fmt::print(err, "vpcsim: {} and {} name the same file {}; give each its own\n", *other,
                   option, name);
        return false;
      }
    }
    seen.emplace_back(path, &option);
  }
  return true;
}

bool stdout_written(std::ostream& out, std::ostream& err) {
  errno = 0;
  out.flush();
  // std::cout writes through C's stdout: flush that too, and ask it whether a write failed.
  if (out.good() && std::fflush(stdout) == 0 && !std::ferror(stdout)) return true;
  // Standard output is the process's: once said, a second check (a command's, then main's)
  // fails quietly.
  static bool reported = false;
  if (!reported)
    fmt::print(err, "vpcsim: cannot write standard output: {}\n",
               errno ? std::strerror(errno) : "write error");
  reported = true;
  return false;
}

std::optional<observe::FlowLogOptions> flow_log_options(const model::Scenario& sc,
                                                        const std::string& format,
                                                        std::uint32_t aggregation,
                                                        std::ostream& err) {
  observe::FlowLogOptions fl;
  fl.aggregation_seconds = aggregation;
  fl.start_time = sc.start_time;
  fl.region = sc.region;
  fl.account_id = sc.account_id;
  if (!format.empty()) {
    std::string error;
    auto f = load::parse_flow_log_format(format, error);
    if (!f) {
      fmt::print(err, "vpcsim: --format: {}\n", error);
      return std::nullopt;
    }
    fl.format = std::move(*f);
  }
  return fl;
}

std::string drops_text(const engine::PacketCounters& counted) {
  const auto& by_reason = counted.drops_by_reason;
  std::string out;
  for (std::size_t i = 0; i < by_reason.size(); ++i) {
    if (by_reason[i] == 0) continue;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ",
                       path::code(static_cast<path::DropReason>(i)), by_reason[i]);
  }
  return out;
}

}  // namespace vpcsim::cli
