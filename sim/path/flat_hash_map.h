#pragma once
// FlatHashMap<K, V, Hash>: an open-addressing hash map for the per-packet tables
// (connection tracking, the simulation's ports in use): keys and values live inline in one
// array, found by linear probing from the hash, with Robin Hood ordering. Each slot has a
// 16-bit control word beside it: 0 = empty, else 1 + the entry's displacement (how far it
// sits from its home slot). An insertion takes the slot of any entry closer to its home
// than the newcomer ("rich" entries give way), so displacements stay small and even at
// 7/8 full. Lookups stop as soon as they meet an entry closer to home than they are, and
// compare keys only with entries of the same home. Erase shifts the following entries back
// by one until one is at its home (no tombstones, and no hashing: the control words say
// where to stop). One cache miss per lookup in the common case; no allocation per entry.
//
// K and V must be default-constructible and movable. Pointers returned by find() and
// try_emplace() stay valid until the next insertion or erase. The hash must spread keys:
// an entry can sit at most 65,534 slots from its home; when a run of that length cannot be
// spread by growing (the table already 16 times larger than its contents), try_emplace
// throws std::length_error.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace vpcsim::path {

// `max_load_eighths`: the table grows when more than this many eighths of its slots would be
// full (6: 75 %; 7: 87.5 %, for big tables where memory matters more than probe length).
template <class K, class V, class Hash, class Eq = std::equal_to<K>, unsigned max_load_eighths = 6>
class FlatHashMap {
  static_assert(max_load_eighths >= 1 && max_load_eighths <= 7);

 public:
  FlatHashMap() { allocate(16); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return slots_.size(); }

  V* find(const K& key) {
    const std::size_t i = locate(key, Hash{}(key));
    return i == kNone ? nullptr : &slots_[i].value;
  }
  const V* find(const K& key) const { return const_cast<FlatHashMap*>(this)->find(key); }

  // Starts loading the cache lines a lookup of `key` will touch first (a hint, no effect on
  // the contents): issue it early, do other work, then find().
  void prefetch(const K& key) const {
    const std::size_t i = Hash{}(key)&mask_;
    __builtin_prefetch(&ctrl_[i]);
    __builtin_prefetch(&slots_[i]);
    // GCC treats __builtin_prefetch as free of side effects: a function that only prefetches
    // is found "pure", and a call to it whose result is unused is deleted (g++ 12 did so
    // here whenever the hash was not inlined first). An empty volatile asm keeps the calls.
    asm volatile("");
  }

  // The value of `key`, default-constructed and inserted if absent; second: inserted.
  std::pair<V*, bool> try_emplace(const K& key) {
    const std::size_t h = Hash{}(key);
    if (const std::size_t i = locate(key, h); i != kNone) return {&slots_[i].value, false};
    if ((size_ + 1) * 8 > slots_.size() * max_load_eighths) grow();
    std::size_t at = place(Slot{key, V{}}, h);
    if (at == kNone) at = locate(key, Hash{}(key));  // the table grew while placing
    return {&slots_[at].value, true};
  }

  bool erase(const K& key) {
    const std::size_t i = locate(key, Hash{}(key));
    if (i == kNone) return false;
    erase_slot(i);
    return true;
  }

  // Removes every entry, keeping the capacity.
  void clear() {
    std::fill(ctrl_.begin(), ctrl_.end(), Ctrl{0});
    size_ = 0;
  }
  void reserve(std::size_t n) {
    std::size_t cap = slots_.size();
    while (n * 8 > cap * max_load_eighths)
      cap *= 2;
    if (cap != slots_.size()) rehash(cap);
  }

  // Looks at `n` slots from `cursor` onwards (wrapping) and erases the entries for which
  // pred(const K&, const V&) holds; advances `cursor`. For incremental clean-up of expired
  // entries: a little work per insertion instead of a pause. Returns how many it erased.
  template <class Pred>
  std::size_t sweep(std::size_t& cursor, std::size_t n, Pred&& pred) {
    std::size_t erased = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = cursor & mask_;
      // An erase shifts the next entry into slot i: look at it again before moving on.
      while (ctrl_[i] != 0 && pred(static_cast<const K&>(slots_[i].key), slots_[i].value)) {
        erase_slot(i);
        ++erased;
      }
      cursor = (i + 1) & mask_;
    }
    return erased;
  }

  // Calls f(const K&, V&) for every entry, in slot order (not insertion order).
  template <class F>
  void for_each(F&& f) {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (ctrl_[i] != 0) f(static_cast<const K&>(slots_[i].key), slots_[i].value);
    }
  }

 private:
  using Ctrl = std::uint16_t;
  static constexpr Ctrl kMaxCtrl = 0xFFFF;  // displacement 65534
  static constexpr std::size_t kNone = ~std::size_t{0};

  struct Slot {
    K key{};
    V value{};
  };

  // The slot holding `key` (hash `h`), or kNone.
  std::size_t locate(const K& key, std::size_t h) const {
    std::size_t i = h & mask_;
    for (Ctrl c = 1;; ++c, i = (i + 1) & mask_) {
      const Ctrl here = ctrl_[i];
      if (here < c) return kNone;  // empty, or an entry closer to home: `key` would be here
      if (here == c && Eq{}(slots_[i].key, key)) return i;
    }
  }

  // Inserts `s` (not present) by Robin Hood: returns its slot, or kNone if the table had to
  // grow on the way (a displacement beyond what the control word holds).
  std::size_t place(Slot&& s, std::size_t h) {
    std::size_t i = h & mask_;
    std::size_t mine = kNone;
    bool carrying_new = true;
    for (Ctrl c = 1;; ++c, i = (i + 1) & mask_) {
      if (c == kMaxCtrl) {
        // Doubling spreads keys whose hashes differ in higher bits; if the table is already
        // far larger than its contents, the hash itself puts too many keys together.
        if (slots_.size() > 16 * (size_ + 1))
          throw std::length_error("FlatHashMap: the hash maps too many keys to nearby slots");
        grow();
        place(std::move(s), Hash{}(s.key));
        return kNone;
      }
      if (ctrl_[i] == 0) {
        slots_[i] = std::move(s);
        ctrl_[i] = c;
        ++size_;
        return carrying_new ? i : mine;
      }
      if (ctrl_[i] < c) {  // richer than the one in hand: it gives way
        std::swap(slots_[i], s);
        std::swap(ctrl_[i], c);
        if (carrying_new) {
          mine = i;
          carrying_new = false;
        }
      }
    }
  }

  void allocate(std::size_t cap) {
    slots_.assign(cap, Slot{});
    ctrl_.assign(cap, 0);
    mask_ = cap - 1;
    size_ = 0;
  }
  void grow() { rehash(slots_.size() * 2); }
  void rehash(std::size_t cap) {
    auto old_slots = std::move(slots_);
    auto old_ctrl = std::move(ctrl_);
    allocate(cap);
    for (std::size_t i = 0; i < old_slots.size(); ++i) {
      if (old_ctrl[i] != 0) place(std::move(old_slots[i]), Hash{}(old_slots[i].key));
    }
  }

  // Backward-shift deletion: the following entries move back one slot each, up to the first
  // empty slot or entry at its home; every entry stays reachable and Robin Hood-ordered.
  void erase_slot(std::size_t hole) {
    for (std::size_t j = (hole + 1) & mask_; ctrl_[j] > 1; j = (j + 1) & mask_) {
      slots_[hole] = std::move(slots_[j]);
      ctrl_[hole] = static_cast<Ctrl>(ctrl_[j] - 1);
      hole = j;
    }
    ctrl_[hole] = 0;
    --size_;
  }

  std::vector<Slot> slots_;
  std::vector<Ctrl> ctrl_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace vpcsim::path
