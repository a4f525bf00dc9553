#include "tools/vpcsim/cli_outputs.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "sim/path/drop_reason.h"
#include "topology/load/flow_log_format_reader.h"

namespace vpcsim::cli {

bool Output::open(const std::string& name, std::ostream& stdout_stream, std::ostream& err) {
  if (name == "-") {
    os_ = &stdout_stream;
    return true;
  }
  file_ = std::make_unique<std::ofstream>(name, std::ios::binary);
  if (!*file_) {
    fmt::print(err, "vpcsim: cannot write {}: {}\n", name, std::strerror(errno));
    return false;
  }
  os_ = file_.get();
  return true;
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
