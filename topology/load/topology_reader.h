#pragma once
// TopologyReader: reads a topology object in two passes. Pass 1 (DeclaredNames) declares
// every resource's id and name, so that references may point forward; pass 2 fills every
// field, one kind of resource at a time. Then the defaults AWS creates are added and the
// result is validated, each issue located at the JSON pointer of its resource.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "topology/load/declared_names.h"
#include "topology/load/object_reader.h"
#include "topology/model/route.h"
#include "topology/model/sg_rule.h"
#include "topology/model/topology.h"
#include "topology/model/topology_data.h"

namespace vpcsim::load {

class TopologyReader {
 public:
  // `region` and `account` are the scenario's, the defaults of VPCs that give none.
  TopologyReader(Diagnostics& diag, std::string region, std::string account)
      : diag_(diag), region_(std::move(region)), account_(std::move(account)), names_(diag) {}

  // The topology object `topo`, at JSON pointer `base` of its file; nullopt if it has errors
  // (in the Diagnostics).
  std::optional<model::Topology> read(const Json& topo, const std::string& base);

 private:
  // Pass 2: every field, one function per kind, in this order.
  void fill(ObjectReader& root);
  void fill_vpcs(ObjectReader& root);
  void fill_subnets(ObjectReader& root);
  void fill_route_tables(ObjectReader& root);
  void fill_network_acls(ObjectReader& root);
  void fill_security_groups(ObjectReader& root);
  void fill_prefix_lists(ObjectReader& root);
  void fill_enis(ObjectReader& root);
  void fill_instances(ObjectReader& root);
  void fill_internet_gateways(ObjectReader& root);
  void fill_egress_only_internet_gateways(ObjectReader& root);
  void fill_nat_gateways(ObjectReader& root);
  void fill_peering_connections(ObjectReader& root);
  void fill_quotas(ObjectReader& root);
  void fill_unmodelled(ObjectReader& root);  // route_target_reader.cc

  // Reads each element of array `root[key]` into a new element of `out` with `fill_one`.
  template <class T, class F>
  void each(ObjectReader& root, const char* key, std::vector<T>& out, F&& fill_one);
  // The resource of kind `k` that `r[key]` names.
  template <class Index>
  Index resolve(model::ResourceKind k, ObjectReader& r, std::string_view key, bool required);
  model::Route route(const Json& j, const std::string& p);
  // route_target_reader.cc
  model::RouteTarget route_target(const std::string& text, const std::string& p);
  model::SgRule sg_rule(ObjectReader& r);
  // What validation finds, at the pointer of the resource (`base` if it has none).
  void report_issues(const std::string& base);
  void assign_missing_addresses();
  void expand_prefix_list_routes();

  Diagnostics& diag_;
  std::string region_;
  std::string account_;
  DeclaredNames names_;
  model::TopologyData data_;
  std::unordered_map<std::string, std::uint32_t> unmodelled_ids_;  // id or name → index
};

}  // namespace vpcsim::load
