// VpcPeeringConnections of an AWS snapshot (resource_readers.h). Fields:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcPeeringConnection.html.

#include <fmt/format.h>

#include "topology/load/aws/resource_readers.h"

namespace vpcsim::load::aws {
namespace {

using nlohmann::json;

std::string side(const json& p, const char* key) {
  const auto it = p.find(key);
  return it != p.end() && it->is_object() ? text(*it, "VpcId") : "";
}

std::string status(const json& p) {
  const auto it = p.find("Status");
  return it != p.end() && it->is_object() ? text(*it, "Code") : "";
}

}  // namespace

std::set<std::pair<std::string, std::string>> active_peerings(const ImportContext& ctx) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& r : ctx.snapshot().of("VpcPeeringConnections")) {
    if (status(*r.value) != "active") continue;
    const auto a = side(*r.value, "RequesterVpcInfo"), b = side(*r.value, "AccepterVpcInfo");
    out.emplace(a, b);
    out.emplace(b, a);
  }
  return out;
}

void read_peering_connections(ImportContext& ctx) {
  const auto& records = ctx.snapshot().of("VpcPeeringConnections");
  const auto names = usable_names(ctx, records);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    const auto id = text(*r.value, "VpcPeeringConnectionId");
    if (ctx.has(id)) continue;  // the other account's view of the same connection
    const auto requester = side(*r.value, "RequesterVpcInfo");
    const auto accepter = side(*r.value, "AccepterVpcInfo");
    // Status codes: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
    // (initiating-request, pending-acceptance, active, deleted, rejected, failed, expired,
    // provisioning, deleting). Only an active connection carries traffic.
    const auto code = status(*r.value);
    const std::string native = code == "active"               ? "active"
                               : code == "pending-acceptance" ? "pending-acceptance"
                                                              : "deleted";
    if (code != "active" && code != "pending-acceptance" && code != "deleted") {
      ctx.warn(r, "/Status/Code", id,
               fmt::format("status \"{}\" carries no traffic; read as deleted", code));
    }
    for (const auto& [vpc, key] :
         {std::pair{requester, "RequesterVpcInfo"}, std::pair{accepter, "AccepterVpcInfo"}}) {
      if (!ctx.has(vpc)) {
        ctx.warn(r, std::string("/") + key, id,
                 fmt::format("{} is not in the snapshot; the connection is left out, and routes "
                             "to it drop as blackholes",
                             vpc.empty() ? std::string("the VPC") : vpc));
      }
    }
    if (!ctx.has(requester) || !ctx.has(accepter)) continue;
    json out = {{"id", id}, {"requester", requester}, {"accepter", accepter}, {"status", native}};
    if (!names[i].empty()) out["name"] = names[i];
    ctx.add("peering_connections", std::move(out), r);
  }
}

}  // namespace vpcsim::load::aws
