#pragma once
// DeclaredNames: pass 1 of reading a topology. Every resource's id and name, with the JSON
// pointer that declares it, so that references may point forward: an instance declares its
// primary interface (the instance id an alias of it), and each NAT gateway its interface.
// A clash of ids or names within a kind is an error.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "topology/load/object_reader.h"
#include "topology/model/name_index.h"
#include "topology/model/resource_index.h"

namespace vpcsim::load {

class DeclaredNames {
 public:
  explicit DeclaredNames(Diagnostics& diag) : diag_(diag) {}

  // Declares every resource of the topology object `root` (reading no other field).
  void declare(ObjectReader& root);

  // The ids, names and aliases of kind `k`, for resolving references.
  const model::NameIndex& index(model::ResourceKind k) const { return table(k).index; }
  // The JSON pointer of each declared resource of kind `k`, by index.
  const std::vector<std::string>& pointers(model::ResourceKind k) const {
    return table(k).pointers;
  }
  // The id and name declared for resource `i` of kind `k` (its alias when it has no name);
  // leaves both as they are if `i` was not declared.
  void set_ids(model::ResourceKind k, std::size_t i, std::string& id, std::string& name) const;
  // The interface id of each NAT gateway, by index.
  const std::vector<std::string>& nat_eni_ids() const { return nat_eni_ids_; }

 private:
  struct NameTable {
    model::NameIndex index;
    std::vector<std::string> pointers;
    std::vector<std::string> aliases;  // an instance's id, for its interface
  };
  NameTable& table(model::ResourceKind k) { return tables_[static_cast<std::size_t>(k)]; }
  const NameTable& table(model::ResourceKind k) const {
    return tables_[static_cast<std::size_t>(k)];
  }
  // The resources of kind `k` in array `root[key]`.
  void declare_kind(ObjectReader& root, model::ResourceKind k, const char* key);
  // An instance, declared as its primary interface.
  void declare_instance(const Json& e, const std::string& p, const std::string& id,
                        const std::string& name);
  void declare_nat_enis(ObjectReader& root);
  void register_name(model::ResourceKind k, const std::string& p, const std::string& id,
                     const std::string& name, const std::string& alias);

  static constexpr std::size_t kKindCount =
      static_cast<std::size_t>(model::ResourceKind::peering_connection) + 1;

  Diagnostics& diag_;
  std::array<NameTable, kKindCount> tables_;
  std::unordered_map<std::string, std::string> instance_ids_;  // instance id → its pointer
  std::vector<std::string> nat_eni_ids_;
};

}  // namespace vpcsim::load
