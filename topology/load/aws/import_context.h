#pragma once
// ImportContext: what the readers of an AWS snapshot share while they write the native
// topology (the same JSON a user writes, so that `vpcsim import` prints exactly what is
// loaded): the topology being built, the warnings and errors located in the AWS files, and
// for every resource written the AWS record it came from, so that a problem the native
// loader finds later is reported at the AWS file and pointer, not at the generated JSON.

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "topology/load/aws/import_options.h"
#include "topology/load/aws/snapshot.h"
#include "topology/load/load_error.h"

namespace vpcsim::load::aws {

class ImportContext {
 public:
  ImportContext(const Snapshot& snap, ImportOptions options)
      : snap_(snap), options_(std::move(options)) {}

  const Snapshot& snapshot() const { return snap_; }
  nlohmann::json& topology() { return topology_; }

  // Appends `resource` to the topology's `native_key` list, remembering its AWS record (and
  // `sub`, the pointer below the record that it comes from: an instance's interface).
  void add(std::string_view native_key, nlohmann::json resource, const AwsRecord& from,
           std::string_view sub = "");

  // Whether a resource with this id has been added (references to others dangle).
  bool has(const std::string& id) const { return ids_.contains(id); }

  // A warning at `from`'s pointer (plus `sub`, a pointer below it) naming resource `id`.
  void warn(const AwsRecord& from, std::string_view sub, std::string_view id,
            std::string_view message);
  void error(const AwsRecord& from, std::string_view sub, std::string_view message);

  // The record's Region and account: its folder's, else its own `OwnerId`, else the options'.
  std::string region_of(const AwsRecord& r) const;
  std::string account_of(const AwsRecord& r) const;

  // Where native pointer `native` (e.g. "/subnets/3/cidr") came from: the AWS record, the
  // pointer in its file of the field the native one was made from ("/Subnets/3/CidrBlock"),
  // and the native pointer below the resource ("/cidr") when that field is not exact (an
  // element of a list that the import renumbers, a field made from several). record is
  // nullptr when `native` lies in no imported resource.
  struct Source {
    const AwsRecord* record = nullptr;
    std::string pointer;
    std::string native_rest;
  };
  Source source_of(std::string_view native) const;

  std::vector<LoadError>& warnings() { return warnings_; }
  std::vector<LoadError>& errors() { return errors_; }

 private:
  const Snapshot& snap_;
  ImportOptions options_;
  nlohmann::json topology_ = nlohmann::json::object();
  // "/subnets/3" → its record and the pointer below the record
  std::unordered_map<std::string, std::pair<const AwsRecord*, std::string>> sources_;
  std::unordered_set<std::string> ids_;
  std::vector<LoadError> warnings_, errors_;
};

// The field of a record of AWS list `list` that native field `field` is made from
// ("Subnets", "cidr" → "/CidrBlock"), and whether it is that field exactly (not a list the
// import renumbers, nor several fields); "" when none is.
std::pair<std::string, bool> aws_field_of(std::string_view list, std::string_view field);

// A string field of an AWS object, "" when absent or not a string.
std::string text(const nlohmann::json& j, std::string_view key);
// A boolean field, false when absent or not a boolean.
bool flag(const nlohmann::json& j, std::string_view key);
// The value of tag `key` in an AWS `Tags` list ([{"Key", "Value"}]), "" when absent.
std::string tag(const nlohmann::json& j, std::string_view key);

}  // namespace vpcsim::load::aws
