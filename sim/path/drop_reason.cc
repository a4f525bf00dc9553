#include "sim/path/drop_reason.h"

namespace vpcsim::path {

std::string_view code(DropReason r) {
  switch (r) {
    case DropReason::none:
      return "-";
    case DropReason::sg_rules_mismatch:
      return "ENI_SG_RULES_MISMATCH";
    case DropReason::subnet_acl_restriction:
      return "SUBNET_ACL_RESTRICTION";
    case DropReason::no_route:
      return "NO_ROUTE_TO_DESTINATION";
    case DropReason::bad_state_route:
      return "BAD_STATE_ROUTE";
    case DropReason::igw_no_public_ip:
      return "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS";
    case DropReason::igw_private_destination:
      return "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS";
    case DropReason::igw_rfc1918_destination:
      return "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS";
    case DropReason::igw_rfc1918_source:
      return "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS";
    case DropReason::igw_rfc6598_destination:
      return "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS";
    case DropReason::igw_rfc6598_source:
      return "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS";
    case DropReason::nat_source_not_in_vpc:
      return "NGW_REQUIRES_SOURCE_IN_VPC";
    case DropReason::nat_protocol:
      return "PROTOCOL_RESTRICTION";
    case DropReason::nat_no_translation:
      return "NGW_NO_INBOUND_INITIATION";
    case DropReason::nat_idle_timeout:
      return "NGW_IDLE_TIMEOUT";
    case DropReason::nat_port_allocation:
      return "NGW_ERROR_PORT_ALLOCATION";
    case DropReason::nat_deleted:
      return "BAD_STATE";
    case DropReason::private_nat_to_igw:
      return "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS";
    case DropReason::peering_address:
      return "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR";
    case DropReason::peering_inactive:
      return "BAD_STATE";
    case DropReason::no_destination:
      return "NO_POSSIBLE_DESTINATION";
    case DropReason::source_dest_check:
      return "ENI_SOURCE_DEST_CHECK_RESTRICTION";
    case DropReason::sg_references_lost:
      return "SG_REFERENCES_NOT_PRESERVED";
    case DropReason::forwarding_loop:
      return "MIDDLEBOX_FORWARDING_LOOP";
    case DropReason::target_not_modelled:
      return "ROUTE_TARGET_NOT_MODELLED";
    case DropReason::owner_not_running:
      return "BAD_STATE";
    case DropReason::eigw_ingress:
      return "EIGW_NO_INBOUND_INITIATION";
  }
  return "?";
}

std::string_view layer(DropReason r) {
  switch (r) {
    case DropReason::sg_rules_mismatch:
    case DropReason::sg_references_lost:
      return "sg";
    case DropReason::subnet_acl_restriction:
      return "nacl";
    case DropReason::no_route:
    case DropReason::bad_state_route:
    case DropReason::target_not_modelled:
      return "route";
    case DropReason::igw_no_public_ip:
    case DropReason::igw_private_destination:
    case DropReason::igw_rfc1918_destination:
    case DropReason::igw_rfc1918_source:
    case DropReason::igw_rfc6598_destination:
    case DropReason::igw_rfc6598_source:
    case DropReason::private_nat_to_igw:
    case DropReason::eigw_ingress:
      return "igw";
    case DropReason::nat_source_not_in_vpc:
    case DropReason::nat_protocol:
    case DropReason::nat_no_translation:
    case DropReason::nat_idle_timeout:
    case DropReason::nat_port_allocation:
    case DropReason::nat_deleted:
      return "nat";
    case DropReason::peering_address:
    case DropReason::peering_inactive:
      return "peering";
    case DropReason::no_destination:
    case DropReason::source_dest_check:
    case DropReason::forwarding_loop:
    case DropReason::owner_not_running:
      return "eni";
    case DropReason::none:
      return "-";
  }
  return "-";
}

bool is_analyzer_code(DropReason r) {
  switch (r) {
    case DropReason::nat_no_translation:
    case DropReason::nat_idle_timeout:
    case DropReason::nat_port_allocation:
    case DropReason::eigw_ingress:
    case DropReason::forwarding_loop:
    case DropReason::target_not_modelled:
      return false;
    default:
      return r != DropReason::none;
  }
}

}  // namespace vpcsim::path
