#pragma once
// FlowLog: the VPC Flow Logs of a run
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html). Aggregates what every
// interface saw into one record per interface, direction, 5-tuple and action per capture window
// (60 s or 600 s of simulated time), and writes the records of each window when it closes:
// sorted by interface id, then first packet, then the tuple, so output is deterministic.
// Interfaces with no traffic in a window get a NODATA record.
//
// Addresses follow the limitations section of
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html: an interface's own side
// is reported as its primary private IP (srcaddr for egress, dstaddr for ingress) unless
// the packet carries another address of
// the interface as its source; pkt-srcaddr / pkt-dstaddr are the packet's own. Windows are
// aligned on multiples of the interval since simulated time 0; start / end are the first
// and last packet of the record, in Unix seconds from the scenario's start_time.

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/core/worker.h"
#include "sim/engine/observer.h"
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

struct FlowLogLine;

class FlowLog final : public engine::Observer {
 public:
  FlowLog(const model::Topology& topology, FlowLogOptions options, std::ostream& out);
  ~FlowLog() override;  // waits for its work on the worker
  FlowLog(const FlowLog&) = delete;
  FlowLog& operator=(const FlowLog&) = delete;

  void on_packet(const engine::PacketEvent& e) override;
  void on_change(const engine::ChangeEvent& e) override;
  void on_finish(net::SimTime end) override;

  std::uint64_t records_written() const { return written_; }

 private:
  struct Key {
    std::uint32_t eni;
    std::uint8_t egress;
    std::uint8_t accepted;
    net::FiveTuple tuple;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept;
  };
  struct Totals {
    std::uint64_t bytes = 0;
    net::SimTime first{};
    net::SimTime last{};
    std::uint32_t packets = 0;
    std::uint8_t tcp_flags = 0;
    std::uint8_t traffic_path = 0;
  };
  using Entry = std::pair<Key, Totals>;

  void flush_through(std::int64_t window);  // writes every window before `window`
  void write_window(std::int64_t window);
  void write_record(const Key& k, const Totals& t);
  bool put_interface_field(FlowLogLine& line, model::FlowLogField f, const model::Eni& eni);
  void flush_buffer();
  const std::string& lead_text(std::uint32_t eni);
  std::size_t lead_ = 0;                // leading format fields that describe the interface
  std::vector<std::string> lead_text_;  // per interface: those fields, formatted (lazily)
  void write_nodata(std::uint32_t eni, std::int64_t window);

  const model::Topology& topo_;
  const model::Topology* now_;  // as the timeline has changed it: deleted NAT gateways
  FlowLogOptions opt_;
  std::ostream& out_;
  std::int64_t window_ = 0;  // the open window
  // The open window's records, in arrival order, and an open-addressing index over them:
  // 4 bytes per slot (record number + 1; 0 = empty), at most half full.
  // Records live in fixed chunks: no reallocation spike as a window fills, capacity reused
  // by the next window.
  static constexpr unsigned kChunkBits = 12;
  std::vector<std::unique_ptr<Entry[]>> chunks_;
  std::uint32_t count_ = 0;
  Entry& rec(std::uint32_t n) { return chunks_[n >> kChunkBits][n & ((1u << kChunkBits) - 1)]; }
  Entry& append();
  std::vector<std::uint32_t> index_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> rank_start_;  // counting sort by interface
  void order_records();
  // Observations wait in a small batch so that their lookups overlap (see drain()).
  struct Pending {
    Key key;
    std::size_t hash;  // of key, filled in by drain()
    net::SimTime time{};
    std::uint32_t bytes;
    std::uint8_t tcp_flags;
    std::uint8_t traffic_path;
  };
  static constexpr std::size_t kBatch = 64;
  // Observations handed to the worker at a time (threaded): few hand-overs, each small.
  static constexpr std::size_t kHandOver = 4096;
  // What on_packet() writes for every packet, on cache lines of its own: with a worker, the
  // records next to it are written by the other thread, and sharing a line would bounce it
  // between the cores on every packet.
  struct alignas(64) Intake {
    std::vector<Pending> pending;
    std::int64_t open_window = 0;  // the window on_packet() last saw (window_: the writer's)
    std::size_t batch = kBatch;    // observations gathered before submit() (kHandOver: worker)
  };
  Intake in_;
  void submit();  // pending observations → the records (maybe on the worker)
  template <class F>
  void stage(F&& f);  // runs f on the worker, after everything before it, or now
  void drain(std::vector<Pending>& batch);
  void reserve_index(std::size_t records);
  Totals& record(const Key& k, std::size_t hash, net::SimTime now);
  std::vector<std::uint32_t> rank_;  // interface index → position in id order
  std::vector<std::uint32_t> by_id_;
  std::vector<bool> active_;  // per interface: a record in the open window
  // Records are formatted into one buffer, written out when it holds kFlushBytes or more,
  // at the end of every window and at the end of the run.
  static constexpr std::size_t kFlushBytes = std::size_t{1} << 16;
  std::string buf_;
  std::uint64_t written_ = 0;
  bool header_written_ = false;
  core::Worker* worker_ = nullptr;
};

// The flow-log tcp-flags value of one packet
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html): FIN 1, SYN 2,
// RST 4, SYN-ACK 18; other flags count 0 unless they come with one of these.
std::uint8_t flow_log_tcp_flags(std::uint8_t packet_flags);

}  // namespace vpcsim::observe
