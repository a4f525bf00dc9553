// DBInstances of an AWS snapshot (resource_readers.h): each RDS instance is an endpoint named
// by its DBInstanceIdentifier. RDS places the instance's interfaces in the subnets of its DB
// subnet group with its VPC security groups
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html),
// and describe-network-interfaces lists them as requester-managed interfaces described
// "RDSNetworkInterface", without the identifier. An instance claims the unclaimed RDS
// interface in one of its subnets whose groups are exactly its own. A snapshot without that
// interface (Batfish's hold only DBInstances) gets one assumed, in the subnet of the
// instance's Availability Zone at the lowest free address, with a warning saying so.

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "topology/load/aws/resource_readers.h"
#include "topology/model/subnet.h"
#include "topology/net/ip_address.h"
#include "topology/net/ip_prefix.h"

namespace vpcsim::load::aws {
namespace {

using nlohmann::json;

// The native owner state of a DBInstanceStatus
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html): "" for
// one in which the database answers (available, and the states of work on an available
// instance), the status itself for one in which it does not, nullopt for a status in which
// it cannot be used as it is (incompatible-network, storage-full, …) or that is not RDS's.
std::optional<std::string> db_state(const std::string& status) {
  static const std::set<std::string> answering = {"",
                                                  "available",
                                                  "backing-up",
                                                  "configuring-enhanced-monitoring",
                                                  "configuring-iam-database-auth",
                                                  "configuring-log-exports",
                                                  "converting-to-vpc",
                                                  "maintenance",
                                                  "modifying",
                                                  "moving-to-vpc",
                                                  "renaming",
                                                  "resetting-master-credentials",
                                                  "storage-config-upgrade",
                                                  "storage-optimization",
                                                  "upgrading"};
  static const std::set<std::string> silent = {"stopped",   "stopping", "starting", "creating",
                                               "rebooting", "deleting", "failed"};
  if (answering.contains(status)) return "";
  if (silent.contains(status)) return status;
  return std::nullopt;
}

std::set<std::string> strings_of(const json& list) {
  std::set<std::string> out;
  for (const auto& s : list)
    if (s.is_string()) out.insert(s.get<std::string>());
  return out;
}

// The instance's VPC security groups and the subnets of its DB subnet group.
struct Placement {
  std::set<std::string> groups;
  std::vector<std::string> subnets;  // the instance's own AZ's first
};

Placement placement_of(const json& db) {
  Placement p;
  if (const auto it = db.find("VpcSecurityGroups"); it != db.end() && it->is_array()) {
    for (const auto& g : *it) {
      if (text(g, "Status") != "active" && !text(g, "Status").empty()) continue;
      if (auto id = text(g, "VpcSecurityGroupId"); !id.empty()) p.groups.insert(id);
    }
  }
  const auto az = text(db, "AvailabilityZone");
  if (const auto g = db.find("DBSubnetGroup"); g != db.end() && g->is_object()) {
    if (const auto s = g->find("Subnets"); s != g->end() && s->is_array()) {
      for (const auto& x : *s) {
        const auto id = text(x, "SubnetIdentifier");
        if (id.empty()) continue;
        const auto zone = x.find("SubnetAvailabilityZone");
        const bool own = zone != x.end() && zone->is_object() && text(*zone, "Name") == az;
        if (own)
          p.subnets.insert(p.subnets.begin(), id);
        else
          p.subnets.push_back(id);
      }
    }
  }
  return p;
}

// The lowest address of `cidr` that AWS does not reserve and no resource holds.
std::string free_address(const std::string& cidr, const std::unordered_set<std::string>& taken) {
  const auto prefix = net::IpPrefix::parse(cidr);
  if (!prefix || !prefix->is_v4()) return "";
  model::Subnet s;
  s.cidr = *prefix;
  for (std::uint64_t k = 4;; ++k) {
    const auto a = prefix->network().plus(k);
    if (!prefix->contains(a) || a == prefix->last()) return "";
    if (!s.is_reserved(a) && !taken.contains(a.to_string())) return a.to_string();
  }
}

}  // namespace

void read_db_instances(ImportContext& ctx) {
  auto& topo = ctx.topology();
  if (!topo.contains("enis")) topo["enis"] = json::array();
  auto& enis = topo["enis"];
  std::unordered_set<std::string> taken;  // addresses held, to place an assumed interface
  for (const auto& e : enis) {
    taken.insert(text(e, "private_ip"));
    for (const auto& a : e.value("secondary_private_ips", json::array()))
      if (a.is_string()) taken.insert(a.get<std::string>());
  }
  for (const auto& n : topo.value("nat_gateways", json::array()))
    taken.insert(text(n, "private_ip"));
  std::unordered_map<std::string, std::string> cidr_of;  // subnet id → CIDR block
  if (const auto it = topo.find("subnets"); it != topo.end()) {
    for (const auto& sn : *it)
      cidr_of.emplace(text(sn, "id"), text(sn, "cidr"));
  }
  // The RDS interfaces no instance has claimed, by index: adding assumed ones may move enis.
  std::vector<std::size_t> unclaimed;
  for (std::size_t k = 0; k < enis.size(); ++k) {
    const auto& owner = enis[k]["owner"];
    if (text(owner, "type") == "rds" && text(owner, "id").empty()) unclaimed.push_back(k);
  }

  for (const auto& r : ctx.snapshot().of("DBInstances")) {
    const auto& db = *r.value;
    const auto id = text(db, "DBInstanceIdentifier");
    const auto status = text(db, "DBInstanceStatus");
    const auto state = db_state(status);
    if (!state) {
      ctx.warn(
          r, "/DBInstanceStatus", id,
          fmt::format("a DB instance in state \"{}\" cannot be used as it is; left out", status));
      continue;
    }
    const auto p = placement_of(db);
    // Its interface from describe-network-interfaces: an RDS interface nobody claimed yet.
    bool claimed = false;
    for (auto k = unclaimed.begin(); k != unclaimed.end(); ++k) {
      auto& e = enis[*k];
      if (std::find(p.subnets.begin(), p.subnets.end(), text(e, "subnet")) == p.subnets.end())
        continue;
      if (strings_of(e.value("security_groups", json::array())) != p.groups) continue;
      e["owner"]["id"] = id;
      if (!state->empty()) e["owner"]["state"] = *state;
      unclaimed.erase(k);
      claimed = true;
      break;
    }
    if (claimed) continue;
    // None in the snapshot: one assumed, where RDS would put it.
    std::string subnet;
    for (const auto& s : p.subnets) {
      if (ctx.has(s)) {
        subnet = s;
        break;
      }
    }
    if (subnet.empty()) {
      ctx.warn(r, "/DBSubnetGroup", id,
               "none of the DB subnet group's subnets is in the snapshot; left out");
      continue;
    }
    const auto address = free_address(cidr_of[subnet], taken);
    if (address.empty()) {
      ctx.warn(r, "/DBSubnetGroup", id,
               fmt::format("subnet {} has no free IPv4 address for the instance's interface; "
                           "left out",
                           subnet));
      continue;
    }
    taken.insert(address);
    json groups = json::array();
    for (const auto& g : p.groups)
      if (ctx.has(g)) groups.push_back(g);
    ctx.warn(r, "", id,
             fmt::format("the snapshot lists no interface of this DB instance "
                         "(describe-network-interfaces holds them); one is assumed in {} at {}",
                         subnet, address));
    json out = {{"id", fmt::format("eni-rds-{}", id)},
                {"subnet", subnet},
                {"private_ip", address},
                {"security_groups", std::move(groups)},
                {"owner", {{"type", "rds"}, {"id", id}}}};
    if (!state->empty()) out["owner"]["state"] = *state;
    ctx.add("enis", std::move(out), r);
  }
}

}  // namespace vpcsim::load::aws
