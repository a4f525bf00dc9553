#include "topology/load/aws/import_context.h"

#include <fmt/format.h>

#include "topology/load/object_reader.h"

namespace vpcsim::load::aws {

void ImportContext::add(std::string_view native_key, nlohmann::json resource,
                        const AwsRecord& from) {
  auto& list = topology_[std::string(native_key)];
  if (list.is_null()) list = nlohmann::json::array();
  sources_.emplace(child_pointer(child_pointer("", native_key), list.size()), &from);
  if (auto id = resource.find("id"); id != resource.end() && id->is_string())
    ids_.insert(id->get<std::string>());
  list.push_back(std::move(resource));
}

void ImportContext::warn(const AwsRecord& from, std::string_view sub, std::string_view id,
                         std::string_view message) {
  warnings_.push_back({from.file->path, from.pointer + std::string(sub),
                       id.empty() ? std::string(message) : fmt::format("{}: {}", id, message)});
}

void ImportContext::error(const AwsRecord& from, std::string_view sub, std::string_view message) {
  errors_.push_back({from.file->path, from.pointer + std::string(sub), std::string(message)});
}

std::string ImportContext::region_of(const AwsRecord& r) const {
  if (!r.file->region.empty()) return r.file->region;
  return options_.region;
}

std::string ImportContext::account_of(const AwsRecord& r) const {
  if (!r.file->account.empty()) return r.file->account;
  if (auto owner = text(*r.value, "OwnerId"); !owner.empty()) return owner;
  return options_.account;
}

std::pair<const AwsRecord*, std::string> ImportContext::source_of(std::string_view native) const {
  // Resources are the second level of the topology: "/subnets/3".
  const auto second = native.find('/', 1);
  const auto end = second == std::string_view::npos ? second : native.find('/', second + 1);
  const auto prefix = native.substr(0, end);
  if (const auto it = sources_.find(std::string(prefix)); it != sources_.end())
    return {it->second, std::string(native.substr(prefix.size()))};
  return {nullptr, std::string(native)};
}

std::string text(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return "";
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

bool flag(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return false;
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::string tag(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return "";
  const auto tags = j.find("Tags");
  if (tags == j.end() || !tags->is_array()) return "";
  for (const auto& t : *tags) {
    if (text(t, "Key") == key) return text(t, "Value");
  }
  return "";
}

}  // namespace vpcsim::load::aws
