#include "sim/observe/flow_log_table.h"

#include <algorithm>
#include <array>
#include <numeric>

namespace vpcsim::observe {

FlowLogTable::FlowLogTable(const model::Topology& topology) {
  const auto n = static_cast<std::uint32_t>(topology.enis().size());
  by_id_.resize(n);
  std::iota(by_id_.begin(), by_id_.end(), 0u);
  std::sort(by_id_.begin(), by_id_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return topology.enis()[a].id < topology.enis()[b].id;
  });
  rank_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i)
    rank_[by_id_[i]] = i;
  active_.assign(n, false);
}

// kBatch observations at a time, in two passes: find or create each one's record (creating
// them in arrival order) and start loading the records that already existed, then update
// them. The updates find their records in the cache instead of waiting for them one after
// another; the result is the same as applying each observation as it came. (Boost 1.81 has
// no way to prefetch the slots of a key before looking it up; its lookup prefetches the
// slots of a group whose metadata matches.)
void FlowLogTable::add(std::span<const FlowLogObservation> all) {
  std::array<std::uint32_t, kBatch> number;
  for (std::size_t from = 0; from < all.size(); from += kBatch) {
    const auto batch = all.subspan(from, std::min(kBatch, all.size() - from));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& q = batch[i];
      if (const auto it = index_.find(q.key); it != index_.end()) {
        number[i] = *it;
        __builtin_prefetch(&rec(*it));
      } else {
        number[i] = count_;
        Entry& r = append();
        r.first = q.key;
        r.second = FlowLogTotals{};
        r.second.first = q.time;
        active_[q.key.eni] = true;
        index_.insert(number[i]);
      }
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& q = batch[i];
      FlowLogTotals& t = rec(number[i]).second;
      ++t.packets;
      t.bytes += q.bytes;
      t.last = q.time;
      t.tcp_flags |= q.tcp_flags;
      if (q.traffic_path != 0) t.traffic_path = q.traffic_path;
    }
  }
}

FlowLogTable::Entry& FlowLogTable::append() {
  if ((count_ >> kChunkBits) == chunks_.size())
    chunks_.push_back(std::make_unique<Entry[]>(std::size_t{1} << kChunkBits));
  return rec(count_++);
}

void FlowLogTable::clear() {
  count_ = 0;
  index_.clear();  // keeps its capacity for the next window
}

// The window's records in output order: by interface (id order), then first packet, then
// direction, tuple and action.
void FlowLogTable::order_records() {
  order_.resize(count_);
  const auto tie_less = [&](std::uint32_t a, std::uint32_t b) {
    const auto& ka = rec(a).first;
    const auto& kb = rec(b).first;
    if (ka.egress != kb.egress) return ka.egress < kb.egress;
    if (ka.tuple != kb.tuple) return ka.tuple < kb.tuple;
    return ka.accepted > kb.accepted;
  };
  bool by_time = true;
  for (std::uint32_t n = 1; n < count_ && by_time; ++n)
    by_time = !(rec(n).second.first < rec(n - 1).second.first);
  if (by_time) {
    // Packets are observed in time order, so records are created in first-packet order: a
    // stable counting sort by interface keeps that order within each interface, and only
    // records of one interface that begin at the same instant need comparing.
    rank_start_.assign(rank_.size() + 1, 0);
    for (std::uint32_t n = 0; n < count_; ++n)
      ++rank_start_[rank_[rec(n).first.eni] + 1];
    for (std::size_t r = 1; r < rank_start_.size(); ++r)
      rank_start_[r] += rank_start_[r - 1];
    for (std::uint32_t n = 0; n < count_; ++n)
      order_[rank_start_[rank_[rec(n).first.eni]]++] = n;
    for (std::size_t i = 0; i < order_.size();) {
      std::size_t j = i + 1;
      while (j < order_.size() && rec(order_[j]).first.eni == rec(order_[i]).first.eni &&
             rec(order_[j]).second.first == rec(order_[i]).second.first)
        ++j;
      if (j - i > 1)
        std::sort(order_.begin() + static_cast<std::ptrdiff_t>(i),
                  order_.begin() + static_cast<std::ptrdiff_t>(j), tie_less);
      i = j;
    }
    return;
  }
  // Otherwise sort compact (interface rank, first packet, record) triples; only ties on both
  // look at the records themselves.
  struct SortKey {
    std::uint32_t rank;
    std::uint32_t record;
    std::int64_t first;
  };
  std::vector<SortKey> keys(count_);
  for (std::uint32_t n = 0; n < count_; ++n)
    keys[n] = {rank_[rec(n).first.eni], n, rec(n).second.first.count()};
  std::sort(keys.begin(), keys.end(), [&](const SortKey& a, const SortKey& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.first != b.first) return a.first < b.first;
    return tie_less(a.record, b.record);
  });
  for (std::uint32_t n = 0; n < count_; ++n)
    order_[n] = keys[n].record;
}

}  // namespace vpcsim::observe
