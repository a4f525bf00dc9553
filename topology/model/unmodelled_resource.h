#pragma once
// UnmodelledResource: an AWS resource that vpcsim reads and keeps but whose behaviour it does
// not model yet: a transit gateway or its attachments, a virtual private gateway, a VPN
// connection, a VPC endpoint, a load balancer's listeners and target groups. It is kept as
// data (its AWS list, id, name and describe-* record) so that a later version adds the
// behaviour without a new reader, and so that a route to it is not mistaken for a route to
// nowhere: a packet such a route chooses is dropped with its own code
// (path::DropReason::target_not_modelled), not as if AWS had dropped it.

#include <string>
#include <string_view>

namespace vpcsim::model {

struct UnmodelledResource {
  std::string kind;  // the AWS list it comes from: "TransitGateways", "VpcEndpoints", …
  std::string id;    // may be empty: some lists have no id (TargetHealthDescriptions)
  std::string name;
  // Its describe-* record as compact JSON text (an object; a string for the lists of names,
  // such as ServiceNames); empty when only a reference to it is known
  // (a route to a transit gateway that the snapshot does not describe).
  std::string aws;

  // What it is, in words, for messages: "transit gateway"; the list name for other kinds.
  std::string_view description() const;
  // Whether a VPC route table may send to it: transit, virtual private, local and carrier
  // gateways, VPC endpoints (gateway and Gateway Load Balancer endpoints) and Cloud WAN core
  // networks (https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html).
  bool route_target() const;
};

// The AWS list of a route target id by its prefix ("tgw-…" → "TransitGateways"), or "" for
// an id of no kind that UnmodelledResource::route_target() accepts.
std::string_view unmodelled_target_kind(std::string_view id);

}  // namespace vpcsim::model
