// Reading a topology object: the two passes, defaults and validation (topology_reader.h).

#include "topology/load/topology_reader.h"

#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "topology/load/eni_reader.h"
#include "topology/load/resource_reference.h"
#include "topology/load/rule_reader.h"
#include "topology/model/validate.h"

namespace vpcsim::load {

using model::ResourceKind;
using net::IpAddress;
using net::IpPrefix;

std::optional<model::Topology> TopologyReader::read(const Json& topo, const std::string& base) {
  ObjectReader root(topo, base, diag_);
  if (!root.is_object()) return std::nullopt;
  names_.declare(root);
  if (!diag_.ok()) return std::nullopt;  // duplicate ids make every later message doubtful
  fill(root);
  root.finish();
  if (!diag_.ok()) return std::nullopt;
  assign_missing_addresses();
  expand_prefix_list_routes();
  model::apply_aws_defaults(data_);
  report_issues(base);
  if (!diag_.ok()) return std::nullopt;
  return model::Topology(std::move(data_));
}

void TopologyReader::report_issues(const std::string& base) {
  for (const auto& issue : model::validate(data_)) {
    const auto& ptrs = names_.pointers(issue.where.kind);
    std::string p = issue.where.index < ptrs.size() ? ptrs[issue.where.index] : base;
    if (!issue.field.empty()) p += "/" + issue.field;
    diag_.error(p, issue.message);
  }
}

template <class T, class F>
void TopologyReader::each(ObjectReader& root, const char* key, std::vector<T>& out, F&& fill_one) {
  root.array(key, [&](const Json& j, const std::string& p) {
    ObjectReader r(j, p, diag_);
    T item{};
    r.string("id");
    r.string("name");
    if (r.is_object()) fill_one(r, item);
    r.finish();
    out.push_back(std::move(item));
  });
}

template <class Index>
Index TopologyReader::resolve(ResourceKind k, ObjectReader& r, std::string_view key,
                              bool required) {
  return read_reference<Index>(r, key, k, names_.index(k), required);
}

void TopologyReader::fill(ObjectReader& root) {
  fill_vpcs(root);
  fill_subnets(root);
  fill_unmodelled(root);  // before the routes that may target them
  fill_route_tables(root);
  fill_network_acls(root);
  fill_security_groups(root);
  fill_prefix_lists(root);
  // Interfaces: explicit ones, then instances' primary interfaces, then NAT gateways'.
  fill_enis(root);
  fill_instances(root);
  fill_internet_gateways(root);
  fill_egress_only_internet_gateways(root);
  fill_nat_gateways(root);
  fill_peering_connections(root);
  fill_quotas(root);
}

// The account's raised quotas, each within AWS's maximum (model/quotas.h).
void TopologyReader::fill_quotas(ObjectReader& root) {
  const Json* j = root.get("quotas");
  if (!j) return;
  ObjectReader r(*j, root.pointer("quotas"), diag_);
  auto& q = data_.quotas;
  const auto read = [&](const char* key, std::uint32_t max, std::uint32_t& out) {
    if (auto v = r.integer(key, 1, max)) out = static_cast<std::uint32_t>(*v);
  };
  read("security_group_rules", model::Quotas::kMaxSgRulesTimesGroups, q.security_group_rules);
  read("network_acl_rules", model::Quotas::kMaxNaclRules, q.network_acl_rules);
  read("security_groups_per_interface", model::Quotas::kMaxGroupsPerInterface,
       q.security_groups_per_interface);
  const auto product = std::uint64_t{q.security_group_rules} * q.security_groups_per_interface;
  if (diag_.ok() && product > model::Quotas::kMaxSgRulesTimesGroups) {
    diag_.error(r.pointer(),
                fmt::format("security_group_rules × security_groups_per_interface is {} × {} = "
                            "{}; AWS allows at most {} "
                            "(https://docs.aws.amazon.com/vpc/latest/userguide/"
                            "amazon-vpc-limits.html)",
                            q.security_group_rules, q.security_groups_per_interface, product,
                            model::Quotas::kMaxSgRulesTimesGroups));
  }
  r.finish();
}

void TopologyReader::fill_vpcs(ObjectReader& root) {
  each(root, "vpcs", data_.vpcs, [&](ObjectReader& r, model::Vpc& v) {
    names_.set_ids(ResourceKind::vpc, data_.vpcs.size(), v.id, v.name);
    if (auto c = r.prefix("cidr", true)) v.cidrs.push_back(*c);
    r.array("secondary_cidrs", [&](const Json& j, const std::string& p) {
      const auto c = j.is_string() ? IpPrefix::parse(j.get<std::string>()) : std::nullopt;
      if (c) {
        v.cidrs.push_back(*c);
      } else {
        diag_.error(p, fmt::format("{} is not valid; expected a CIDR block such as \"10.1.0.0/16\"",
                                   show(j)));
      }
    });
    if (auto c = r.prefix("ipv6_cidr")) v.ipv6_cidrs.push_back(*c);
    v.region = r.string("region").value_or(region_);
    v.account_id = r.string("account_id").value_or(account_);
  });
}

void TopologyReader::fill_subnets(ObjectReader& root) {
  each(root, "subnets", data_.subnets, [&](ObjectReader& r, model::Subnet& s) {
    names_.set_ids(ResourceKind::subnet, data_.subnets.size(), s.id, s.name);
    s.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", true);
    if (auto c = r.prefix("cidr", true)) s.cidr = *c;
    s.ipv6_cidr = r.prefix("ipv6_cidr");
    const auto region = s.vpc.valid() && s.vpc.value() < data_.vpcs.size()
                            ? data_.vpcs[s.vpc.value()].region
                            : region_;
    s.az = r.string("az").value_or(region + "a");
    s.az_id = r.string("az_id").value_or("");
    s.route_table =
        resolve<model::RouteTableIndex>(ResourceKind::route_table, r, "route_table", false);
    s.network_acl = resolve<model::NaclIndex>(ResourceKind::network_acl, r, "network_acl", false);
  });
}

void TopologyReader::fill_route_tables(ObjectReader& root) {
  each(root, "route_tables", data_.route_tables, [&](ObjectReader& r, model::RouteTable& t) {
    names_.set_ids(ResourceKind::route_table, data_.route_tables.size(), t.id, t.name);
    t.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", true);
    t.main = r.boolean("main").value_or(false);
    r.array("routes",
            [&](const Json& j, const std::string& p) { t.routes.push_back(route(j, p)); });
  });
}

model::Route TopologyReader::route(const Json& j, const std::string& p) {
  ObjectReader rr(j, p, diag_);
  model::Route out;
  // A destination CIDR, or a prefix list whose entries become routes (expand_prefix_list_routes).
  if (rr.has("prefix_list")) {
    out.prefix_list =
        read_reference<model::PrefixListIndex>(rr, "prefix_list", ResourceKind::prefix_list,
                                               names_.index(ResourceKind::prefix_list), true);
    out.origin = model::RouteOrigin::prefix_list;
    if (rr.has("destination"))
      diag_.error(rr.pointer("destination"),
                  "a route has a \"destination\" or a \"prefix_list\", not both");
  } else if (auto d = rr.prefix("destination", true)) {
    out.destination = *d;
  }
  if (auto tt = rr.string("target", true)) out.target = route_target(*tt, rr.pointer("target"));
  if (auto o = rr.choice("origin", {"static", "propagated"})) {
    if (out.origin == model::RouteOrigin::prefix_list)
      diag_.error(rr.pointer("origin"), "a route to a prefix list has no \"origin\"");
    else
      out.origin =
          *o == "static" ? model::RouteOrigin::static_route : model::RouteOrigin::propagated;
  }
  if (auto st = rr.choice("state", {"active", "blackhole"})) {
    out.state = *st == "active" ? model::RouteState::active : model::RouteState::blackhole;
  }
  if (out.target.kind == model::RouteTargetKind::blackhole)
    out.state = model::RouteState::blackhole;
  rr.finish();
  return out;
}

void TopologyReader::fill_network_acls(ObjectReader& root) {
  each(root, "network_acls", data_.network_acls, [&](ObjectReader& r, model::NetworkAcl& n) {
    names_.set_ids(ResourceKind::network_acl, data_.network_acls.size(), n.id, n.name);
    n.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", true);
    n.is_default = r.boolean("default").value_or(false);
    for (const auto d : {model::Direction::inbound, model::Direction::outbound}) {
      r.array(model::direction_name(d), [&](const Json& j, const std::string& p) {
        ObjectReader er(j, p, diag_);
        n.entries(d).push_back(read_nacl_entry(er));
        er.finish();
      });
    }
  });
}

void TopologyReader::fill_security_groups(ObjectReader& root) {
  each(root, "security_groups", data_.security_groups,
       [&](ObjectReader& r, model::SecurityGroup& g) {
         names_.set_ids(ResourceKind::security_group, data_.security_groups.size(), g.id, g.name);
         g.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", true);
         g.description = r.string("description").value_or("");
         g.is_default = r.boolean("default").value_or(false);
         const auto rules = [&](const char* key, std::vector<model::SgRule>& out) {
           r.array(key, [&](const Json& j, const std::string& p) {
             ObjectReader er(j, p, diag_);
             out.push_back(sg_rule(er));
             er.finish();
           });
         };
         rules("inbound", g.inbound);
         if (r.has("outbound")) {
           rules("outbound", g.outbound);
         } else {
           // A new security group allows all outbound traffic until you say otherwise
           // (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
           model::SgRule all;
           all.peer.cidr = IpPrefix::all(net::IpFamily::v4);
           g.outbound.push_back(all);
           if (g.vpc.valid() && g.vpc.value() < data_.vpcs.size() &&
               data_.vpcs[g.vpc.value()].has_ipv6()) {
             all.peer.cidr = IpPrefix::all(net::IpFamily::v6);
             g.outbound.push_back(all);
           }
         }
       });
}

model::SgRule TopologyReader::sg_rule(ObjectReader& r) {
  return read_sg_rule(r, names_.index(ResourceKind::security_group),
                      names_.index(ResourceKind::prefix_list));
}

void TopologyReader::fill_prefix_lists(ObjectReader& root) {
  each(root, "prefix_lists", data_.prefix_lists, [&](ObjectReader& r, model::PrefixList& pl) {
    names_.set_ids(ResourceKind::prefix_list, data_.prefix_lists.size(), pl.id, pl.name);
    for (const auto& [text, p] : r.strings("entries")) {
      if (auto c = IpPrefix::parse(text)) {
        pl.entries.push_back(*c);
      } else {
        diag_.error(p, fmt::format("\"{}\" is not valid; expected a CIDR block", text));
      }
    }
    pl.max_entries = static_cast<std::uint32_t>(r.integer("max_entries", 1, 1000).value_or(0));
  });
}

void TopologyReader::fill_enis(ObjectReader& root) {
  each(root, "enis", data_.enis, [&](ObjectReader& r, model::Eni& e) {
    names_.set_ids(ResourceKind::network_interface, data_.enis.size(), e.id, e.name);
    read_eni_fields(r, e, names_);
    read_eni_owner(r, e);
    read_ephemeral_ports(r, e);
  });
}

void TopologyReader::fill_instances(ObjectReader& root) {
  root.array("instances", [&](const Json& j, const std::string& p) {
    ObjectReader r(j, p, diag_);
    model::Eni e;
    names_.set_ids(ResourceKind::network_interface, data_.enis.size(), e.id, e.name);
    e.owner.kind = model::OwnerKind::instance;
    e.owner.id = r.string("id").value_or("");
    if (auto n = r.string("name")) e.name = *n;
    r.string("eni_id");
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html: a
    // terminated instance has no interface left, so it is not a state here.
    if (auto st = r.choice("state", {"running", "pending", "stopping", "stopped"}))
      e.owner.state = *st == "running" ? "" : *st;
    if (r.is_object()) {
      read_eni_fields(r, e, names_);
      read_ephemeral_ports(r, e);
    }
    r.finish();
    data_.enis.push_back(std::move(e));
  });
}

void TopologyReader::fill_internet_gateways(ObjectReader& root) {
  each(root, "internet_gateways", data_.internet_gateways,
       [&](ObjectReader& r, model::InternetGateway& g) {
         names_.set_ids(ResourceKind::internet_gateway, data_.internet_gateways.size(), g.id,
                        g.name);
         g.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", false);
       });
}

void TopologyReader::fill_egress_only_internet_gateways(ObjectReader& root) {
  each(root, "egress_only_internet_gateways", data_.egress_only_internet_gateways,
       [&](ObjectReader& r, model::EgressOnlyInternetGateway& g) {
         names_.set_ids(ResourceKind::egress_only_internet_gateway,
                        data_.egress_only_internet_gateways.size(), g.id, g.name);
         g.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", true);
       });
}

void TopologyReader::fill_nat_gateways(ObjectReader& root) {
  each(root, "nat_gateways", data_.nat_gateways, [&](ObjectReader& r, model::NatGateway& n) {
    const auto index = data_.nat_gateways.size();
    names_.set_ids(ResourceKind::nat_gateway, index, n.id, n.name);
    n.subnet = resolve<model::SubnetIndex>(ResourceKind::subnet, r, "subnet", true);
    if (auto c = r.choice("connectivity", {"public", "private"})) {
      n.connectivity =
          *c == "public" ? model::NatConnectivity::public_nat : model::NatConnectivity::private_nat;
    }
    n.elastic_ip = r.address("elastic_ip");
    if (auto st = r.choice("state", {"available", "deleted"})) {
      n.state = *st == "available" ? model::NatState::available : model::NatState::deleted;
    }
    r.string("eni_id");
    // The gateway's own interface, declared in pass 1.
    const auto& eni_ids = names_.nat_eni_ids();
    model::Eni e;
    e.id = index < eni_ids.size() ? eni_ids[index] : "eni-" + n.id;
    e.subnet = n.subnet;
    e.owner = {model::OwnerKind::nat_gateway, n.id, ""};
    e.ephemeral_ports = model::EphemeralPorts::aws_service();
    e.source_dest_check = false;
    if (auto a = r.address("private_ip")) e.private_ips.push_back(*a);
    // Secondary addresses: private IPs of the gateway's interface, each with its Elastic IP.
    r.array("secondary_addresses", [&](const Json& j, const std::string& p) {
      ObjectReader sr(j, p, diag_);
      const auto a = sr.address("private_ip", true);
      const auto eip = sr.address("elastic_ip");
      sr.finish();
      if (!a) return;
      if (e.private_ips.empty()) {
        diag_.error(p, "a NAT gateway with secondary addresses needs its own \"private_ip\"");
        return;
      }
      n.secondary.push_back({*a, eip});
      e.private_ips.push_back(*a);
    });
    n.eni = model::EniIndex::from(data_.enis.size());
    data_.enis.push_back(std::move(e));
  });
}

void TopologyReader::fill_peering_connections(ObjectReader& root) {
  each(root, "peering_connections", data_.peering_connections,
       [&](ObjectReader& r, model::PeeringConnection& p) {
         names_.set_ids(ResourceKind::peering_connection, data_.peering_connections.size(), p.id,
                        p.name);
         p.requester = resolve<model::VpcIndex>(ResourceKind::vpc, r, "requester", true);
         p.accepter = resolve<model::VpcIndex>(ResourceKind::vpc, r, "accepter", true);
         if (auto st = r.choice("status", {"active", "pending-acceptance", "deleted"})) {
           p.status = *st == "active"    ? model::PeeringStatus::active
                      : *st == "deleted" ? model::PeeringStatus::deleted
                                         : model::PeeringStatus::pending_acceptance;
         }
       });
}

// A route to a prefix list: one route per entry, the first in the route's place and the
// others after the table's own routes, so that the pointers of validation issues stay those
// of the file. A list without entries matches nothing: its route is dropped.
void TopologyReader::expand_prefix_list_routes() {
  for (auto& t : data_.route_tables) {
    std::vector<model::Route> more;
    for (auto it = t.routes.begin(); it != t.routes.end();) {
      if (it->origin != model::RouteOrigin::prefix_list || !it->prefix_list.valid()) {
        ++it;
        continue;
      }
      const auto& entries = data_.prefix_lists[it->prefix_list.value()].entries;
      if (entries.empty()) {
        it = t.routes.erase(it);
        continue;
      }
      for (std::size_t k = 1; k < entries.size(); ++k) {
        more.push_back(*it);
        more.back().destination = entries[k];
      }
      it->destination = entries.front();
      ++it;
    }
    t.routes.insert(t.routes.end(), more.begin(), more.end());
  }
}

// ENIs without a private IP get the lowest free address of their subnet, as AWS picks
// one (AWS picks at random; the lowest keeps runs reproducible).
void TopologyReader::assign_missing_addresses() {
  std::unordered_set<IpAddress> used;
  for (const auto& e : data_.enis)
    used.insert(e.private_ips.begin(), e.private_ips.end());
  for (auto& e : data_.enis) {
    if (!e.private_ips.empty() || !e.subnet.valid()) continue;
    const auto& s = data_.subnets[e.subnet.value()];
    for (auto a = s.cidr.network().plus(4); s.cidr.contains(a) && a != s.cidr.last();
         a = a.plus(1)) {
      if (used.insert(a).second) {
        e.private_ips.push_back(a);
        break;
      }
    }
  }
}

}  // namespace vpcsim::load
