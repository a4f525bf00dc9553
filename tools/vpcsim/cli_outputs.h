#pragma once
// What `run` and `replay` share on the command line: outputs named "-" or a file, flow-log
// options from a scenario and --format / --aggregation, and the drops-by-reason summary.

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "sim/engine/packet_counters.h"
#include "sim/observe/flow_log.h"
#include "topology/model/scenario.h"

namespace vpcsim::cli {

// An output named on the command line: "-" is stdout, anything else a file.
class Output {
 public:
  // False (with a message on `err`) when the file cannot be written.
  bool open(const std::string& name, std::ostream& stdout_stream, std::ostream& err);
  std::ostream& stream() { return *os_; }
  bool ok() const { return os_ && os_->good(); }

 private:
  std::unique_ptr<std::ofstream> file_;
  std::ostream* os_ = nullptr;
};

// Flow-log options for a scenario (region, account, start_time) with the command line's
// custom format and aggregation; nullopt (with a message on `err`) for a bad --format.
std::optional<observe::FlowLogOptions> flow_log_options(const model::Scenario& sc,
                                                        const std::string& format,
                                                        std::uint32_t aggregation,
                                                        std::ostream& err);

// The packets dropped, by reason: "ENI_SG_RULES_MISMATCH 7, SUBNET_ACL_RESTRICTION 2"; ""
// when nothing was dropped.
std::string drops_text(const engine::PacketCounters& counted);

}  // namespace vpcsim::cli
