#pragma once
// DropReason: why a packet was dropped, named after AWS Reachability Analyzer's
// explanation codes (https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html)
// where one applies. Reachability Analyzer analyses configuration, not time or load, so it has
// no code for what only happens to packets in motion (a NAT gateway's idle timeout or port
// exhaustion, a reply refused by a NAT or egress-only gateway's state): those codes are
// vpcsim's own (so is a middlebox routing loop), and is_analyzer_code() says which is which.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vpcsim::path {

enum class DropReason : std::uint8_t {
  none,
  sg_rules_mismatch,        // ENI_SG_RULES_MISMATCH
  subnet_acl_restriction,   // SUBNET_ACL_RESTRICTION
  no_route,                 // NO_ROUTE_TO_DESTINATION
  bad_state_route,          // BAD_STATE_ROUTE (blackhole)
  igw_no_public_ip,         // IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS
  igw_private_destination,  // IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS
  igw_rfc1918_destination,  // IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS
  igw_rfc1918_source,       // IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS
  igw_rfc6598_destination,  // IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS (100.64.0.0/10)
  igw_rfc6598_source,       // IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS
  nat_source_not_in_vpc,    // NGW_REQUIRES_SOURCE_IN_VPC
  nat_protocol,             // PROTOCOL_RESTRICTION
  nat_no_translation,       // NAT gateways accept no inbound initiation (no mapping)
  // mapping idle ≥ 350 s: RST to the inside host
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html)
  nat_idle_timeout,
  // ErrorPortAllocation
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html)
  nat_port_allocation,
  nat_deleted,         // the NAT gateway no longer exists (BAD_STATE)
  private_nat_to_igw,  // a private NAT gateway's traffic is dropped by the IGW
  peering_address,     // PCX_REQUIRES_ADDRESS_IN_VPC_CIDR
  peering_inactive,    // BAD_STATE (peering not active)
  no_destination,      // NO_POSSIBLE_DESTINATION: no interface owns the address
  source_dest_check,   // ENI_SOURCE_DEST_CHECK_RESTRICTION
  // SG_REFERENCES_NOT_PRESERVED: only a group reference would have admitted a packet that a
  // middlebox forwarded
  sg_references_lost,
  forwarding_loop,  // forwarded by middleboxes more times than any path needs (vpcsim's own)
  // ROUTE_TARGET_NOT_MODELLED (vpcsim's own): the route sends to a resource vpcsim keeps but
  // does not model yet (a transit gateway, a VPN gateway, a VPC endpoint), so it cannot say
  // what AWS does with the packet; not an answer that AWS drops it
  target_not_modelled,
  // BAD_STATE: the interface's instance (or database) is not running: it answers nothing and
  // sends nothing (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html)
  owner_not_running,
  eigw_ingress,  // egress-only IGW: no inbound initiation (keep last: kDropReasonCount)
};
// How many reasons there are (arrays indexed by reason).
inline constexpr std::size_t kDropReasonCount =
    static_cast<std::size_t>(DropReason::eigw_ingress) + 1;

// The explanation code, e.g. "SUBNET_ACL_RESTRICTION".
std::string_view code(DropReason r);
// Whether code(r) is one of Reachability Analyzer's explanation codes (else vpcsim's own).
bool is_analyzer_code(DropReason r);
// The layer a reason belongs to: "sg", "nacl", "route", "igw", "nat", "peering", "eni".
std::string_view layer(DropReason r);

}  // namespace vpcsim::path
