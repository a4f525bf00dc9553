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
// route_table_reader.cc: RouteTables (main flag, routes with Origin and State).
void read_route_tables(ImportContext& ctx);
// network_acl_reader.cc: NetworkAcls (entries, the `*` rules 32767 and 32768 implicit).
void read_network_acls(ImportContext& ctx);
// security_group_reader.cc: PrefixLists and ManagedPrefixLists (before the groups that
// reference them); SecurityGroups with IpPermissions, or the flat SecurityGroupRules.
void read_prefix_lists(ImportContext& ctx);
void read_security_groups(ImportContext& ctx);

// The `Name` tags of `records` usable as vpcsim names: unique among them and printable;
// "" for the others, each repeated name warned once (vpcsim names are unique per kind).
std::vector<std::string> usable_names(ImportContext& ctx, const std::vector<AwsRecord>& records);

}  // namespace vpcsim::load::aws
