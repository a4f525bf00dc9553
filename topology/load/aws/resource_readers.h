#pragma once
// The readers of an AWS snapshot, one per resource kind: each turns the kind's describe-*
// records into the native topology's resources (topology/load/README.md), with AWS's
// semantics, and warns for what it cannot model. Called in this order by import_snapshot().

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "topology/load/aws/import_context.h"

namespace vpcsim::load::aws {

// vpc_reader.cc: Vpcs (CIDR block associations), Subnets (with their route table and
// network ACL associations), InternetGateways, EgressOnlyInternetGateways.
void read_vpcs(ImportContext& ctx);
void read_subnets(ImportContext& ctx);
void read_internet_gateways(ImportContext& ctx);
// peering_reader.cc: VpcPeeringConnections (each once, whichever account describes it), and
// the pairs of VPCs an active connection joins (both orders).
void read_peering_connections(ImportContext& ctx);
std::set<std::pair<std::string, std::string>> active_peerings(const ImportContext& ctx);
// interface_reader.cc: NetworkInterfaces and the interfaces of running instances
// (Reservations), their public and Elastic IPs (Addresses); NatGateways. Both before the
// route tables that target them.
void read_interfaces(ImportContext& ctx);
void read_nat_gateways(ImportContext& ctx);
// db_instance_reader.cc: DBInstances, each the owner of its RDS interface (after
// read_interfaces), or of one assumed where RDS would place it.
void read_db_instances(ImportContext& ctx);
// kept_reader.cc: every record of a kind kept without a model (aws_kind.h: KindUse::kept) as
// an "unmodelled" resource; before the route tables that may target them.
void read_kept(ImportContext& ctx);
// route_table_reader.cc: RouteTables (main flag, routes with Origin and State).
void read_route_tables(ImportContext& ctx);
// network_acl_reader.cc: NetworkAcls (entries, the `*` rules 32767 and 32768 implicit).
void read_network_acls(ImportContext& ctx);
// security_group_reader.cc: PrefixLists and ManagedPrefixLists (before the groups that
// reference them); SecurityGroups with IpPermissions, or the flat SecurityGroupRules.
void read_prefix_lists(ImportContext& ctx);
void read_security_groups(ImportContext& ctx);

// For each record of `kind`: `fill(record, id, out)` with `out` holding the native "id" (the
// record's `id_field`) and "name" (its usable Name tag); the resource is added under
// `native_key` unless fill returns false.
template <class Fill>
void each_resource(ImportContext& ctx, std::string_view kind, std::string_view id_field,
                   std::string_view native_key, Fill fill);

// The `Name` tags of `records` usable as vpcsim names: unique among them and printable;
// "" for the others, each repeated name warned once (vpcsim names are unique per kind).
std::vector<std::string> usable_names(ImportContext& ctx, const std::vector<AwsRecord>& records);

template <class Fill>
void each_resource(ImportContext& ctx, std::string_view kind, std::string_view id_field,
                   std::string_view native_key, Fill fill) {
  const auto& records = ctx.snapshot().of(kind);
  const auto names = usable_names(ctx, records);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    const auto id = text(*r.value, id_field);
    nlohmann::json out = {{"id", id}};
    if (!names[i].empty()) out["name"] = names[i];
    if (fill(r, id, out)) ctx.add(native_key, std::move(out), r);
  }
}

}  // namespace vpcsim::load::aws
