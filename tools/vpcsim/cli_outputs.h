#pragma once
// What `run` and `replay` share on the command line: outputs named "-" or a file, flow-log
// options from a scenario and --format / --aggregation, and the drops-by-reason summary.

#include <cerrno>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

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
  // Flushes what was written; false (with "vpcsim: cannot write NAME: reason" on `err`) when
  // any of it could not be written (a full disk, /dev/full, a closed pipe).
  bool finish(std::ostream& err);

 private:
  // A file buffer that keeps the reason of its first failed write (errno then), which an
  // ofstream forgets by the time anyone looks.
  class FileBuf : public std::filebuf {
   public:
    int first_error = 0;

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

   private:
    void note() {
      if (!first_error) first_error = errno ? errno : EIO;
    }
  };
  std::unique_ptr<FileBuf> buf_;
  std::unique_ptr<std::ostream> file_;
  std::ostream* os_ = nullptr;
  std::string name_;
};

// The outputs of one command, by option ("--flow-log", "FILE"): false (with a message on
// `err`) when two options name the same file, which would clobber one with the other. "-"
// (standard output) may be named by several; empty names are outputs not asked for.
bool distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs,
                      std::ostream& err);

// Flushes standard output; false (with a message on `err`) when what a command printed
// could not all be written.
bool stdout_written(std::ostream& out, std::ostream& err);

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
