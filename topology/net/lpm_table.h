#pragma once
// LpmTable<T>: longest-prefix-match table over IPv4 and IPv6 prefixes (/0../32, /0../128).
// Lookup visits only the prefix lengths present in the table, longest first, with one
// binary search each over that length's networks (kept sorted in a flat array: no hashing,
// no node chase). Route tables and a VPC's subnets hold few distinct lengths and few
// prefixes, so a lookup is a handful of comparisons in one or two cache lines.

#include <algorithm>
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
    auto& e = it->entries;
    const auto at = std::lower_bound(e.begin(), e.end(), prefix.network(), before);
    if (at != e.end() && at->first == prefix.network()) return false;
    e.insert(at, {prefix.network(), std::move(value)});
    ++size_;
    return true;
  }

  // The value of the longest prefix containing `a`, or nullptr.
  const T* lookup(IpAddress a) const {
    for (const Level& l : levels_for(a.family())) {
      if (const T* v = l.find(a.masked(l.length))) return v;
    }
    return nullptr;
  }
  // The longest matching prefix and its value (prefix undefined when value is nullptr).
  std::pair<IpPrefix, const T*> lookup_with_prefix(IpAddress a) const {
    for (const Level& l : levels_for(a.family())) {
      if (const T* v = l.find(a.masked(l.length))) return {IpPrefix(a, l.length), v};
    }
    return {IpPrefix{}, nullptr};
  }

  const T* exact(const IpPrefix& p) const {
    for (const Level& l : levels_for(p.family())) {
      if (l.length != p.length()) continue;
      return l.find(p.network());
    }
    return nullptr;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  static bool before(const std::pair<IpAddress, T>& e, const IpAddress& a) { return e.first < a; }
  struct Level {
    int length;
    std::vector<std::pair<IpAddress, T>> entries;  // networks of this length, sorted

    const T* find(const IpAddress& network) const {
      const auto at = std::lower_bound(entries.begin(), entries.end(), network, before);
      return at != entries.end() && at->first == network ? &at->second : nullptr;
    }
  };
  std::vector<Level>& levels_for(IpFamily f) { return f == IpFamily::v4 ? v4_ : v6_; }
  const std::vector<Level>& levels_for(IpFamily f) const { return f == IpFamily::v4 ? v4_ : v6_; }

  std::vector<Level> v4_;  // sorted by length, longest first
  std::vector<Level> v6_;
  std::size_t size_ = 0;
};

}  // namespace vpcsim::net
