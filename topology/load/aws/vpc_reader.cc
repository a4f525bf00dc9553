// Vpcs, Subnets and the internet gateways of an AWS snapshot (resource_readers.h). Fields:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Vpc.html, API_Subnet.html,
// API_InternetGateway.html, API_EgressOnlyInternetGateway.html.

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "topology/load/aws/resource_readers.h"
#include "topology/net/ip_prefix.h"

namespace vpcsim::load::aws {
namespace {

using nlohmann::json;

// A CIDR block association is part of the VPC while it is associated
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcCidrBlockState.html).
bool associated(const json& association, const char* state_key) {
  const auto st = association.find(state_key);
  if (st == association.end() || !st->is_object()) return true;
  const auto s = text(*st, "State");
  return s.empty() || s == "associated";
}

void name_into(json& out, const std::string& name) {
  if (!name.empty()) out["name"] = name;
}

// subnet id → the id of the route table or network ACL explicitly associated with it.
std::unordered_map<std::string, std::string> associations(const ImportContext& ctx,
                                                          const char* kind, const char* id_key) {
  std::unordered_map<std::string, std::string> out;
  for (const auto& r : ctx.snapshot().of(kind)) {
    const auto a = r.value->find("Associations");
    if (a == r.value->end() || !a->is_array()) continue;
    for (const auto& x : *a) {
      if (auto s = text(x, "SubnetId"); !s.empty()) out.emplace(s, text(*r.value, id_key));
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> usable_names(ImportContext& ctx, const std::vector<AwsRecord>& records) {
  std::map<std::string, std::size_t> uses;
  std::vector<std::string> names(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    names[i] = tag(*records[i].value, "Name");
    if (!names[i].empty()) ++uses[names[i]];
  }
  std::set<std::string> warned;
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& n = names[i];
    if (n.empty()) continue;
    const bool printable = std::none_of(n.begin(), n.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (!printable) {
      ctx.warn(records[i], "/Tags", "",
               "the Name tag holds a control character; not used as a name");
      n.clear();
    } else if (uses[n] > 1) {
      if (warned.insert(n).second) {
        ctx.warn(records[i], "/Tags", "",
                 fmt::format("the Name tag \"{}\" is on {} resources of this kind; not used as a "
                             "name (vpcsim names are unique per kind): use the ids",
                             n, uses[n]));
      }
      n.clear();
    }
  }
  return names;
}

void read_vpcs(ImportContext& ctx) {
  const auto& records = ctx.snapshot().of("Vpcs");
  const auto names = usable_names(ctx, records);
  std::unordered_map<std::string, std::vector<const AwsRecord*>> subnets_of;  // by VpcId
  for (const auto& sr : ctx.snapshot().of("Subnets"))
    subnets_of[text(*sr.value, "VpcId")].push_back(&sr);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    const auto& v = *r.value;
    const auto id = text(v, "VpcId");
    json out = {{"id", id}};
    name_into(out, names[i]);
    std::vector<std::string> cidrs;
    if (const auto set = v.find("CidrBlockAssociationSet"); set != v.end() && set->is_array()) {
      for (const auto& a : *set) {
        if (associated(a, "CidrBlockState") && !text(a, "CidrBlock").empty())
          cidrs.push_back(text(a, "CidrBlock"));
      }
    }
    // The primary block first, as AWS lists it in CidrBlock.
    const auto primary = text(v, "CidrBlock");
    if (!primary.empty()) {
      std::erase(cidrs, primary);
      cidrs.insert(cidrs.begin(), primary);
    }
    // A subnet outside every block of its VPC cannot exist in AWS (hand-edited snapshots
    // have them): the VPC is read as if it also had the subnet's block, so that the subnet
    // and its interfaces still work, and the subnet says so.
    std::vector<net::IpPrefix> blocks;
    for (const auto& c : cidrs) {
      if (auto p = net::IpPrefix::parse(c)) blocks.push_back(*p);
    }
    for (const auto* sr : subnets_of[id]) {
      const auto sc = net::IpPrefix::parse(text(*sr->value, "CidrBlock"));
      if (!sc || std::any_of(blocks.begin(), blocks.end(),
                             [&](const net::IpPrefix& b) { return b.contains(*sc); }))
        continue;
      ctx.warn(*sr, "/CidrBlock", text(*sr->value, "SubnetId"),
               fmt::format("{} is outside every CIDR block of {}, which AWS does not allow; "
                           "read as if the VPC had this block too",
                           sc->to_string(), id));
      cidrs.push_back(sc->to_string());
      blocks.push_back(*sc);
    }
    if (!cidrs.empty()) out["cidr"] = cidrs.front();
    if (cidrs.size() > 1)
      out["secondary_cidrs"] = std::vector<std::string>(cidrs.begin() + 1, cidrs.end());
    std::vector<std::string> v6;
    if (const auto set = v.find("Ipv6CidrBlockAssociationSet"); set != v.end() && set->is_array()) {
      for (const auto& a : *set) {
        if (associated(a, "Ipv6CidrBlockState") && !text(a, "Ipv6CidrBlock").empty())
          v6.push_back(text(a, "Ipv6CidrBlock"));
      }
    }
    if (!v6.empty()) out["ipv6_cidr"] = v6.front();
    if (v6.size() > 1) {
      ctx.warn(r, "/Ipv6CidrBlockAssociationSet", id,
               fmt::format("{} IPv6 CIDR blocks; vpcsim models one per VPC and uses {}", v6.size(),
                           v6.front()));
    }
    if (auto region = ctx.region_of(r); !region.empty()) out["region"] = region;
    if (auto account = ctx.account_of(r); !account.empty()) out["account_id"] = account;
    ctx.add("vpcs", std::move(out), r);
  }
}

void read_subnets(ImportContext& ctx) {
  const auto& records = ctx.snapshot().of("Subnets");
  const auto names = usable_names(ctx, records);
  const auto route_tables = associations(ctx, "RouteTables", "RouteTableId");
  const auto acls = associations(ctx, "NetworkAcls", "NetworkAclId");
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    const auto& s = *r.value;
    const auto id = text(s, "SubnetId");
    json out = {{"id", id}, {"vpc", text(s, "VpcId")}};
    name_into(out, names[i]);
    if (auto c = text(s, "CidrBlock"); !c.empty()) out["cidr"] = c;
    if (const auto set = s.find("Ipv6CidrBlockAssociationSet"); set != s.end() && set->is_array()) {
      for (const auto& a : *set) {
        if (associated(a, "Ipv6CidrBlockState") && !text(a, "Ipv6CidrBlock").empty()) {
          out["ipv6_cidr"] = text(a, "Ipv6CidrBlock");
          break;
        }
      }
    }
    if (auto az = text(s, "AvailabilityZone"); !az.empty()) out["az"] = az;
    if (auto az_id = text(s, "AvailabilityZoneId"); !az_id.empty()) out["az_id"] = az_id;
    // Without an explicit association a subnet uses the main route table
    // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
    if (auto it = route_tables.find(id); it != route_tables.end()) out["route_table"] = it->second;
    if (auto it = acls.find(id); it != acls.end()) out["network_acl"] = it->second;
    ctx.add("subnets", std::move(out), r);
  }
}

void read_internet_gateways(ImportContext& ctx) {
  for (const auto* kind : {"InternetGateways", "EgressOnlyInternetGateways"}) {
    const bool egress_only = std::string_view(kind) == "EgressOnlyInternetGateways";
    const auto& records = ctx.snapshot().of(kind);
    const auto names = usable_names(ctx, records);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto& r = records[i];
      const auto id =
          text(*r.value, egress_only ? "EgressOnlyInternetGatewayId" : "InternetGatewayId");
      json out = {{"id", id}};
      name_into(out, names[i]);
      if (const auto a = r.value->find("Attachments"); a != r.value->end() && a->is_array()) {
        for (const auto& x : *a) {
          const auto st = text(x, "State");
          if (st.empty() || st == "available" || st == "attached") out["vpc"] = text(x, "VpcId");
        }
      }
      if (egress_only && !out.contains("vpc")) {
        ctx.warn(r, "/Attachments", id,
                 "not attached to a VPC; it carries no traffic and is left out");
        continue;
      }
      ctx.add(egress_only ? "egress_only_internet_gateways" : "internet_gateways", std::move(out),
              r);
    }
  }
}

}  // namespace vpcsim::load::aws
