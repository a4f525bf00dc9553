#include "topology/model/unmodelled_resource.h"

#include <array>
#include <utility>

namespace vpcsim::model {
namespace {

struct TargetKind {
  std::string_view list;    // the AWS list
  std::string_view prefix;  // of its ids
  std::string_view words;
};

// Route targets by the AWS list that describes them
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html).
constexpr std::array kTargets{
    TargetKind{"TransitGateways", "tgw-", "transit gateway"},
    TargetKind{"VpnGateways", "vgw-", "virtual private gateway"},
    TargetKind{"VpcEndpoints", "vpce-", "VPC endpoint"},
    TargetKind{"LocalGateways", "lgw-", "local gateway"},
    TargetKind{"CarrierGateways", "cagw-", "carrier gateway"},
    TargetKind{"CoreNetworks", "arn:aws:networkmanager:", "Cloud WAN core network"},
};

}  // namespace

std::string_view UnmodelledResource::description() const {
  for (const auto& t : kTargets)
    if (t.list == kind) return t.words;
  return kind;
}

bool UnmodelledResource::route_target() const {
  for (const auto& t : kTargets)
    if (t.list == kind) return true;
  return false;
}

std::string_view unmodelled_target_kind(std::string_view id) {
  for (const auto& t : kTargets)
    if (id.starts_with(t.prefix)) return t.list;
  return "";
}

}  // namespace vpcsim::model
