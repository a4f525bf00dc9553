#pragma once
// LpmTable<T>: longest-prefix-match table over IPv4 and IPv6 prefixes (/0../32, /0../128).
// Lookup visits only the prefix lengths present in the table, longest first, with one
// hash probe each: route tables hold few distinct lengths, so this is a handful of probes.

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

#include "topology/net/ip_prefix.h"

namespace vpcsim::net {

template <class T>
class LpmTable {
 public:
  // Inserts `value` for `prefix`; returns false (and leaves the table) if the prefix exists.
  bool insert(const IpPrefix& prefix, T value) {
    auto& levels = levels_for(prefix.family());
    auto it = std::find_if(levels.begin(), levels.end(),
                           [&](const Level& l) { return l.length == prefix.length(); });
    if (it == levels.end()) {
      it = levels.insert(std::upper_bound(levels.begin(), levels.end(), prefix.length(),
                                          [](int len, const Level& l) { return len > l.length; }),
                         Level{prefix.length(), {}});
    }
    const bool inserted = it->entries.emplace(prefix.network(), std::move(value)).second;
    size_ += inserted ? 1 : 0;
    return inserted;
  }

  // The value of the longest prefix containing `a`, or nullptr.
  const T* lookup(IpAddress a) const {
    for (const Level& l : levels_for(a.family())) {
      const auto it = l.entries.find(a.masked(l.length));
      if (it != l.entries.end()) return &it->second;
    }
    return nullptr;
  }
  // The longest matching prefix and its value (prefix undefined when value is nullptr).
  std::pair<IpPrefix, const T*> lookup_with_prefix(IpAddress a) const {
    for (const Level& l : levels_for(a.family())) {
      const auto it = l.entries.find(a.masked(l.length));
      if (it != l.entries.end()) return {IpPrefix(a, l.length), &it->second};
    }
    return {IpPrefix{}, nullptr};
  }

  const T* exact(const IpPrefix& p) const {
    for (const Level& l : levels_for(p.family())) {
      if (l.length != p.length()) continue;
      const auto it = l.entries.find(p.network());
      return it == l.entries.end() ? nullptr : &it->second;
    }
    return nullptr;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  struct Level {
    int length;
    std::unordered_map<IpAddress, T> entries;
  };
  std::vector<Level>& levels_for(IpFamily f) { return f == IpFamily::v4 ? v4_ : v6_; }
  const std::vector<Level>& levels_for(IpFamily f) const { return f == IpFamily::v4 ? v4_ : v6_; }

  std::vector<Level> v4_;  // sorted by length, longest first
  std::vector<Level> v6_;
  std::size_t size_ = 0;
};

}  // namespace vpcsim::net
