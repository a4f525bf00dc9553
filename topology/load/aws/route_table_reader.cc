// RouteTables of an AWS snapshot (resource_readers.h). Fields:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RouteTable.html and API_Route.html.

#include <fmt/format.h>

#include "topology/load/aws/resource_readers.h"
#include "topology/model/unmodelled_resource.h"

namespace vpcsim::load::aws {
namespace {

using nlohmann::json;

// The target fields of API_Route that name a resource vpcsim models, in the order AWS
// documents them.
constexpr const char* kModelledTargets[] = {"GatewayId",
                                            "NatGatewayId",
                                            "VpcPeeringConnectionId",
                                            "NetworkInterfaceId",
                                            "EgressOnlyInternetGatewayId",
                                            "InstanceId"};
// Targets vpcsim does not model yet: transit gateways, VPN and Direct Connect edges, VPC
// endpoints, carrier and local gateways, Cloud WAN.
constexpr const char* kOtherTargets[] = {"TransitGatewayId", "LocalGatewayId", "CarrierGatewayId",
                                         "CoreNetworkArn"};

// The id the route sends to, "" when none.
std::string target_of(const json& route, std::string& field) {
  // An instance route also names the instance's interface; the interface is the target.
  for (const auto* key : kModelledTargets) {
    if (auto t = text(route, key); !t.empty()) {
      field = key;
      return t;
    }
  }
  for (const auto* key : kOtherTargets) {
    if (auto t = text(route, key); !t.empty()) {
      field = key;
      return t;
    }
  }
  return "";
}

// vpcsim models these gateway-id prefixes; others (vgw-, vpce-, tgw-) come with issue 14.
bool modelled_gateway(const std::string& id) {
  return id == "local" || id.starts_with("igw-") || id.starts_with("eigw-") ||
         id.starts_with("nat-") || id.starts_with("pcx-") || id.starts_with("eni-");
}

}  // namespace

void read_route_tables(ImportContext& ctx) {
  each_resource(
      ctx, "RouteTables", "RouteTableId", "route_tables",
      [&](const AwsRecord& r, const std::string& id, json& out) {
        const auto& t = *r.value;
        out["vpc"] = text(t, "VpcId");
        if (const auto a = t.find("Associations"); a != t.end() && a->is_array()) {
          for (std::size_t k = 0; k < a->size(); ++k) {
            const auto& x = (*a)[k];
            if (flag(x, "Main")) out["main"] = true;
            // Edge associations (an internet or virtual private gateway's ingress routing).
            if (auto g = text(x, "GatewayId"); !g.empty()) {
              ctx.warn(
                  r, fmt::format("/Associations/{}", k), id,
                  fmt::format("the edge association with {} (ingress routing) is not modelled; "
                              "traffic from the gateway is routed by the VPC's main table",
                              g));
            }
          }
        }
        json routes = json::array();
        if (const auto rs = t.find("Routes"); rs != t.end() && rs->is_array()) {
          for (std::size_t k = 0; k < rs->size(); ++k) {
            const auto& x = (*rs)[k];
            const auto sub = fmt::format("/Routes/{}", k);
            std::string field;
            const auto target = target_of(x, field);
            // Local routes are added for every CIDR block of the VPC (AWS creates them).
            if (target == "local") continue;
            auto dest = text(x, "DestinationCidrBlock");
            if (dest.empty()) dest = text(x, "DestinationIpv6CidrBlock");
            // A route to a prefix list (a gateway endpoint's service, or the customer's own):
            // one route per entry, ranked between static and propagated routes.
            const auto pl = text(x, "DestinationPrefixListId");
            if (dest.empty() && (pl.empty() || !ctx.has(pl))) {
              ctx.warn(r, sub, id,
                       pl.empty()
                           ? "a route without a destination; left out"
                           : fmt::format("the route to prefix list {}, whose entries are not "
                                         "in the snapshot (describe-prefix-lists or "
                                         "get-managed-prefix-list-entries); left out",
                                         pl));
              continue;
            }
            json route = dest.empty() ? json{{"prefix_list", pl}} : json{{"destination", dest}};
            if (dest.empty()) dest = pl;
            const auto origin = text(x, "Origin");
            if (origin == "EnableVgwRoutePropagation") route["origin"] = "propagated";
            const auto state = text(x, "State");
            if (state == "blackhole") route["state"] = "blackhole";
            if (target.empty()) {
              ctx.warn(r, sub, id, fmt::format("the route to {} names no target; left out", dest));
              continue;
            }
            const bool other = field == "TransitGatewayId" || field == "LocalGatewayId" ||
                               field == "CarrierGatewayId" || field == "CoreNetworkArn" ||
                               (field == "GatewayId" && !modelled_gateway(target));
            const auto kind = model::unmodelled_target_kind(target);
            if (other && kind.empty()) {
              // A gateway of no kind AWS documents: a packet this route chooses is dropped,
              // not sent on by a less specific route; the route stays, as a blackhole.
              ctx.warn(r, sub, id,
                       fmt::format("the route to {} via {} ({}): a target of no kind vpcsim "
                                   "knows; packets it chooses are dropped as by a blackhole route",
                                   dest, target, field));
              route["target"] = "blackhole";
            } else if (other) {
              // Kept (read_kept), or known only from this route: a packet it chooses is dropped
              // as ROUTE_TARGET_NOT_MODELLED, never sent on by a less specific route.
              const model::UnmodelledResource what{std::string(kind), target, "", ""};
              std::string missing;
              if (!ctx.has(target)) {
                ctx.add("unmodelled", {{"kind", kind}, {"id", target}}, r);
                missing = ", and the snapshot does not describe it";
              }
              ctx.warn(r, sub, id,
                       fmt::format("the route to {} via {} ({}{}): vpcsim does not model what a {} "
                                   "does yet, so packets it chooses are dropped as "
                                   "ROUTE_TARGET_NOT_MODELLED",
                                   dest, target, what.description(), missing, what.description()));
              route["target"] = target;
            } else if (!ctx.has(target) && state == "blackhole") {
              // AWS's own record of a deleted target: the route is a blackhole, as it says
              // (https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html).
              route["target"] = "blackhole";
            } else if (!ctx.has(target)) {
              // A dangling reference: the snapshot lacks the target of an active route (a
              // partial dump). The route stays, as a blackhole.
              ctx.warn(
                  r, sub, id,
                  fmt::format("the route to {} names {}, which is not in the snapshot: packets "
                              "it chooses are dropped as by a blackhole route",
                              dest, target));
              route["target"] = "blackhole";
            } else {
              route["target"] = target;
            }
            routes.push_back(std::move(route));
          }
        }
        out["routes"] = std::move(routes);
        return true;
      });
}

}  // namespace vpcsim::load::aws
