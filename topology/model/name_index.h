#pragma once
// NameIndex: the resources of one kind by the strings a user names them with (ids, names,
// aliases such as an instance id for its interface), one hash lookup each way: key → the
// resources it names (a key may name several, e.g. the nodes of one load balancer), and
// resource → its id and name. The loader resolves references with it while reading, the
// Topology keeps one per kind for the questions asked of a built design.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "topology/net/invariant.h"

namespace vpcsim::model {

class NameIndex {
 public:
  // The next resource (indexes are dense, from 0) has `id` and `name` (either may be empty).
  // If another resource already has that id, or that name, says which: the new resource does
  // not get the key (the first claim keeps it).
  struct Clash {
    bool id = false;  // true: the id was taken; false: the name was
    std::uint32_t by = 0;
  };
  std::optional<Clash> add(std::string_view id, std::string_view name);
  // Another key for resource `index` (an alias; a key may name several resources).
  void alias(std::string_view key, std::uint32_t index);

  // The resources `key` names: the one whose id it is, else those it is the name or alias of
  // (in the order added).
  std::span<const std::uint32_t> find(std::string_view key) const;
  // The one resource `key` names (its first); nullopt if none.
  std::optional<std::uint32_t> find_one(std::string_view key) const {
    const auto f = find(key);
    return f.empty() ? std::nullopt : std::optional<std::uint32_t>(f.front());
  }

  std::size_t size() const { return ids_.size(); }
  const std::string& id(std::uint32_t index) const {
    VPCSIM_ASSERT(index < ids_.size(), "a resource index of this kind");
    return ids_[index];
  }
  const std::string& name(std::uint32_t index) const {
    VPCSIM_ASSERT(index < names_.size(), "a resource index of this kind");
    return names_[index];
  }
  // Every key, sorted (for "did you mean").
  std::vector<std::string> keys() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Equal {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  // A key's resources: the first inline, more (rare) in `more_`.
  struct Entry {
    std::uint32_t first = 0;
    std::uint32_t more = 0;  // 0: none; else 1 + the index in more_ of its list
  };
  using Map = boost::unordered_flat_map<std::string, Entry, Hash, Equal>;
  void insert(Map& map, std::string_view key, std::uint32_t index);
  std::span<const std::uint32_t> find_in(const Map& map, std::string_view key) const;

  Map by_id_;                                     // ids are unique
  Map by_name_;                                   // names (unique) and aliases
  std::vector<std::vector<std::uint32_t>> more_;  // first included
  std::vector<std::string> ids_;
  std::vector<std::string> names_;
};

}  // namespace vpcsim::model
