#pragma once
// EventQueue<Event>: pending events ordered by (time, sequence number). The sequence
// number is assigned on push, so events at the same simulated time run in the order they
// were scheduled: this is what makes runs reproducible.
//
// Implementation: an implicit 4-ary min-heap with hole-based sifting (elements are moved,
// not swapped). A 4-ary heap halves the depth of a binary heap and keeps the four
// children of a node in one or two cache lines.

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/sim_time.h"

namespace vpcsim::core {

template <class Event>
class EventQueue {
 public:
  struct Entry {
    SimTime time;
    std::uint64_t seq;
    Event event;
  };

  void push(SimTime time, Event event) {
    heap_.push_back(Entry{time, next_seq_++, std::move(event)});
    sift_up(heap_.size() - 1);
  }

  // Removes and returns the earliest entry. Precondition: !empty().
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
  void reserve(std::size_t n) { heap_.reserve(n); }
  std::uint64_t pushed() const { return next_seq_; }

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
  std::uint64_t next_seq_ = 0;
};

}  // namespace vpcsim::core
