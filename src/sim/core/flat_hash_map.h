#pragma once
// FlatHashMap<K, V, Hash>: an open-addressing hash map for the per-packet tables
// (connection tracking, flow-log aggregation): keys and values live inline in one array,
// found by linear probing from the hash, with a byte of control per slot (0 = empty, else a
// 7-bit fingerprint of the hash) so that most probes never touch a key. One cache miss per
// lookup instead of the bucket-then-node chase of std::unordered_map; no allocation per
// entry. Erase shifts the following entries back (no tombstones), so probe sequences stay
// short however many entries come and go.
//
// K and V must be default-constructible and movable. Pointers returned by find() and
// try_emplace() stay valid until the next insertion or erase.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace vpcsim::core {

// `max_load_eighths`: the table grows when more than this many eighths of its slots would be
// full (6: 75 %, fast; 7: 87.5 %, for big tables where memory matters more than probe length).
template <class K, class V, class Hash, class Eq = std::equal_to<K>, unsigned max_load_eighths = 6>
class FlatHashMap {
  static_assert(max_load_eighths >= 1 && max_load_eighths <= 7);

 public:
  FlatHashMap() { allocate(16); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return slots_.size(); }

  V* find(const K& key) {
    const std::size_t h = Hash{}(key);
    const std::uint8_t fp = fingerprint(h);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (ctrl_[i] == 0) return nullptr;
      if (ctrl_[i] == fp && Eq{}(slots_[i].key, key)) return &slots_[i].value;
    }
  }
  const V* find(const K& key) const { return const_cast<FlatHashMap*>(this)->find(key); }

  // Starts loading the cache lines a lookup of `key` will touch first (a hint, no effect on
  // the contents): issue it early, do other work, then find().
  void prefetch(const K& key) const {
    const std::size_t i = Hash{}(key)&mask_;
    __builtin_prefetch(&ctrl_[i]);
    __builtin_prefetch(&slots_[i]);
  }

  // The value of `key`, default-constructed and inserted if absent; second: inserted.
  std::pair<V*, bool> try_emplace(const K& key) {
    if ((size_ + 1) * 8 > slots_.size() * max_load_eighths) grow();
    const std::size_t h = Hash{}(key);
    const std::uint8_t fp = fingerprint(h);
    std::size_t i = h & mask_;
    for (; ctrl_[i] != 0; i = (i + 1) & mask_) {
      if (ctrl_[i] == fp && Eq{}(slots_[i].key, key)) return {&slots_[i].value, false};
    }
    ctrl_[i] = fp;
    slots_[i].key = key;
    slots_[i].value = V{};
    ++size_;
    return {&slots_[i].value, true};
  }

  bool erase(const K& key) {
    const std::size_t h = Hash{}(key);
    const std::uint8_t fp = fingerprint(h);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (ctrl_[i] == 0) return false;
      if (ctrl_[i] == fp && Eq{}(slots_[i].key, key)) {
        erase_slot(i);
        return true;
      }
    }
  }

  // Removes every entry, keeping the capacity.
  void clear() {
    std::fill(ctrl_.begin(), ctrl_.end(), std::uint8_t{0});
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
      // An erase may shift a later entry into slot i: look at it again before moving on.
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
  struct Slot {
    K key{};
    V value{};
  };

  static std::uint8_t fingerprint(std::size_t h) {
    return static_cast<std::uint8_t>(0x80 | (h >> (sizeof(std::size_t) * 8 - 7)));
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
      if (old_ctrl[i] == 0) continue;
      const std::size_t h = Hash{}(old_slots[i].key);
      std::size_t j = h & mask_;
      while (ctrl_[j] != 0)
        j = (j + 1) & mask_;
      ctrl_[j] = old_ctrl[i];
      slots_[j] = std::move(old_slots[i]);
      ++size_;
    }
  }

  // Backward-shift deletion: entries after the hole move into it when their home slot lies
  // at or before the hole (cyclically), so every entry stays reachable from its home.
  void erase_slot(std::size_t hole) {
    std::size_t j = hole;
    for (;;) {
      j = (j + 1) & mask_;
      if (ctrl_[j] == 0) break;
      const std::size_t home = Hash{}(slots_[j].key) & mask_;
      // Is `home` cyclically in (hole, j]? Then the entry must stay.
      const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (stays) continue;
      slots_[hole] = std::move(slots_[j]);
      ctrl_[hole] = ctrl_[j];
      hole = j;
    }
    ctrl_[hole] = 0;
    --size_;
  }

  std::vector<Slot> slots_;
  std::vector<std::uint8_t> ctrl_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace vpcsim::core
