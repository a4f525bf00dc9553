#pragma once
// FlowLogTable: the records of a flow log's open capture window
// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html: one record per interface,
// direction, 5-tuple and action per aggregation interval), their totals (packets, bytes,
// first and last packet, tcp-flags, traffic-path, as
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html defines them), and
// the order a closed window's records are written in: by interface id, then first packet,
// then direction, tuple and action, so the output is deterministic.
//
// Records live in fixed chunks in arrival order (no reallocation spike as a window fills;
// capacity reused by the next window), found through a boost::unordered_flat_set of record
// numbers whose hash and equality look through to the records' keys: 4 bytes a slot, so the
// index of a busy window stays in cache.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include <boost/unordered/unordered_flat_set.hpp>

#include "topology/model/topology.h"
#include "topology/net/five_tuple.h"
#include "topology/net/sim_time.h"

namespace vpcsim::observe {

// What a record is of: an interface (index), a direction, an action and a 5-tuple (ports 0
// for protocols without them).
struct FlowLogKey {
  std::uint32_t eni;
  std::uint8_t egress;
  std::uint8_t accepted;
  net::FiveTuple tuple;
  friend bool operator==(const FlowLogKey&, const FlowLogKey&) = default;
};

// The tuple's hash with the interface, direction and action mixed in. Its last step is a
// multiply, so the high bits that boost's table takes are mixed: marked avalanching, so
// that boost does not mix it again.
struct FlowLogKeyHash {
  using is_avalanching = void;
  std::size_t operator()(const FlowLogKey& k) const noexcept {
    return std::hash<net::FiveTuple>{}(k.tuple) ^
           ((std::size_t{k.eni} << 2 | std::size_t{k.egress} << 1 | k.accepted) *
            0x9e3779b97f4a7c15ull);
  }
};

struct FlowLogTotals {
  std::uint64_t bytes = 0;
  net::SimTime first{};
  net::SimTime last{};
  std::uint32_t packets = 0;
  std::uint8_t tcp_flags = 0;     // flow_log_tcp_flags() of every packet, OR-ed
  std::uint8_t traffic_path = 0;  // the last packet's that had one (0: none)
};

// One packet as a flow log counts it at one interface.
struct FlowLogObservation {
  FlowLogKey key;
  net::SimTime time{};
  std::uint32_t bytes;
  std::uint8_t tcp_flags;     // flow_log_tcp_flags() of the packet
  std::uint8_t traffic_path;  // 0: none
};

class FlowLogTable {
 public:
  // The interfaces of `topology`, in id order.
  explicit FlowLogTable(const model::Topology& topology);
  FlowLogTable(const FlowLogTable&) = delete;  // the index refers to this table's records
  FlowLogTable& operator=(const FlowLogTable&) = delete;

  // Counts `observations` in the open window, in order: a record's first packet is the first
  // observation of its key.
  void add(std::span<const FlowLogObservation> observations);
  std::size_t size() const { return count_; }
  // The interface indexes in id order (the order close_window() reports them in).
  std::span<const std::uint32_t> interfaces() const { return by_id_; }

  // Closes the open window. For every interface in id order: record(key, totals) for each of
  // its records in output order, or idle(eni index) when it has none. Then the table is empty,
  // for the next window.
  template <class Record, class Idle>
  void close_window(Record&& record, Idle&& idle);

 private:
  using Entry = std::pair<FlowLogKey, FlowLogTotals>;
  // Record numbers hashed and compared by their records' keys; a key finds its record.
  struct RecordHash {
    using is_transparent = void;
    using is_avalanching = void;
    const FlowLogTable* table;
    std::size_t operator()(const FlowLogKey& k) const noexcept { return FlowLogKeyHash{}(k); }
    std::size_t operator()(std::uint32_t n) const noexcept { return (*this)(table->key(n)); }
  };
  struct RecordEqual {
    using is_transparent = void;
    const FlowLogTable* table;
    bool operator()(std::uint32_t a, std::uint32_t b) const noexcept { return a == b; }
    bool operator()(const FlowLogKey& k, std::uint32_t n) const noexcept {
      return table->key(n) == k;
    }
    bool operator()(std::uint32_t n, const FlowLogKey& k) const noexcept {
      return table->key(n) == k;
    }
  };
  static constexpr unsigned kChunkBits = 12;
  // Observations looked up before their records are updated (see add()).
  static constexpr std::size_t kBatch = 64;

  Entry& rec(std::uint32_t n) { return chunks_[n >> kChunkBits][n & ((1u << kChunkBits) - 1)]; }
  const FlowLogKey& key(std::uint32_t n) const {
    return chunks_[n >> kChunkBits][n & ((1u << kChunkBits) - 1)].first;
  }
  Entry& append();
  void order_records();
  void clear();

  std::vector<std::uint32_t> rank_;  // interface index → position in id order
  std::vector<std::uint32_t> by_id_;
  std::vector<bool> active_;  // per interface: a record in the open window
  // The open window's records, in arrival order, and their numbers by key.
  std::vector<std::unique_ptr<Entry[]>> chunks_;
  std::uint32_t count_ = 0;
  boost::unordered_flat_set<std::uint32_t, RecordHash, RecordEqual> index_{0, RecordHash{this},
                                                                           RecordEqual{this}};
  std::vector<std::uint32_t> order_;       // record numbers in output order
  std::vector<std::uint32_t> rank_start_;  // counting sort by interface
};

template <class Record, class Idle>
void FlowLogTable::close_window(Record&& record, Idle&& idle) {
  order_records();
  std::size_t r = 0;
  for (const auto eni : by_id_) {
    if (!active_[eni]) {
      idle(eni);
      continue;
    }
    for (; r < order_.size() && rec(order_[r]).first.eni == eni; ++r)
      record(rec(order_[r]).first, rec(order_[r]).second);
    active_[eni] = false;
  }
  clear();
}

}  // namespace vpcsim::observe
