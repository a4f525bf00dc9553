#pragma once
// EventQueue<Event>: pending events ordered by (time, sequence number). The sequence
// number is assigned on push, so events at the same simulated time run in the order they
// were scheduled: this is what makes runs reproducible.
//
// Implementation: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan, "Faster algorithms for the
// shortest path problem", JACM 1990) for the common case, where nothing is pushed earlier
// than the last popped time (the Engine never does: it clamps to now()), plus a 4-ary
// min-heap for entries that are pushed earlier than that.
//
// The radix heap keeps `last_`, the time of the last refill (the time being popped), and 65
// buckets: bucket 0 holds the entries at exactly `last_`, bucket b > 0 those whose time
// differs from `last_` first in bit b-1 (counting from 0, highest differing bit). Push
// appends to one bucket: O(1). Pop takes bucket 0 front to back; when it is used up, the
// lowest non-empty bucket is scanned for its minimum time, which becomes `last_`, and its
// entries are spread over the lower buckets. An entry only ever moves to a lower bucket, so
// it moves at most 64 times whatever the times are (no tuning, no pathological inputs, unlike
// calendar queues), and in practice a few times. The buckets are scanned and appended
// sequentially, which is what makes it fast with many pending events: a binary or 4-ary heap
// touches a random cache line per level.
//
// Why the order is exactly (time, seq) without comparing seq: entries of equal time always
// sit in the same bucket (the bucket is a function of the time and `last_`), buckets only
// ever receive entries at their end, and a refill moves a bucket's entries in order into
// buckets that are empty at that moment. So equal-time entries stay in push order, and
// bucket 0, a FIFO, pops them in that order.
//
// Entries pushed earlier than `last_` (the radix heap cannot take them) go to the 4-ary
// heap. All of them are earlier than every radix entry (`last_` only moves forward while the
// queue is not empty), so pop drains the heap first.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <chrono>

namespace vpcsim::core {

// The kernel's clock: simulated nanoseconds since the start of a run (never the wall clock).
using Time = std::chrono::nanoseconds;

namespace detail {

// An implicit 4-ary min-heap of entries ordered by (time, seq), with hole-based sifting
// (elements are moved, not swapped).
template <class Entry>
class EntryHeap {
 public:
  void push(Entry e) {
    heap_.push_back(std::move(e));
    sift_up(heap_.size() - 1);
  }
  // Precondition: !empty().
  Entry pop() {
    Entry top = std::move(heap_.front());
    Entry last = std::move(heap_.back());
    heap_.pop_back();
    if (!heap_.empty()) sift_down(std::move(last));
    return top;
  }
  const Entry& top() const { return heap_.front(); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

 private:
  static constexpr std::size_t kArity = 4;
  static bool before(const Entry& a, const Entry& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }

  void sift_up(std::size_t i) {
    Entry moving = std::move(heap_[i]);
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!before(moving, heap_[parent])) break;
      heap_[i] = std::move(heap_[parent]);
      i = parent;
    }
    heap_[i] = std::move(moving);
  }

  // Places `moving` starting from the root hole.
  void sift_down(Entry moving) {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
      if (!before(heap_[best], moving)) break;
      heap_[i] = std::move(heap_[best]);
      i = best;
    }
    heap_[i] = std::move(moving);
  }

  std::vector<Entry> heap_;
};

}  // namespace detail

template <class Event>
class EventQueue {
 public:
  struct Entry {
    Time time{};
    std::uint64_t seq;
    Event event;
  };

  void push(Time time, Event event) {
    const std::uint64_t k = key_of(time);
    // The radix part is empty only when the whole queue is (the early heap only receives
    // entries while it is not, and pop drains the early heap first), so it may then restart
    // at an earlier time. (It does not move forward: a later push goes to a higher bucket,
    // so that pushes between the two times still go to the radix part.)
    if (radix_size_ == 0 && k < last_) last_ = k;
    if (k < last_) {
      early_.push(Entry{time, next_seq_++, std::move(event)});
      return;
    }
    const unsigned b = bucket_of(k);
    if (b == 0 && head_ >= kCompactAt && head_ * 2 >= buckets_[0].size()) compact_front();
    buckets_[b].push_back(Entry{time, next_seq_++, std::move(event)});
    if (b != 0) nonempty_ |= bucket_bit(b);
    ++radix_size_;
  }

  // Removes and returns the earliest entry. Precondition: !empty().
  Entry pop() {
    if (!early_.empty()) return early_.pop();
    if (head_ == buckets_[0].size()) refill();
    Entry e = std::move(buckets_[0][head_++]);
    if (--radix_size_ == 0) {
      buckets_[0].clear();
      head_ = 0;
    }
    return e;
  }

  // The earliest entry. Precondition: !empty(). Logically const; it may reorganise the
  // buckets (so, like every member, it must not race with other calls).
  const Entry& top() const {
    if (!early_.empty()) return early_.top();
    if (head_ == buckets_[0].size()) refill();
    return buckets_[0][head_];
  }

  bool empty() const { return radix_size_ == 0 && early_.empty(); }
  std::size_t size() const { return radix_size_ + early_.size(); }
  // Kept for source compatibility; does nothing: the buckets grow on demand and keep their
  // storage for reuse.
  void reserve(std::size_t) {}
  std::uint64_t pushed() const { return next_seq_; }

 private:
  static constexpr unsigned kBuckets = 65;
  static constexpr std::size_t kCompactAt = 1024;

  // Order-preserving map of the signed time to an unsigned key.
  static std::uint64_t key_of(Time t) {
    return static_cast<std::uint64_t>(t.count()) ^ (std::uint64_t{1} << 63);
  }
  // 0 if k == last_, else 1 + the index of the highest bit where k and last_ differ.
  unsigned bucket_of(std::uint64_t k) const {
    return static_cast<unsigned>(std::bit_width(k ^ last_));
  }
  // The bit of bucket b (1..64) in nonempty_.
  static std::uint64_t bucket_bit(unsigned b) { return std::uint64_t{1} << (b - 1); }

  // Bucket 0 is used up and the radix part is not empty: the minimum of the lowest non-empty
  // bucket becomes last_ and that bucket's entries move, in order, to lower buckets.
  void refill() const {
    buckets_[0].clear();
    head_ = 0;
    const auto b = static_cast<unsigned>(std::countr_zero(nonempty_)) + 1;
    auto& from = buckets_[b];
    std::uint64_t least = std::numeric_limits<std::uint64_t>::max();
    for (const Entry& e : from) {
      const std::uint64_t k = key_of(e.time);
      least = k < least ? k : least;
    }
    last_ = least;
    for (Entry& e : from) {
      const unsigned to = bucket_of(key_of(e.time));
      buckets_[to].push_back(std::move(e));
      if (to != 0) nonempty_ |= bucket_bit(to);
    }
    from.clear();
    nonempty_ &= ~bucket_bit(b);
  }

  // Drops the popped prefix of bucket 0, so that a long run of events scheduled at the
  // current time (each pushing the next) does not grow it without bound.
  void compact_front() {
    auto& q = buckets_[0];
    std::move(q.begin() + static_cast<std::ptrdiff_t>(head_), q.end(), q.begin());
    q.erase(q.end() - static_cast<std::ptrdiff_t>(head_), q.end());
    head_ = 0;
  }

  // The radix part. mutable: top() may refill.
  mutable std::vector<Entry> buckets_[kBuckets];
  mutable std::size_t head_ = 0;                 // next entry of bucket 0 to pop
  mutable std::uint64_t last_ = key_of(Time());  // key of bucket 0's entries
  mutable std::uint64_t nonempty_ = 0;           // bit b-1 set iff bucket b (1..64) is not empty
  std::size_t radix_size_ = 0;                   // entries in the radix part (not yet popped)
  detail::EntryHeap<Entry> early_;               // entries pushed earlier than last_
  std::uint64_t next_seq_ = 0;
};

}  // namespace vpcsim::core
