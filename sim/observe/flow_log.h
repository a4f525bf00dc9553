#pragma once
// FlowLog: the VPC Flow Logs of a run, as an engine observer
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html; records as
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html). On the simulating
// thread it takes the flow-log observations of every packet's path and stages them; in
// batches, on a worker thread when given one, they are counted into one record per
// interface, direction, 5-tuple and action per capture window (60 s or 600 s of simulated
// time, aligned on multiples of the interval since simulated time 0: FlowLogTable). When a
// window closes its records are written (FlowLogRecordWriter), sorted by interface id, then
// first packet, then the tuple, so output is deterministic. Interfaces with no traffic in a
// window get a NODATA record, except the interface of a deleted NAT gateway, within the limit
// below.
//
// NODATA over long idle spans. log-status NODATA means "There was no network traffic to or
// from the network interface during the aggregation interval"
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html), so AWS writes one
// for every interval of an idle interface. A simulation jumps over idle time for free; one
// NODATA line per window would make the output (and the time to write it) grow with the
// simulated span instead of the traffic: a flow after 10 simulated years would bring 5
// million lines per interface. So an interface's idle gap (its consecutive windows without
// traffic, from simulated time 0 or from its last traffic, until its next traffic or the end
// of the run) gets NODATA records for its first `nodata_gap_limit` windows only; its later
// windows are counted (nodata_omitted()) instead of written, for the caller to report. Every
// line written is still an AWS-exact record that is true of its window; what is left out is
// only later windows of a gap longer than the limit, far longer than any bundled scenario's
// gaps, so their output is unchanged. Windows that no interface has traffic in are never
// visited one by one: writing costs the records written plus the windows with traffic,
// whatever the span (window numbers are at most 2^63 ns / 60 s ≈ 1.5e8: no overflow).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/core/worker.h"
#include "sim/engine/observer.h"
#include "sim/observe/flow_log_record.h"
#include "sim/observe/flow_log_table.h"
#include "topology/model/flow_log_format.h"
#include "topology/model/topology.h"

namespace vpcsim::observe {

struct FlowLogOptions {
  model::FlowLogFormat format = model::FlowLogFormat::default_v2();
  std::uint32_t aggregation_seconds = 60;  // 60 or 600
  std::int64_t start_time = 0;             // Unix seconds at simulated time 0
  std::string region = "us-east-1";
  std::string account_id = "123456789012";
  std::optional<model::EniIndex> only;  // one interface's records; default: all
  bool header = false;                  // first line: the field names
  bool nodata = true;                   // NODATA records for idle interfaces
  // NODATA records for at most the first this many windows of an interface's idle gap (see
  // above): 1440 is a day of 60 s windows, ten days of 600 s windows.
  std::uint32_t nodata_gap_limit = 1440;
  // Aggregate and write on this worker thread (it must outlive the flow log): the simulating
  // thread only queues each observation. The same records in the same order either way.
  core::Worker* worker = nullptr;
};

class FlowLog final : public engine::Observer {
 public:
  FlowLog(const model::Topology& topology, FlowLogOptions options, std::ostream& out);
  ~FlowLog() override;  // waits for its work on the worker
  FlowLog(const FlowLog&) = delete;
  FlowLog& operator=(const FlowLog&) = delete;

  void on_packet(const engine::PacketEvent& e) override;
  void on_change(const engine::ChangeEvent& e) override;
  void on_finish(net::SimTime end) override;

  // After on_finish() (as the counts below).
  std::uint64_t records_written() const { return writer_.records_written(); }
  // The idle windows of interface `eni` that got no NODATA record because they came after the
  // first nodata_gap_limit windows of one of its idle gaps (0 with nodata off, for interfaces
  // `only` leaves out, and for a deleted NAT gateway's interface once it is deleted).
  std::uint64_t nodata_omitted(model::EniIndex eni) const { return nodata_omitted_[eni.value()]; }
  // The same, summed over all interfaces.
  std::uint64_t nodata_omitted() const;

 private:
  // Observations staged before the table counts them, without a worker: one batch of the
  // table's overlapping lookups (FlowLogTable::add()).
  static constexpr std::size_t kBatch = 64;
  // Observations handed to the worker at a time (threaded): few hand-overs, each small.
  static constexpr std::size_t kHandOver = 4096;
  // What on_packet() writes for every packet, on cache lines of its own: with a worker, the
  // records next to it are written by the other thread, and sharing a line would bounce it
  // between the cores on every packet.
  struct alignas(64) Intake {
    std::vector<FlowLogObservation> pending;
    std::int64_t open_window = 0;  // the window on_packet() last saw (window_: the writer's)
    std::size_t batch = kBatch;    // observations gathered before submit() (kHandOver: worker)
  };

  void submit();  // pending observations → the table (maybe on the worker)
  template <class F>
  void stage(F&& f);  // runs f on the worker, after everything before it, or now
  void flush_through(std::int64_t window);  // writes every window before `window`
  void write_window(std::int64_t window);   // the window the table holds records of
  // Windows [from, to), which no interface has traffic in.
  void write_idle_windows(std::int64_t from, std::int64_t to);
  bool nodata_of(std::uint32_t eni) const;  // whether interface `eni` gets NODATA records

  // Read by on_packet(), written only before the run.
  FlowLogOptions opt_;
  core::Worker* worker_ = nullptr;
  // The simulating thread's.
  Intake in_;
  // The writer's (the worker's, with one).
  FlowLogTable table_;
  FlowLogRecordWriter writer_;
  const model::Topology* now_;  // as the timeline has changed it: deleted NAT gateways
  std::int64_t window_ = 0;     // the open window
  bool header_written_ = false;
  // Per interface: NODATA records its current idle gap may still get; windows left out.
  std::vector<std::uint32_t> nodata_left_;
  std::vector<std::uint64_t> nodata_omitted_;
  std::vector<std::uint32_t> idle_;  // write_idle_windows(): interfaces still writing NODATA
};

}  // namespace vpcsim::observe
