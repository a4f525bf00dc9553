#include "topology/model/name_index.h"

#include <algorithm>

namespace vpcsim::model {

std::optional<NameIndex::Clash> NameIndex::add(std::string_view id, std::string_view name) {
  const auto index = static_cast<std::uint32_t>(ids_.size());
  ids_.emplace_back(id);
  names_.emplace_back(name);
  if (!id.empty()) {
    if (const auto taken = find_in(by_id_, id); !taken.empty()) return Clash{true, taken.front()};
    insert(by_id_, id, index);
  }
  if (!name.empty() && name != id) {
    if (const auto taken = find_in(by_name_, name); !taken.empty())
      return Clash{false, taken.front()};
    insert(by_name_, name, index);
  }
  return std::nullopt;
}

void NameIndex::alias(std::string_view key, std::uint32_t index) {
  if (key.empty()) return;
  const auto have = find_in(by_name_, key);
  if (std::find(have.begin(), have.end(), index) != have.end()) return;
  insert(by_name_, key, index);
}

void NameIndex::insert(Map& map, std::string_view key, std::uint32_t index) {
  const auto [it, fresh] = map.try_emplace(std::string(key), Entry{index, 0});
  if (fresh) return;
  Entry& e = it->second;
  if (e.more == 0) {
    more_.push_back({e.first});
    e.more = static_cast<std::uint32_t>(more_.size());
  }
  more_[e.more - 1].push_back(index);
}

std::span<const std::uint32_t> NameIndex::find_in(const Map& map, std::string_view key) const {
  const auto it = map.find(key);
  if (it == map.end()) return {};
  const Entry& e = it->second;
  if (e.more != 0) return more_[e.more - 1];
  return {&e.first, 1};
}

std::span<const std::uint32_t> NameIndex::find(std::string_view key) const {
  const auto by_id = find_in(by_id_, key);
  return by_id.empty() ? find_in(by_name_, key) : by_id;
}

std::vector<std::string> NameIndex::keys() const {
  std::vector<std::string> out;
  out.reserve(by_id_.size() + by_name_.size());
  for (const auto* map : {&by_id_, &by_name_}) {
    for (const auto& [k, e] : *map)
      out.push_back(k);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace vpcsim::model
