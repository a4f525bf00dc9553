#include "topology/model/route.h"

namespace vpcsim::model {

std::string_view target_kind_name(RouteTargetKind k) {
  switch (k) {
    case RouteTargetKind::local:
      return "local";
    case RouteTargetKind::internet_gateway:
      return "igw";
    case RouteTargetKind::egress_only_internet_gateway:
      return "eigw";
    case RouteTargetKind::nat_gateway:
      return "nat";
    case RouteTargetKind::peering_connection:
      return "pcx";
    case RouteTargetKind::network_interface:
      return "eni";
    case RouteTargetKind::unmodelled:
      return "unmodelled";
    case RouteTargetKind::blackhole:
      return "blackhole";
  }
  return "?";
}

}  // namespace vpcsim::model
