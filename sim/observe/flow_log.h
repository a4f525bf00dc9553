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
// window get a NODATA record, except the interface of a deleted NAT gateway.

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

  std::uint64_t records_written() const { return writer_.records_written(); }

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
  void write_window(std::int64_t window);

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
};

}  // namespace vpcsim::observe
