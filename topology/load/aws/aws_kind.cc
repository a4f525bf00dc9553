#include "topology/load/aws/aws_kind.h"

#include <array>

namespace vpcsim::load::aws {
namespace {

using enum KindUse;

// EC2 (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Operations.html), ELB v2 and
// classic, RDS and Direct Connect output keys, as the CLI and boto3 write them.
constexpr std::array kKinds{
    AwsKind{"Vpcs", "VpcId", modelled},
    AwsKind{"Subnets", "SubnetId", modelled},
    AwsKind{"RouteTables", "RouteTableId", modelled},
    AwsKind{"NetworkAcls", "NetworkAclId", modelled},
    AwsKind{"SecurityGroups", "GroupId", modelled},
    AwsKind{"SecurityGroupRules", "SecurityGroupRuleId", modelled},
    AwsKind{"Reservations", "ReservationId", modelled},
    AwsKind{"Instances", "InstanceId", modelled},
    AwsKind{"NetworkInterfaces", "NetworkInterfaceId", modelled},
    AwsKind{"InternetGateways", "InternetGatewayId", modelled},
    AwsKind{"EgressOnlyInternetGateways", "EgressOnlyInternetGatewayId", modelled},
    AwsKind{"NatGateways", "NatGatewayId", modelled},
    AwsKind{"Addresses", "AllocationId", modelled},
    AwsKind{"VpcPeeringConnections", "VpcPeeringConnectionId", modelled},
    AwsKind{"PrefixLists", "PrefixListId", modelled},
    AwsKind{"ManagedPrefixLists", "PrefixListId", modelled},
    AwsKind{"PrefixListEntries", "", modelled},
    AwsKind{"Entries", "", modelled},  // get-managed-prefix-list-entries
    AwsKind{"DBInstances", "DBInstanceIdentifier", modelled},
    AwsKind{"VpcEndpoints", "VpcEndpointId", kept},
    AwsKind{"VpcEndpointServices", "", kept},
    AwsKind{"ServiceDetails", "ServiceId", kept},
    AwsKind{"ServiceNames", "", kept},
    AwsKind{"TransitGateways", "TransitGatewayId", kept},
    AwsKind{"TransitGatewayAttachments", "TransitGatewayAttachmentId", kept},
    AwsKind{"TransitGatewayVpcAttachments", "TransitGatewayAttachmentId", kept},
    AwsKind{"TransitGatewayPeeringAttachments", "TransitGatewayAttachmentId", kept},
    AwsKind{"TransitGatewayRouteTables", "TransitGatewayRouteTableId", kept},
    AwsKind{"TransitGatewayStaticRoutes", "", kept},
    AwsKind{"TransitGatewayPropagations", "", kept},
    AwsKind{"VpnGateways", "VpnGatewayId", kept},
    AwsKind{"VpnConnections", "VpnConnectionId", kept},
    AwsKind{"CustomerGateways", "CustomerGatewayId", kept},
    AwsKind{"DirectConnectGateways", "directConnectGatewayId", kept},
    AwsKind{"DirectConnectGatewayAssociations", "associationId", kept},
    AwsKind{"VirtualInterfaces", "virtualInterfaceId", kept},
    AwsKind{"LoadBalancers", "LoadBalancerArn", kept},
    AwsKind{"Listeners", "ListenerArn", kept},
    AwsKind{"LoadBalancerListeners", "", kept},
    AwsKind{"TargetGroups", "TargetGroupArn", kept},
    AwsKind{"TargetHealthDescriptions", "", kept},
    AwsKind{"LoadBalancerTargetHealth", "", kept},
    AwsKind{"LoadBalancerDescriptions", "LoadBalancerName", kept},
    AwsKind{"LoadBalancerAttributes", "", not_modelled},
    AwsKind{"AvailabilityZones", "ZoneId", not_modelled},
    AwsKind{"InstanceStatuses", "InstanceId", not_modelled},
    AwsKind{"PlacementGroups", "GroupName", not_modelled},
    AwsKind{"MovingAddressStatuses", "", not_modelled},
    AwsKind{"DhcpOptions", "DhcpOptionsId", not_modelled},
    AwsKind{"Tags", "", not_modelled},
    AwsKind{"Hosts", "HostId", not_modelled},
    AwsKind{"ClassicLinkInstances", "InstanceId", not_modelled},
    AwsKind{"DomainStatusList", "DomainId", not_modelled},
    AwsKind{"Regions", "RegionName", not_modelled},
};

}  // namespace

std::optional<AwsKind> aws_kind(std::string_view key) {
  for (const auto& k : kKinds) {
    if (k.key == key) return k;
  }
  return std::nullopt;
}

}  // namespace vpcsim::load::aws
