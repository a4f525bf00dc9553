#include "topology/model/resource_index.h"

namespace vpcsim::model {

std::string_view kind_name(ResourceKind k) {
  switch (k) {
    case ResourceKind::vpc:
      return "VPC";
    case ResourceKind::subnet:
      return "subnet";
    case ResourceKind::route_table:
      return "route table";
    case ResourceKind::network_acl:
      return "network ACL";
    case ResourceKind::security_group:
      return "security group";
    case ResourceKind::prefix_list:
      return "prefix list";
    case ResourceKind::network_interface:
      return "network interface";
    case ResourceKind::internet_gateway:
      return "internet gateway";
    case ResourceKind::egress_only_internet_gateway:
      return "egress-only internet gateway";
    case ResourceKind::nat_gateway:
      return "NAT gateway";
    case ResourceKind::peering_connection:
      return "VPC peering connection";
  }
  return "resource";
}

}  // namespace vpcsim::model
