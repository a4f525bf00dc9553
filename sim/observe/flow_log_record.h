#pragma once
// FlowLogRecordWriter: the text of VPC flow-log records, one line each, the format's fields in
// its order separated by single spaces, with the values
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html gives them: traffic
// records (log-status OK) and NODATA records for an interface without traffic in a window
// ("-" for every field that describes traffic). Fields that describe the interface itself
// (version, account-id, interface-id, vpc-id, subnet-id, instance-id, region, az-id) are the
// same in both; when the format begins with them, they are formatted once per interface.
//
// Addresses follow the limitations section of
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html: an interface's own side is
// reported as its primary private IP (srcaddr for egress, dstaddr for ingress) unless the
// packet carries another address of the interface as its source; pkt-srcaddr / pkt-dstaddr
// are the packet's own. start / end are Unix seconds from the settings' start_time.
//
// Lines are gathered in a buffer and written to the stream when it holds 64 KiB or more,
// and on write_out().

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/observe/flow_log_table.h"
#include "topology/model/flow_log_format.h"
#include "topology/model/topology.h"

namespace vpcsim::observe {

// What a record says besides its traffic.
struct FlowLogRecordSettings {
  model::FlowLogFormat format = model::FlowLogFormat::default_v2();
  std::int64_t start_time = 0;             // Unix seconds at simulated time 0
  std::uint32_t aggregation_seconds = 60;  // the window of a NODATA record
  std::string region = "us-east-1";
  std::string account_id = "123456789012";
};

class FlowLogRecordWriter {
 public:
  // `topology` describes the interfaces (ids, subnets, addresses) and must outlive the writer.
  FlowLogRecordWriter(const model::Topology& topology, FlowLogRecordSettings settings,
                      std::ostream& out);

  // The header line: the format's field names.
  void write_header();
  // One traffic record: the key's interface, direction, tuple and action, with its totals.
  void write_record(const FlowLogKey& key, const FlowLogTotals& totals);
  // The NODATA record of interface `eni` for capture window `window` (its number since
  // simulated time 0, in aggregation_seconds).
  void write_nodata(std::uint32_t eni, std::int64_t window);
  // The buffered lines to the stream.
  void write_out();
  // write_out(), then flushes the stream.
  void flush();

  std::uint64_t records_written() const { return written_; }

 private:
  static constexpr std::size_t kFlushBytes = std::size_t{1} << 16;

  // Appends one line for interface `index` (`eni`): the interface fields, then `field(line, f)`
  // for every other field f of the format.
  template <class Field>
  void write_line(std::uint32_t index, const model::Eni& eni, Field&& field);
  // The leading run of interface fields of `eni`'s records, formatted once.
  const std::string& lead_text(std::uint32_t eni);

  const model::Topology& topo_;
  FlowLogRecordSettings set_;
  std::ostream& out_;
  std::size_t lead_ = 0;                // leading format fields that describe the interface
  std::vector<std::string> lead_text_;  // per interface: those fields, formatted (lazily)
  std::string buf_;
  std::uint64_t written_ = 0;
};

// The flow-log tcp-flags value of one packet
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html): FIN 1, SYN 2,
// RST 4, SYN-ACK 18; other flags count 0 unless they come with one of these.
std::uint8_t flow_log_tcp_flags(std::uint8_t packet_flags);

}  // namespace vpcsim::observe
