// NetworkInterfaces, the interfaces of Reservations' instances, Addresses (Elastic IPs) and
// NatGateways of an AWS snapshot (resource_readers.h). Fields:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInterface.html,
// API_Instance.html, API_Address.html, API_NatGateway.html.

#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "topology/load/aws/resource_readers.h"
#include "topology/model/subnet.h"
#include "topology/net/ip_address.h"

namespace vpcsim::load::aws {
namespace {

using nlohmann::json;

const json* object_at(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}
const json* array_at(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_array() ? &*it : nullptr;
}

// What owns an interface, from InterfaceType, its attachment, requester and description
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/requester-managed-eni.html).
struct Owner {
  std::string type;  // native owner type; "" for a kind left out
  std::string id;
  std::string left_out;  // why, when type is ""
};
Owner owner_of(const json& e) {
  const auto type = text(e, "InterfaceType");
  const auto desc = text(e, "Description");
  const auto requester = text(e, "RequesterId");
  if (const auto* a = object_at(e, "Attachment"); a && !text(*a, "InstanceId").empty())
    return {"instance", text(*a, "InstanceId"), ""};
  if (type == "nat_gateway") return {"", "", "nat"};
  if (type == "transit_gateway" || type == "vpc_endpoint" || type == "gateway_load_balancer")
    return {"", "",
            fmt::format("a {} interface: vpcsim does not model transit gateways, VPC "
                        "endpoints or their interfaces yet; kept as data, no packet reaches it",
                        type)};
  if (type == "gateway_load_balancer_endpoint") return {"gwlb_endpoint", "", ""};
  if (type == "network_load_balancer" || desc.starts_with("ELB net/"))
    return {"nlb", desc.substr(desc.find(' ') + 1), ""};
  if (desc.starts_with("ELB app/")) return {"alb", desc.substr(4), ""};
  if (desc.starts_with("ELB ")) return {"other", desc.substr(4), ""};  // a classic ELB
  if (type == "lambda" || desc.starts_with("AWS Lambda VPC ENI")) return {"lambda", "", ""};
  if (desc == "RDSNetworkInterface" || requester == "amazon-rds") return {"rds", "", ""};
  return {"other", "", ""};
}

// The elastic IP of each interface address, from Addresses: "eni|private ip" → public ip.
std::unordered_map<std::string, std::string> elastic_ips(const ImportContext& ctx) {
  std::unordered_map<std::string, std::string> out;
  for (const auto& r : ctx.snapshot().of("Addresses")) {
    const auto eni = text(*r.value, "NetworkInterfaceId");
    if (!eni.empty())
      out.emplace(eni + '|' + text(*r.value, "PrivateIpAddress"), text(*r.value, "PublicIp"));
  }
  return out;
}

class InterfaceReader {
 public:
  explicit InterfaceReader(ImportContext& ctx) : ctx_(ctx), eips_(elastic_ips(ctx)) {
    for (const auto& s : ctx.topology().value("subnets", json::array())) {
      model::Subnet m;
      if (auto c = net::IpPrefix::parse(text(s, "cidr"))) m.cidr = *c;
      subnets_.emplace(text(s, "id"), m);
    }
  }

  // One interface, from NetworkInterfaces or an instance's NetworkInterfaces list.
  void read(const AwsRecord& r, const std::string& sub, const json& e, const std::string& name,
            const Owner& owner, const std::string& state) {
    const auto id = text(e, "NetworkInterfaceId");
    if (id.empty() || ctx_.has(id)) return;  // listed by both calls
    const auto subnet = text(e, "SubnetId");
    if (!ctx_.has(subnet)) {
      ctx_.warn(r, sub + "/SubnetId", id,
                fmt::format("subnet {} is not in the snapshot; the interface is left out",
                            subnet.empty() ? "(none)" : subnet));
      return;
    }
    json out = {{"id", id}, {"subnet", subnet}};
    if (!name.empty()) out["name"] = name;
    std::string primary = text(e, "PrivateIpAddress");
    json secondary = json::array();
    if (const auto* ips = array_at(e, "PrivateIpAddresses")) {
      for (std::size_t k = 0; k < ips->size(); ++k) {
        const auto& ip = (*ips)[k];
        const auto a = text(ip, "PrivateIpAddress");
        if (flag(ip, "Primary")) {
          primary = a;
        } else if (!a.empty()) {
          secondary.push_back(a);
          if (const auto* as = object_at(ip, "Association"); as && !text(*as, "PublicIp").empty())
            ctx_.warn(r, fmt::format("{}/PrivateIpAddresses/{}/Association", sub, k), id,
                      "a public IP on a secondary private address is not modelled; ignored");
        }
      }
    }
    // An address AWS reserves cannot be an interface's (hand-edited snapshots have them).
    if (const auto a = net::IpAddress::parse(primary); a && subnets_[subnet].is_reserved(*a)) {
      ctx_.warn(
          r, sub + "/PrivateIpAddress", id,
          fmt::format("{} is reserved by AWS in subnet {} "
                      "(https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html), "
                      "which no interface can have; the interface is left out",
                      primary, subnet));
      return;
    }
    // An interface's primary address is from its subnet's range; a snapshot that says otherwise
    // (CloudMapper's demo account does) contradicts itself, and AWS would not route to it
    // (https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html).
    if (const auto a = net::IpAddress::parse(primary);
        a && a->is_v4() && subnets_.contains(subnet) && !subnets_[subnet].cidr.contains(*a)) {
      ctx_.warn(r, sub + "/PrivateIpAddress", id,
                fmt::format("{} is not in the range of its subnet {} ({}): the snapshot "
                            "contradicts itself; the interface is left out",
                            primary, subnet, subnets_[subnet].cidr));
      return;
    }
    if (!primary.empty()) out["private_ip"] = primary;
    if (!secondary.empty()) out["secondary_private_ips"] = std::move(secondary);
    if (const auto* v6 = array_at(e, "Ipv6Addresses")) {
      json list = json::array();
      for (const auto& a : *v6) {
        if (auto s = text(a, "Ipv6Address"); !s.empty()) list.push_back(s);
      }
      if (!list.empty()) out["ipv6_addresses"] = std::move(list);
    }
    // A public IP from the interface's association: an Elastic IP when an allocation or an
    // owner other than Amazon stands behind it.
    if (const auto* as = object_at(e, "Association"); as && !text(*as, "PublicIp").empty()) {
      const bool elastic = !text(*as, "AllocationId").empty() ||
                           (!text(*as, "IpOwnerId").empty() && text(*as, "IpOwnerId") != "amazon");
      out[elastic ? "elastic_ip" : "public_ip"] = text(*as, "PublicIp");
    } else if (const auto it = eips_.find(id + '|' + primary); it != eips_.end()) {
      out["elastic_ip"] = it->second;
    }
    json groups = json::array();
    if (const auto* gs = array_at(e, "Groups")) {
      for (std::size_t k = 0; k < gs->size(); ++k) {
        const auto g = text((*gs)[k], "GroupId");
        if (ctx_.has(g)) {
          groups.push_back(g);
        } else {
          ctx_.warn(r, fmt::format("{}/Groups/{}", sub, k), id,
                    fmt::format("security group {} is not in the snapshot; left off", g));
        }
      }
    }
    if (!groups.empty()) out["security_groups"] = std::move(groups);
    if (const auto sdc = e.find("SourceDestCheck"); sdc != e.end() && sdc->is_boolean())
      out["source_dest_check"] = sdc->get<bool>();
    json o = {{"type", owner.type}};
    if (!owner.id.empty()) o["id"] = owner.id;
    if (!state.empty()) o["state"] = state;  // the owner's, when it is not running
    out["owner"] = std::move(o);
    if (owner.type == "other" && owner.id.size() > 0) out["ephemeral_ports"] = "1024-65535";
    ctx_.add("enis", std::move(out), r, sub);
  }

 private:
  ImportContext& ctx_;
  std::unordered_map<std::string, std::string> eips_;
  std::unordered_map<std::string, model::Subnet> subnets_;  // by id: their blocks
};

// Instance id → its state, and the Name tag of each instance.
struct Instances {
  std::unordered_map<std::string, std::string> state;
  std::unordered_map<std::string, std::string> name;
};

}  // namespace

void read_interfaces(ImportContext& ctx) {
  InterfaceReader reader(ctx);
  // Instances first: their state decides whether their interfaces are read at all.
  Instances inst;
  std::vector<std::pair<const AwsRecord*, std::string>> instance_records;  // record, pointer
  for (const auto& r : ctx.snapshot().of("Reservations")) {
    const auto* list = array_at(*r.value, "Instances");
    if (!list) continue;
    for (std::size_t k = 0; k < list->size(); ++k) {
      const auto& i = (*list)[k];
      const auto id = text(i, "InstanceId");
      const auto* st = object_at(i, "State");
      inst.state[id] = st ? text(*st, "Name") : "";
      inst.name[id] = tag(i, "Name");
      instance_records.emplace_back(&r, fmt::format("/Instances/{}", k));
    }
  }
  for (const auto& r : ctx.snapshot().of("Instances")) {  // describe-instances flattened
    const auto id = text(*r.value, "InstanceId");
    const auto* st = object_at(*r.value, "State");
    inst.state[id] = st ? text(*st, "Name") : "";
    inst.name[id] = tag(*r.value, "Name");
    instance_records.emplace_back(&r, "");
  }
  std::map<std::string, std::size_t> name_uses;
  for (const auto& [id, n] : inst.name) {
    if (!n.empty()) ++name_uses[n];
  }
  const auto instance_name = [&](const std::string& instance, const json& eni) {
    const auto it = inst.name.find(instance);
    if (it == inst.name.end() || it->second.empty() || name_uses[it->second] != 1)
      return std::string();
    // The primary interface (device 0) takes the instance's name.
    const auto* a = object_at(eni, "Attachment");
    const auto dev = a ? a->find("DeviceIndex") : eni.end();
    return a && dev != a->end() && dev->is_number_integer() && dev->get<int>() == 0 ? it->second
                                                                                    : std::string();
  };
  // A stopped instance keeps its interfaces and answers nothing; a terminated one has none
  // left (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html).
  // The native owner state of `instance` ("" when it runs); nullopt for an interface to
  // leave out.
  const auto state_of = [&](const AwsRecord& r, const std::string& sub, const std::string& instance,
                            const std::string& eni) -> std::optional<std::string> {
    const auto it = inst.state.find(instance);
    if (it == inst.state.end() || it->second.empty() || it->second == "running") return "";
    if (it->second == "pending" || it->second == "stopping" || it->second == "stopped")
      return it->second;
    ctx.warn(r, sub, eni,
             fmt::format("the interface of {} instance {}, which has none left; left out",
                         it->second, instance));
    return std::nullopt;
  };
  for (const auto& r : ctx.snapshot().of("NetworkInterfaces")) {
    auto owner = owner_of(*r.value);
    const auto id = text(*r.value, "NetworkInterfaceId");
    if (owner.type.empty()) {
      if (owner.left_out == "nat") continue;  // read_nat_gateways reads it
      ctx.warn(r, "/InterfaceType", id, owner.left_out);
      // Kept as data for the transit gateways and endpoints to come (aws_kind.h).
      nlohmann::json kept = {{"kind", "NetworkInterfaces"}, {"id", id}, {"aws", *r.value}};
      if (!id.empty() && !ctx.has(id)) ctx.add("unmodelled", std::move(kept), r);
      continue;
    }
    const auto state =
        owner.type == "instance" ? state_of(r, "/Attachment", owner.id, id) : std::string();
    if (!state) continue;
    reader.read(r, "", *r.value, owner.type == "instance" ? instance_name(owner.id, *r.value) : "",
                owner, *state);
  }
  // Interfaces that only the instances list names (a snapshot without describe-network-interfaces).
  for (const auto& [record, pointer] : instance_records) {
    const auto& i =
        pointer.empty() ? *record->value : record->value->at(json::json_pointer(pointer));
    const auto id = text(i, "InstanceId");
    const auto* enis = array_at(i, "NetworkInterfaces");
    if (!enis) continue;
    for (std::size_t k = 0; k < enis->size(); ++k) {
      const auto& e = (*enis)[k];
      const auto eni = text(e, "NetworkInterfaceId");
      if (ctx.has(eni)) continue;
      const auto sub = fmt::format("{}/NetworkInterfaces/{}", pointer, k);
      const auto state = state_of(*record, pointer + "/State", id, eni);
      if (!state) continue;
      reader.read(*record, sub, e, instance_name(id, e), {"instance", id, ""}, *state);
    }
  }
}

void read_nat_gateways(ImportContext& ctx) {
  each_resource(
      ctx, "NatGateways", "NatGatewayId", "nat_gateways",
      [&](const AwsRecord& r, const std::string& id, json& out) {
        const auto& n = *r.value;
        const auto subnet = text(n, "SubnetId");
        if (!ctx.has(subnet)) {
          ctx.warn(
              r, "/SubnetId", id,
              fmt::format("subnet {} is not in the snapshot; the NAT gateway is left out", subnet));
          return false;
        }
        // States: pending, failed, available, deleting, deleted
        // (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html). Only an
        // available gateway translates; routes to the others are blackholes.
        out["subnet"] = subnet;
        out["state"] = text(n, "State") == "available" ? "available" : "deleted";
        if (text(n, "ConnectivityType") == "private") out["connectivity"] = "private";
        if (const auto* addrs = array_at(n, "NatGatewayAddresses")) {
          bool primary_seen = false;
          for (std::size_t k = 0; k < addrs->size(); ++k) {
            const auto& a = (*addrs)[k];
            const bool primary = a.contains("IsPrimary") ? flag(a, "IsPrimary") : k == 0;
            if (!primary || primary_seen) {
              // A secondary address, with its own Elastic IP on a public gateway.
              json s = {{"private_ip", text(a, "PrivateIp")}};
              if (auto p = text(a, "PublicIp"); !p.empty()) s["elastic_ip"] = p;
              if (text(a, "PrivateIp").empty()) {
                ctx.warn(r, fmt::format("/NatGatewayAddresses/{}", k), id,
                         "a secondary address without its PrivateIp; left out");
              } else if (const auto st = text(a, "Status"); !st.empty() && st != "succeeded") {
                // Being associated or disassociated: not (or no longer) carrying connections.
                ctx.warn(r, fmt::format("/NatGatewayAddresses/{}/Status", k), id,
                         fmt::format("a secondary address in status \"{}\"; left out", st));
              } else {
                out["secondary_addresses"].push_back(std::move(s));
              }
              continue;
            }
            primary_seen = true;
            if (auto e = text(a, "NetworkInterfaceId"); !e.empty()) out["eni_id"] = e;
            if (auto p = text(a, "PrivateIp"); !p.empty()) out["private_ip"] = p;
            if (auto p = text(a, "PublicIp"); !p.empty()) out["elastic_ip"] = p;
          }
        }
        return true;
      });
}

}  // namespace vpcsim::load::aws
