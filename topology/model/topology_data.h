#pragma once
// TopologyData: the resource tables of a topology as plain data, as a loader fills them.
// apply_aws_defaults() adds what AWS creates implicitly; validate() checks what AWS would
// refuse; Topology then indexes it for lookups and never changes.

#include <string>
#include <vector>

#include "topology/model/egress_only_internet_gateway.h"
#include "topology/model/eni.h"
#include "topology/model/internet_gateway.h"
#include "topology/model/nat_gateway.h"
#include "topology/model/network_acl.h"
#include "topology/model/peering_connection.h"
#include "topology/model/prefix_list.h"
#include "topology/model/quotas.h"
#include "topology/model/route_table.h"
#include "topology/model/security_group.h"
#include "topology/model/subnet.h"
#include "topology/model/unmodelled_resource.h"
#include "topology/model/vpc.h"

namespace vpcsim::model {

struct TopologyData {
  std::vector<Vpc> vpcs;
  std::vector<Subnet> subnets;
  std::vector<RouteTable> route_tables;
  std::vector<NetworkAcl> network_acls;
  std::vector<SecurityGroup> security_groups;
  std::vector<PrefixList> prefix_lists;
  std::vector<Eni> enis;
  std::vector<InternetGateway> internet_gateways;
  std::vector<EgressOnlyInternetGateway> egress_only_internet_gateways;
  std::vector<NatGateway> nat_gateways;
  std::vector<PeeringConnection> peering_connections;
  std::vector<UnmodelledResource> unmodelled;  // kept as data: transit gateways, endpoints, …
  Quotas quotas;                               // the account's, which validate() checks against
};

// Adds what AWS creates with every VPC when the data does not say otherwise, and marks
// routes to deleted NAT gateways as blackholes
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html):
//  - a main route table (only local routes) if the VPC has none;
//  - a local route for every VPC CIDR block in every route table of the VPC (both:
//    https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html);
//  - a default network ACL allowing all traffic (rule 100, and 101 for IPv6) if none
//    (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html);
//  - a default security group (inbound: all from itself; outbound: all) if none
//    (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html);
//  - the default security group on every interface that names none, except NAT gateway
//    and NLB interfaces (which have no security groups).
// Ids of created resources are derived from the VPC's id: "rtb-main-<vpc>", "acl-default-<vpc>",
// "sg-default-<vpc>".
void apply_aws_defaults(TopologyData& data);

}  // namespace vpcsim::model
