#include "topology/load/scenario_loader.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "topology/load/endpoint_resolver.h"
#include "topology/load/flow_log_format_reader.h"
#include "topology/load/json_source.h"
#include "topology/load/object_reader.h"
#include "topology/load/suggest.h"
#include "topology/model/name_index.h"
#include "topology/model/validate.h"

namespace vpcsim::load {
namespace {

using model::ResourceKind;
using net::IpAddress;
using net::IpPrefix;

// Each kind of resource: its key in the topology object and its id prefix.
struct KindInfo {
  ResourceKind kind;
  const char* key;
  const char* prefix;
};

constexpr std::array<KindInfo, 11> kKinds{{
    {ResourceKind::vpc, "vpcs", "vpc"},
    {ResourceKind::subnet, "subnets", "subnet"},
    {ResourceKind::route_table, "route_tables", "rtb"},
    {ResourceKind::network_acl, "network_acls", "acl"},
    {ResourceKind::security_group, "security_groups", "sg"},
    {ResourceKind::prefix_list, "prefix_lists", "pl"},
    {ResourceKind::network_interface, "enis", "eni"},
    {ResourceKind::internet_gateway, "internet_gateways", "igw"},
    {ResourceKind::egress_only_internet_gateway, "egress_only_internet_gateways", "eigw"},
    {ResourceKind::nat_gateway, "nat_gateways", "nat"},
    {ResourceKind::peering_connection, "peering_connections", "pcx"},
}};

const KindInfo& kind_info(ResourceKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i;
  return kKinds.front();  // unreachable: every kind is in the table
}

// Names of one kind of resource as declared: the name index, and each one's JSON pointer and
// alias (an instance's id, for its interface).
struct NameTable {
  model::NameIndex index;
  std::vector<std::string> pointers;
  std::vector<std::string> aliases;

  std::optional<std::uint32_t> find(const std::string& key) const { return index.find_one(key); }
  std::vector<std::string> all() const { return index.keys(); }
};

std::string suffix_of(const std::string& id) {
  const auto dash = id.find('-');
  return dash == std::string::npos ? id : id.substr(dash + 1);
}

// API_CreateNetworkAclEntry
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html): "If you
// specify protocol "58" (ICMPv6) and specify an IPv6 CIDR block, you must specify an ICMP type and
// code."
constexpr const char* kIcmpTypeExpected =
    "an ICMP type (8 = echo request, 0 = echo reply, -1 = all) for protocol icmp";
constexpr const char* kIcmpv6TypeExpected =
    "an ICMPv6 type (128 = echo request, 129 = echo reply, -1 = all) for protocol icmpv6 with an "
    "IPv6 CIDR block";
bool icmpv6_needs_type(const model::NaclEntry& e, const ObjectReader& r) {
  return e.protocol.number() == net::Protocol::kIcmpv6 && !e.cidr.is_v4() && !r.has("icmp_type") &&
         !r.has("icmp_code");
}

// Ports or ICMP type/code, as the protocol requires (API_CreateNetworkAclEntry,
// API_IpPermission: TCP and UDP need a port range; a NACL's ICMP entry needs a type).
template <class Rule>
void read_ports_or_icmp(ObjectReader& r, Rule& rule, bool nacl) {
  const auto p = rule.protocol;
  if (p.has_ports()) {
    if (auto pr = r.ports("ports", true)) rule.ports = *pr;
    return;
  }
  if (p.is_icmp_family()) {
    const bool given = r.has("icmp_type") || r.has("icmp_code");
    if (!given && nacl && p.number() == net::Protocol::kIcmp) {
      r.missing("icmp_type", kIcmpTypeExpected);
    }
    rule.icmp.type = static_cast<std::int16_t>(r.integer("icmp_type", -1, 255).value_or(-1));
    rule.icmp.code = static_cast<std::int16_t>(r.integer("icmp_code", -1, 255).value_or(-1));
    return;
  }
  // Other protocols: AWS ignores ports; accept and ignore them so copies of AWS output load.
  r.get("ports");
}

// A network ACL entry (the same grammar in the topology and in timeline changes).
model::NaclEntry read_nacl_entry(ObjectReader& r) {
  model::NaclEntry e;
  if (auto n = r.integer("rule", 0, 65535, true)) e.rule_number = static_cast<std::uint16_t>(*n);
  if (auto p = r.protocol("protocol", true)) e.protocol = *p;
  read_ports_or_icmp(r, e, true);
  if (auto c = r.prefix("cidr", true)) {
    e.cidr = *c;
    if (icmpv6_needs_type(e, r)) r.missing("icmp_type", kIcmpv6TypeExpected);
  }
  if (auto a = r.choice("action", {"allow", "deny"}, true)) {
    e.action = *a == "allow" ? model::RuleAction::allow : model::RuleAction::deny;
  }
  return e;
}

// A security group rule; `group` and `prefix_list` resolve the peer names.
template <class ResolveGroup, class ResolvePrefixList>
model::SgRule read_sg_rule(ObjectReader& r, ResolveGroup group, ResolvePrefixList prefix_list) {
  model::SgRule rule;
  if (auto p = r.protocol("protocol", true)) rule.protocol = *p;
  read_ports_or_icmp(r, rule, false);
  const int peers = int{r.has("cidr")} + int{r.has("group")} + int{r.has("prefix_list")};
  if (peers != 1 && r.is_object()) {
    r.diag().error(r.pointer(),
                   peers == 0 ? "a security group rule needs a peer: \"cidr\", "
                                "\"group\" (a security group) or \"prefix_list\""
                              : "give exactly one of \"cidr\", \"group\" and \"prefix_list\"");
  }
  if (auto c = r.prefix("cidr")) {
    rule.peer.kind = model::SgPeerKind::cidr;
    rule.peer.cidr = *c;
  }
  if (r.has("group")) {
    rule.peer.kind = model::SgPeerKind::security_group;
    rule.peer.group = group(r, "group");
  }
  if (r.has("prefix_list")) {
    rule.peer.kind = model::SgPeerKind::prefix_list;
    rule.peer.prefix_list = prefix_list(r, "prefix_list");
  }
  rule.description = r.string("description").value_or("");
  rule.id = r.string("id").value_or("");
  return rule;
}

class TopologyReader {
 public:
  TopologyReader(Diagnostics& diag, std::string region, std::string account)
      : diag_(diag), region_(std::move(region)), account_(std::move(account)) {}

  std::optional<model::Topology> read(const Json& topo, const std::string& base) {
    ObjectReader root(topo, base, diag_);
    if (!root.is_object()) return std::nullopt;
    declare(root);
    if (!diag_.ok()) return std::nullopt;  // duplicate ids make every later message doubtful
    fill(root);
    root.finish();
    if (!diag_.ok()) return std::nullopt;
    assign_missing_addresses();
    model::apply_aws_defaults(data_);
    for (const auto& issue : model::validate(data_)) {
      const auto& ptrs = table(issue.where.kind).pointers;
      std::string p = issue.where.index < ptrs.size() ? ptrs[issue.where.index] : base;
      if (!issue.field.empty()) p += "/" + issue.field;
      diag_.error(p, issue.message);
    }
    if (!diag_.ok()) return std::nullopt;
    return model::Topology(std::move(data_));
  }

 private:
  NameTable& table(ResourceKind k) { return tables_[static_cast<std::size_t>(k)]; }

  // Pass 1: every resource's id and name, so that references can point forward.
  void declare(ObjectReader& root) {
    for (const auto& k : kKinds) {
      if (k.kind == ResourceKind::network_interface) {
        declare_kind(root, k, "enis");
        declare_kind(root, k, "instances");
      } else {
        declare_kind(root, k, k.key);
      }
      if (k.kind == ResourceKind::nat_gateway) declare_nat_enis(root);
    }
  }

  void declare_kind(ObjectReader& root, const KindInfo& k, const char* key) {
    if (!root.has(key)) return;
    const Json& arr = *root.get(key);
    if (!arr.is_array()) return;  // reported in fill()
    const auto base = root.pointer(key);
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const auto p = child_pointer(base, i);
      const Json& e = arr[i];
      std::string id, name;
      if (e.is_object()) {
        if (const auto it = e.find("id"); it != e.end() && it->is_string()) id = *it;
        if (const auto it = e.find("name"); it != e.end() && it->is_string()) name = *it;
      }
      if (id.empty() && name.empty()) {
        diag_.error(p, fmt::format("a {} needs an \"id\" (such as \"{}-0a1b2c3d\") or a \"name\"",
                                   model::kind_name(k.kind), k.prefix));
        continue;
      }
      if (std::string_view(key) == "instances") {
        // An instance is given by its own id (i-…); its interface gets an eni- id.
        const auto ref_name = id.empty() ? name : id;
        if (!id.empty()) {
          if (const auto [it, fresh] = instance_ids_.emplace(id, p); !fresh) {
            diag_.error(p + "/id", fmt::format("\"{}\" is already the id of the instance at {}", id,
                                               it->second));
            continue;
          }
        }
        std::string eni_id;
        if (const auto it = e.find("eni_id"); it != e.end() && it->is_string()) eni_id = *it;
        // i-0abc → eni-0abc; an instance known only by name "web-a" → eni-web-a.
        if (eni_id.empty()) {
          eni_id = ref_name.rfind("i-", 0) == 0 ? "eni-" + suffix_of(ref_name) : "eni-" + ref_name;
        }
        register_name(k, p, eni_id, name, /*instance_id=*/id);
        continue;
      }
      if (id.empty()) id = std::string(k.prefix) + "-" + name;
      register_name(k, p, id, name, "");
    }
  }

  void register_name(const KindInfo& k, const std::string& p, const std::string& id,
                     const std::string& name, const std::string& alias) {
    auto& t = table(k.kind);
    const auto index = static_cast<std::uint32_t>(t.pointers.size());
    t.pointers.push_back(p);
    t.aliases.push_back(alias);
    if (const auto clash = t.index.add(id, name)) {
      diag_.error(
          p + (clash->id ? "/id" : "/name"),
          fmt::format("\"{}\" is already the {} of the {} at {}", clash->id ? id : name,
                      clash->id ? "id" : "name", model::kind_name(k.kind), t.pointers[clash->by]));
    }
    if (!alias.empty() && alias != id) t.index.alias(alias, index);
  }

  void declare_nat_enis(ObjectReader& root) {
    // Each NAT gateway owns an interface (declared after the enis and instances).
    if (!root.has("nat_gateways")) return;
    const Json& arr = *root.get("nat_gateways");
    if (!arr.is_array()) return;
    const auto& nats = table(ResourceKind::nat_gateway);
    for (std::size_t i = 0; i < arr.size() && i < nats.pointers.size(); ++i) {
      const std::string& nat_id = nats.index.id(static_cast<std::uint32_t>(i));
      std::string eni_id = "eni-" + nat_id;
      if (const auto it = arr[i].find("eni_id"); it != arr[i].end() && it->is_string()) {
        eni_id = *it;
      }
      register_name(kind_info(ResourceKind::network_interface), nats.pointers[i], eni_id, "", "");
      nat_eni_ids_.push_back(eni_id);
    }
  }

  template <class Index>
  Index resolve(ResourceKind k, ObjectReader& r, std::string_view key, bool required) {
    const auto text = r.string(key, required);
    if (!text) return Index();
    return resolve_text<Index>(k, *text, r.pointer(key));
  }

  template <class Index>
  Index resolve_text(ResourceKind k, const std::string& text, const std::string& p) {
    if (const auto i = table(k).find(text)) return Index(*i);
    diag_.error(p, fmt::format("unknown {} \"{}\"{}", model::kind_name(k), text,
                               did_you_mean(text, table(k).all())));
    return Index();
  }

  template <class T, class F>
  void each(ObjectReader& root, const char* key, std::vector<T>& out, F&& fill_one) {
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

  // The id and name declared for resource `i` of kind `k` (its alias when it has no name).
  void set_ids(ResourceKind k, std::size_t i, std::string& id, std::string& name) {
    const auto& t = table(k);
    if (i >= t.pointers.size()) return;  // not declared: its error is reported
    const auto n = static_cast<std::uint32_t>(i);
    id = t.index.id(n);
    if (!name.empty()) return;
    if (const auto& given = t.index.name(n); !given.empty() && given != id)
      name = given;
    else if (t.aliases[n] != id)
      name = t.aliases[n];
  }

  // Pass 2: every field.
  void fill(ObjectReader& root) {
    each(root, "vpcs", data_.vpcs, [&](ObjectReader& r, model::Vpc& v) {
      set_ids(ResourceKind::vpc, data_.vpcs.size(), v.id, v.name);
      if (auto c = r.prefix("cidr", true)) v.cidrs.push_back(*c);
      r.array("secondary_cidrs", [&](const Json& j, const std::string& p) {
        const auto c = j.is_string() ? IpPrefix::parse(j.get<std::string>()) : std::nullopt;
        if (c) {
          v.cidrs.push_back(*c);
        } else {
          diag_.error(p,
                      fmt::format("{} is not valid; expected a CIDR block such as \"10.1.0.0/16\"",
                                  show(j)));
        }
      });
      if (auto c = r.prefix("ipv6_cidr")) v.ipv6_cidrs.push_back(*c);
      v.region = r.string("region").value_or(region_);
      v.account_id = r.string("account_id").value_or(account_);
    });
    each(root, "subnets", data_.subnets, [&](ObjectReader& r, model::Subnet& s) {
      set_ids(ResourceKind::subnet, data_.subnets.size(), s.id, s.name);
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
    each(root, "route_tables", data_.route_tables, [&](ObjectReader& r, model::RouteTable& t) {
      set_ids(ResourceKind::route_table, data_.route_tables.size(), t.id, t.name);
      t.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", true);
      t.main = r.boolean("main").value_or(false);
      r.array("routes", [&](const Json& j, const std::string& p) {
        ObjectReader rr(j, p, diag_);
        model::Route route;
        if (auto d = rr.prefix("destination", true)) route.destination = *d;
        if (auto tt = rr.string("target", true))
          route.target = route_target(*tt, rr.pointer("target"));
        if (auto o = rr.choice("origin", {"static", "propagated"})) {
          route.origin =
              *o == "static" ? model::RouteOrigin::static_route : model::RouteOrigin::propagated;
        }
        if (auto st = rr.choice("state", {"active", "blackhole"})) {
          route.state = *st == "active" ? model::RouteState::active : model::RouteState::blackhole;
        }
        if (route.target.kind == model::RouteTargetKind::blackhole)
          route.state = model::RouteState::blackhole;
        rr.finish();
        t.routes.push_back(std::move(route));
      });
    });
    each(root, "network_acls", data_.network_acls, [&](ObjectReader& r, model::NetworkAcl& n) {
      set_ids(ResourceKind::network_acl, data_.network_acls.size(), n.id, n.name);
      n.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", true);
      n.is_default = r.boolean("default").value_or(false);
      for (const auto d : {model::Direction::inbound, model::Direction::outbound}) {
        r.array(model::direction_name(d), [&](const Json& j, const std::string& p) {
          ObjectReader er(j, p, diag_);
          n.entries(d).push_back(nacl_entry(er));
          er.finish();
        });
      }
    });
    each(root, "security_groups", data_.security_groups,
         [&](ObjectReader& r, model::SecurityGroup& g) {
           const auto index = data_.security_groups.size();
           set_ids(ResourceKind::security_group, index, g.id, g.name);
           g.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", true);
           g.description = r.string("description").value_or("");
           g.is_default = r.boolean("default").value_or(false);
           r.array("inbound", [&](const Json& j, const std::string& p) {
             ObjectReader er(j, p, diag_);
             g.inbound.push_back(sg_rule(er));
             er.finish();
           });
           if (r.has("outbound")) {
             r.array("outbound", [&](const Json& j, const std::string& p) {
               ObjectReader er(j, p, diag_);
               g.outbound.push_back(sg_rule(er));
               er.finish();
             });
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
    each(root, "prefix_lists", data_.prefix_lists, [&](ObjectReader& r, model::PrefixList& pl) {
      set_ids(ResourceKind::prefix_list, data_.prefix_lists.size(), pl.id, pl.name);
      for (const auto& [text, p] : r.strings("entries")) {
        if (auto c = IpPrefix::parse(text)) {
          pl.entries.push_back(*c);
        } else {
          diag_.error(p, fmt::format("\"{}\" is not valid; expected a CIDR block", text));
        }
      }
      pl.max_entries = static_cast<std::uint32_t>(r.integer("max_entries", 1, 1000).value_or(0));
    });
    // Interfaces: explicit ones, then instances' primary interfaces, then NAT gateways'.
    each(root, "enis", data_.enis, [&](ObjectReader& r, model::Eni& e) {
      set_ids(ResourceKind::network_interface, data_.enis.size(), e.id, e.name);
      eni_fields(r, e);
      if (const Json* o = r.get("owner")) {
        ObjectReader orr(*o, r.pointer("owner"), diag_);
        if (auto t = orr.choice("type", {"instance", "alb", "nlb", "rds", "nat", "lambda", "other"},
                                true)) {
          e.owner.kind = owner_kind(*t);
          e.ephemeral_ports = default_ephemeral(e.owner.kind);
        }
        e.owner.id = orr.string("id").value_or("");
        orr.finish();
      }
      ephemeral(r, e);
    });
    root.array("instances", [&](const Json& j, const std::string& p) {
      ObjectReader r(j, p, diag_);
      model::Eni e;
      set_ids(ResourceKind::network_interface, data_.enis.size(), e.id, e.name);
      e.owner.kind = model::OwnerKind::instance;
      e.owner.id = r.string("id").value_or("");
      if (auto n = r.string("name")) e.name = *n;
      r.string("eni_id");
      if (r.is_object()) {
        eni_fields(r, e);
        ephemeral(r, e);
      }
      r.finish();
      data_.enis.push_back(std::move(e));
    });
    each(root, "internet_gateways", data_.internet_gateways,
         [&](ObjectReader& r, model::InternetGateway& g) {
           set_ids(ResourceKind::internet_gateway, data_.internet_gateways.size(), g.id, g.name);
           g.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", false);
         });
    each(root, "egress_only_internet_gateways", data_.egress_only_internet_gateways,
         [&](ObjectReader& r, model::EgressOnlyInternetGateway& g) {
           set_ids(ResourceKind::egress_only_internet_gateway,
                   data_.egress_only_internet_gateways.size(), g.id, g.name);
           g.vpc = resolve<model::VpcIndex>(ResourceKind::vpc, r, "vpc", true);
         });
    each(root, "nat_gateways", data_.nat_gateways, [&](ObjectReader& r, model::NatGateway& n) {
      const auto index = data_.nat_gateways.size();
      set_ids(ResourceKind::nat_gateway, index, n.id, n.name);
      n.subnet = resolve<model::SubnetIndex>(ResourceKind::subnet, r, "subnet", true);
      if (auto c = r.choice("connectivity", {"public", "private"})) {
        n.connectivity = *c == "public" ? model::NatConnectivity::public_nat
                                        : model::NatConnectivity::private_nat;
      }
      n.elastic_ip = r.address("elastic_ip");
      if (auto st = r.choice("state", {"available", "deleted"})) {
        n.state = *st == "available" ? model::NatState::available : model::NatState::deleted;
      }
      r.string("eni_id");
      model::Eni e;
      e.id = index < nat_eni_ids_.size() ? nat_eni_ids_[index] : "eni-" + n.id;
      e.subnet = n.subnet;
      e.owner = {model::OwnerKind::nat_gateway, n.id};
      e.ephemeral_ports = model::EphemeralPorts::aws_service();
      e.source_dest_check = false;
      if (auto a = r.address("private_ip")) e.private_ips.push_back(*a);
      n.eni = model::EniIndex::from(data_.enis.size());
      data_.enis.push_back(std::move(e));
    });
    each(root, "peering_connections", data_.peering_connections,
         [&](ObjectReader& r, model::PeeringConnection& p) {
           set_ids(ResourceKind::peering_connection, data_.peering_connections.size(), p.id,
                   p.name);
           p.requester = resolve<model::VpcIndex>(ResourceKind::vpc, r, "requester", true);
           p.accepter = resolve<model::VpcIndex>(ResourceKind::vpc, r, "accepter", true);
           if (auto st = r.choice("status", {"active", "pending-acceptance", "deleted"})) {
             p.status = *st == "active"    ? model::PeeringStatus::active
                        : *st == "deleted" ? model::PeeringStatus::deleted
                                           : model::PeeringStatus::pending_acceptance;
           }
         });
    // Resolve SG-reference rules now that every group exists (pending list).
  }

  static model::OwnerKind owner_kind(const std::string& t) {
    if (t == "instance") return model::OwnerKind::instance;
    if (t == "alb") return model::OwnerKind::alb;
    if (t == "nlb") return model::OwnerKind::nlb;
    if (t == "rds") return model::OwnerKind::rds;
    if (t == "nat") return model::OwnerKind::nat_gateway;
    if (t == "lambda") return model::OwnerKind::lambda;
    return model::OwnerKind::other;
  }

  static net::PortRange default_ephemeral(model::OwnerKind k) {
    switch (k) {
      case model::OwnerKind::alb:
      case model::OwnerKind::nlb:
      case model::OwnerKind::nat_gateway:
      case model::OwnerKind::lambda:
        return model::EphemeralPorts::aws_service();
      default:
        return model::EphemeralPorts::linux_kernel();
    }
  }

  void ephemeral(ObjectReader& r, model::Eni& e) {
    if (auto os = r.choice("os", {"linux", "windows", "windows-2003"})) {
      e.ephemeral_ports = *os == "linux"     ? model::EphemeralPorts::linux_kernel()
                          : *os == "windows" ? model::EphemeralPorts::windows()
                                             : model::EphemeralPorts::windows_2003();
    }
    if (auto p = r.ports("ephemeral_ports")) e.ephemeral_ports = *p;
  }

  void eni_fields(ObjectReader& r, model::Eni& e) {
    e.subnet = resolve<model::SubnetIndex>(ResourceKind::subnet, r, "subnet", true);
    if (auto a = r.address("private_ip")) e.private_ips.push_back(*a);
    r.array("secondary_private_ips", [&](const Json& j, const std::string& p) {
      const auto a = j.is_string() ? IpAddress::parse(j.get<std::string>()) : std::nullopt;
      if (a && !e.private_ips.empty()) {
        e.private_ips.push_back(*a);
      } else if (a) {
        diag_.error(p, "a secondary private IP needs a primary private_ip first");
      } else {
        diag_.error(p, fmt::format("{} is not valid; expected an IPv4 address", show(j)));
      }
    });
    r.array("ipv6_addresses", [&](const Json& j, const std::string& p) {
      const auto a = j.is_string() ? IpAddress::parse(j.get<std::string>()) : std::nullopt;
      if (a && a->is_v6()) {
        e.ipv6_addresses.push_back(*a);
      } else {
        diag_.error(p, fmt::format("{} is not valid; expected an IPv6 address", show(j)));
      }
    });
    if (auto a = r.address("public_ip")) e.public_ip = a;
    if (auto a = r.address("elastic_ip")) {
      if (e.public_ip)
        diag_.error(r.pointer("elastic_ip"), "give public_ip or elastic_ip, not both");
      e.public_ip = a;
      e.elastic_ip = true;
    }
    if (const Json* tags = r.get("tags")) {
      if (!tags->is_object()) {
        r.bad("tags", *tags, "an object of tag keys and string values, e.g. {\"tier\": \"web\"}");
      } else {
        for (const auto& [k, v] : tags->items()) {
          if (v.is_string())
            e.tags[k] = v.get<std::string>();
          else
            diag_.error(child_pointer(r.pointer("tags"), k),
                        fmt::format("{} is not valid; expected a string tag value", show(v)));
        }
      }
    }
    for (const auto& [text, p] : r.strings("security_groups")) {
      const auto g = resolve_text<model::SgIndex>(ResourceKind::security_group, text, p);
      if (g.valid()) e.security_groups.push_back(g);
    }
    e.source_dest_check = r.boolean("source_dest_check").value_or(true);
    if (const Json* c = r.get("conntrack")) {
      ObjectReader cr(*c, r.pointer("conntrack"), diag_);
      // API_ConnectionTrackingConfiguration ranges
      // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ConnectionTrackingConfiguration.html).
      const auto within = [&](const char* key, net::SimTime& out, std::int64_t lo,
                              std::int64_t hi) {
        if (auto t = cr.time(key)) {
          if (*t < net::SimTime(std::chrono::seconds(lo)) ||
              *t > net::SimTime(std::chrono::seconds(hi))) {
            diag_.error(cr.pointer(key),
                        fmt::format("{} is out of range; AWS allows {} to {} seconds", *t, lo, hi));
          } else {
            out = *t;
          }
        }
      };
      within("tcp_established", e.conntrack.tcp_established, 60, 432000);
      within("udp", e.conntrack.udp, 30, 60);
      within("udp_stream", e.conntrack.udp_stream, 60, 180);
      cr.finish();
    }
  }

  model::RouteTarget route_target(const std::string& text, const std::string& p) {
    using K = model::RouteTargetKind;
    if (text == "local") return {K::local, 0, text};
    if (text == "blackhole") return {K::blackhole, 0, text};
    struct Candidate {
      K kind;
      ResourceKind rk;
    };
    const Candidate cands[] = {
        {K::internet_gateway, ResourceKind::internet_gateway},
        {K::egress_only_internet_gateway, ResourceKind::egress_only_internet_gateway},
        {K::nat_gateway, ResourceKind::nat_gateway},
        {K::peering_connection, ResourceKind::peering_connection},
        {K::network_interface, ResourceKind::network_interface}};
    std::vector<std::pair<Candidate, std::uint32_t>> found;
    for (const auto& c : cands) {
      if (const auto i = table(c.rk).find(text)) found.emplace_back(c, *i);
    }
    if (found.size() == 1) return {found[0].first.kind, found[0].second, text};
    if (found.empty()) {
      std::vector<std::string> all{"local", "blackhole"};
      for (const auto& c : cands) {
        const auto names = table(c.rk).all();
        all.insert(all.end(), names.begin(), names.end());
      }
      diag_.error(
          p, fmt::format("unknown route target \"{}\"{}; expected \"local\", \"blackhole\", or the "
                         "id or name of an internet gateway, egress-only internet gateway, NAT "
                         "gateway, peering connection, network interface or instance",
                         text, did_you_mean(text, all)));
    } else {
      std::string list;
      for (const auto& [c, i] : found) {
        list += fmt::format("{}{} {}", list.empty() ? "" : ", ", model::kind_name(c.rk),
                            table(c.rk).pointers[i]);
      }
      diag_.error(
          p, fmt::format("route target \"{}\" is ambiguous: it names {}; use the id", text, list));
    }
    return {K::blackhole, 0, text};
  }

  model::NaclEntry nacl_entry(ObjectReader& r) { return read_nacl_entry(r); }

  model::SgRule sg_rule(ObjectReader& r) {
    return read_sg_rule(
        r,
        [&](ObjectReader& x, std::string_view k) {
          return resolve<model::SgIndex>(ResourceKind::security_group, x, k, true);
        },
        [&](ObjectReader& x, std::string_view k) {
          return resolve<model::PrefixListIndex>(ResourceKind::prefix_list, x, k, true);
        });
  }

  // ENIs without a private IP get the lowest free address of their subnet, as AWS picks
  // one (AWS picks at random; the lowest keeps runs reproducible).
  void assign_missing_addresses() {
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

  Diagnostics& diag_;
  std::string region_;
  std::string account_;
  model::TopologyData data_;
  std::array<NameTable, kKinds.size()> tables_;
  std::unordered_map<std::string, std::string> instance_ids_;  // instance id → its pointer
  std::vector<std::string> nat_eni_ids_;
};

// --- traffic, timeline, expect -------------------------------------------------------

class SectionReader {
 public:
  SectionReader(Diagnostics& diag, const model::Topology& topo) : diag_(diag), topo_(topo) {}

  model::Endpoint endpoint(ObjectReader& r, std::string_view key) {
    const auto text = r.string(key, true);
    if (!text) return {};
    auto res = resolve_endpoint(topo_, *text);
    if (!res.endpoint) {
      diag_.error(r.pointer(key), res.error);
      return {};
    }
    return *res.endpoint;
  }

  model::TrafficPlan traffic(const Json& j, const std::string& p) {
    model::TrafficPlan plan;
    ObjectReader r(j, p, diag_);
    std::set<std::string> names;
    r.array("flows", [&](const Json& fj, const std::string& fp) {
      ObjectReader f(fj, fp, diag_);
      model::FlowSpec s;
      s.pointer = fp;
      s.name = f.string("name", true).value_or("");
      if (!s.name.empty() && !names.insert(s.name).second) {
        diag_.error(f.pointer("name"),
                    fmt::format("\"{}\" is already the name of another flow", s.name));
      }
      s.from = endpoint(f, "from");
      s.to = endpoint(f, "to");
      if (auto pr = f.choice("protocol", {"tcp", "udp", "icmp", "icmpv6"}, true)) {
        s.protocol = *pr == "tcp" ? 6 : *pr == "udp" ? 17 : *pr == "icmp" ? 1 : 58;
      }
      if (s.protocol == 6 || s.protocol == 17) {
        if (auto port = f.integer("port", 1, 65535, true))
          s.port = static_cast<std::uint16_t>(*port);
      }
      s.start = f.time("start").value_or(net::SimTime());
      s.request_bytes = static_cast<std::uint32_t>(
          f.integer("request_bytes", 0, 1'000'000'000).value_or(s.request_bytes));
      s.response_bytes = static_cast<std::uint32_t>(
          f.integer("response_bytes", 0, 1'000'000'000).value_or(s.response_bytes));
      s.exchanges = static_cast<std::uint32_t>(f.integer("exchanges", 1, 1'000'000).value_or(1));
      s.gap = f.time("gap").value_or(s.gap);
      if (auto c = f.choice("close", {"fin", "rst", "none"})) {
        s.close = *c == "fin"   ? model::CloseKind::fin
                  : *c == "rst" ? model::CloseKind::rst
                                : model::CloseKind::none;
      }
      if (auto sp = f.integer("source_port", 1, 65535))
        s.source_port = static_cast<std::uint16_t>(*sp);
      s.syn_retries = static_cast<std::uint32_t>(f.integer("syn_retries", 0, 20).value_or(6));
      s.repeat = static_cast<std::uint32_t>(f.integer("repeat", 1, 100'000'000).value_or(1));
      s.every = f.time("every").value_or(s.every);
      f.finish();
      plan.flows.push_back(std::move(s));
    });
    if (const Json* l = r.get("latency")) {
      ObjectReader lr(*l, r.pointer("latency"), diag_);
      plan.latency.same_az = lr.time("same_az").value_or(plan.latency.same_az);
      plan.latency.cross_az = lr.time("cross_az").value_or(plan.latency.cross_az);
      plan.latency.internet = lr.time("internet").value_or(plan.latency.internet);
      lr.finish();
    }
    plan.mss = static_cast<std::uint32_t>(r.integer("mss", 536, 9001).value_or(1460));
    r.finish();
    return plan;
  }

  // The resource of kind `k` that `r[key]` names, by id or name; else an error with the
  // nearest known names.
  template <class Index>
  Index find(model::ResourceKind k, ObjectReader& r, std::string_view key) {
    const auto text = r.string(key, true);
    if (!text) return Index();
    const auto& names = topo_.names(k);
    if (const auto i = names.find_one(*text)) return Index(*i);
    diag_.error(r.pointer(key), fmt::format("unknown {} \"{}\"{}", model::kind_name(k), *text,
                                            did_you_mean(*text, names.keys())));
    return Index();
  }

  std::vector<model::ConfigChange> timeline(const Json& j, const std::string& p) {
    std::vector<model::ConfigChange> out;
    if (!j.is_array()) {
      diag_.error(p, fmt::format("{} is not valid; expected an array of timed changes", show(j)));
      return out;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
      const auto cp = child_pointer(p, i);
      ObjectReader r(j[i], cp, diag_);
      model::ConfigChange c;
      c.pointer = cp;
      c.at = r.time("at", true).value_or(net::SimTime());
      const auto action = r.choice("action",
                                   {"authorize_sg_rule", "revoke_sg_rule", "replace_nacl_entry",
                                    "delete_nacl_entry", "associate_nacl", "delete_nat_gateway"},
                                   true);
      if (!action) {
        r.finish();
        continue;
      }
      const auto direction = [&] {
        const auto d = r.choice("direction", {"inbound", "outbound"}, true);
        return d && *d == "outbound" ? model::Direction::outbound : model::Direction::inbound;
      };
      if (*action == "authorize_sg_rule" || *action == "revoke_sg_rule") {
        c.kind = *action == "authorize_sg_rule" ? model::ChangeKind::authorize_sg_rule
                                                : model::ChangeKind::revoke_sg_rule;
        c.security_group = find<model::SgIndex>(ResourceKind::security_group, r, "security_group");
        c.direction = direction();
        if (const Json* rule = r.get("rule")) {
          c.sg_rule = sg_rule(*rule, r.pointer("rule"));
        } else {
          r.missing("rule",
                    "a security group rule {\"protocol\": …, \"ports\": …, \"cidr\"|\"group\": …}");
        }
      } else if (*action == "replace_nacl_entry" || *action == "delete_nacl_entry") {
        c.kind = *action == "replace_nacl_entry" ? model::ChangeKind::replace_nacl_entry
                                                 : model::ChangeKind::delete_nacl_entry;
        c.network_acl = find<model::NaclIndex>(ResourceKind::network_acl, r, "network_acl");
        c.direction = direction();
        if (c.kind == model::ChangeKind::delete_nacl_entry) {
          if (auto n = r.integer("rule", 1, 32766, true))
            c.nacl_entry.rule_number = static_cast<std::uint16_t>(*n);
        } else if (const Json* e = r.get("entry")) {
          c.nacl_entry = nacl_entry(*e, r.pointer("entry"));
        } else {
          r.missing(
              "entry",
              "a network ACL entry {\"rule\": …, \"protocol\": …, \"cidr\": …, \"action\": …}");
        }
      } else if (*action == "associate_nacl") {
        c.kind = model::ChangeKind::associate_nacl;
        c.subnet = find<model::SubnetIndex>(ResourceKind::subnet, r, "subnet");
        c.network_acl = find<model::NaclIndex>(ResourceKind::network_acl, r, "network_acl");
        if (c.subnet.valid() && c.network_acl.valid() &&
            topo_.subnet(c.subnet).vpc != topo_.network_acl(c.network_acl).vpc) {
          diag_.error(r.pointer("network_acl"),
                      fmt::format("network ACL {} is not in the VPC of subnet {}",
                                  topo_.network_acl(c.network_acl).id, topo_.subnet(c.subnet).id));
        }
      } else {
        c.kind = model::ChangeKind::delete_nat_gateway;
        c.nat_gateway = find<model::NatIndex>(ResourceKind::nat_gateway, r, "nat_gateway");
      }
      r.finish();
      out.push_back(std::move(c));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
    return out;
  }

  // Rules in timeline entries reuse the topology grammar through a throwaway reader.
  model::SgRule sg_rule(const Json& j, const std::string& p);
  model::NaclEntry nacl_entry(const Json& j, const std::string& p);

  model::Expectations expect(const Json& j, const std::string& p, const model::TrafficPlan& plan) {
    model::Expectations ex;
    ObjectReader r(j, p, diag_);
    std::vector<std::string> flow_names;
    for (const auto& f : plan.flows)
      flow_names.push_back(f.name);
    r.array("flows", [&](const Json& fj, const std::string& fp) {
      ObjectReader f(fj, fp, diag_);
      model::FlowExpectation e;
      e.pointer = fp;
      if (auto n = f.string("flow", true)) {
        e.flow = *n;
        if (std::find(flow_names.begin(), flow_names.end(), *n) == flow_names.end()) {
          diag_.error(f.pointer("flow"), fmt::format("no flow named \"{}\" in traffic.flows{}", *n,
                                                     did_you_mean(*n, flow_names)));
        }
      }
      if (auto o = f.choice("outcome", {"established", "blocked", "reset", "interrupted"}, true)) {
        for (auto k : {model::FlowOutcome::established, model::FlowOutcome::blocked,
                       model::FlowOutcome::reset, model::FlowOutcome::interrupted}) {
          if (model::flow_outcome_name(k) == *o) e.outcome = k;
        }
      }
      e.layer =
          f.choice("layer", {"sg", "nacl", "route", "igw", "nat", "peering", "eni"}).value_or("");
      e.resource = f.string("resource").value_or("");
      e.code = f.string("code").value_or("");
      if (e.outcome == model::FlowOutcome::established &&
          (!e.layer.empty() || !e.resource.empty() || !e.code.empty())) {
        diag_.error(
            fp,
            "layer, resource and code describe a drop; they go with \"outcome\": \"blocked\", "
            "\"reset\" or \"interrupted\"");
      }
      f.finish();
      ex.flows.push_back(std::move(e));
    });
    r.array("reach", [&](const Json& qj, const std::string& qp) {
      ObjectReader q(qj, qp, diag_);
      model::ReachExpectation e;
      e.pointer = qp;
      e.from = q.string("from", true).value_or("");
      e.to = q.string("to", true).value_or("");
      for (const auto* key : {"from", "to"}) {
        const bool from = std::string_view(key) == "from";
        const auto& text = from ? e.from : e.to;
        if (text.empty()) continue;
        if (auto res = resolve_endpoint(topo_, text); !res.endpoint)
          diag_.error(q.pointer(key), res.error);
        else
          (from ? e.from_endpoint : e.to_endpoint) = std::move(*res.endpoint);
      }
      e.protocol = q.choice("protocol", {"tcp", "udp", "icmp"}).value_or("tcp");
      if (auto port = q.integer("port", 0, 65535)) e.port = static_cast<std::uint16_t>(*port);
      if (auto a = q.choice("answer", {"reachable", "unreachable"}, true))
        e.reachable = *a == "reachable";
      q.finish();
      ex.reach.push_back(std::move(e));
    });
    r.array("flow_logs", [&](const Json& lj, const std::string& lp) {
      ObjectReader l(lj, lp, diag_);
      model::FlowLogExpectation e;
      e.pointer = lp;
      if (auto text = l.string("format")) {
        std::string why;
        if (auto f = parse_flow_log_format(*text, why)) {
          e.format = std::move(*f);
        } else {
          diag_.error(lp + "/format", why);
        }
      }
      if (auto a = l.integer("aggregation", 60, 600)) {
        if (*a != 60 && *a != 600) {
          l.bad("aggregation", *l.get("aggregation"), "60 or 600 (seconds)");
        }
        e.aggregation_seconds = static_cast<std::uint32_t>(*a);
      }
      for (auto& [s, sp] : l.strings("contains"))
        e.contains.push_back(s);
      for (auto& [s, sp] : l.strings("absent"))
        e.absent.push_back(s);
      if (e.contains.empty() && e.absent.empty()) {
        diag_.error(lp, "a flow-log expectation needs \"contains\" or \"absent\" lines");
      }
      l.finish();
      ex.flow_logs.push_back(std::move(e));
    });
    r.finish();
    return ex;
  }

 private:
  Diagnostics& diag_;
  const model::Topology& topo_;
};

// Rules inside timeline entries use the topology's grammar; names resolve against the
// loaded topology.
model::SgRule SectionReader::sg_rule(const Json& j, const std::string& p) {
  ObjectReader r(j, p, diag_);
  auto rule = read_sg_rule(
      r,
      [&](ObjectReader& x, std::string_view k) {
        return find<model::SgIndex>(ResourceKind::security_group, x, k);
      },
      [&](ObjectReader& x, std::string_view k) {
        return find<model::PrefixListIndex>(ResourceKind::prefix_list, x, k);
      });
  r.finish();
  return rule;
}

model::NaclEntry SectionReader::nacl_entry(const Json& j, const std::string& p) {
  ObjectReader r(j, p, diag_);
  auto e = read_nacl_entry(r);
  if (e.rule_number < 1 || e.rule_number > 32766) {
    diag_.error(
        r.pointer("rule"),
        fmt::format("{} is not a valid rule number; expected 1 to 32766 (32767 and above are "
                    "reserved for the * rule)",
                    e.rule_number));
  }
  r.finish();
  return e;
}

ScenarioLoad load_from_json(const Json& doc, const std::string& file) {
  ScenarioLoad out;
  Diagnostics diag(file);
  ObjectReader root(doc, "", diag);
  if (!root.is_object()) {
    out.errors = std::move(diag.errors());
    return out;
  }
  model::Scenario sc;
  sc.file = file;
  sc.name =
      root.string("name").value_or(std::filesystem::path(file).parent_path().filename().string());
  sc.description = root.string("description").value_or("");
  sc.region = root.string("region").value_or(sc.region);
  sc.account_id = root.string("account_id").value_or(sc.account_id);
  sc.seed = static_cast<std::uint64_t>(root.integer("seed", 0, INT64_MAX).value_or(1));
  sc.start_time = root.integer("start_time", 0, 4'102'444'800).value_or(sc.start_time);

  // The topology: inline, or a path relative to this file (whose errors name that file).
  std::optional<model::Topology> topo;
  const Json* t = root.get("topology");
  if (!t) {
    root.missing("topology", "an object with the topology, or the path of a topology file");
  } else if (t->is_string()) {
    const auto path = (std::filesystem::path(file).parent_path() / t->get<std::string>())
                          .lexically_normal()
                          .string();
    std::vector<LoadError> errors;
    if (auto tj = read_json_file(path, errors)) {
      Diagnostics tdiag(path);
      TopologyReader reader(tdiag, sc.region, sc.account_id);
      topo = reader.read(*tj, "");
      errors = std::move(tdiag.errors());
    }
    for (auto& e : errors)
      diag.errors().push_back(std::move(e));
  } else {
    TopologyReader reader(diag, sc.region, sc.account_id);
    topo = reader.read(*t, "/topology");
  }
  if (topo) {
    sc.topology = std::make_shared<const model::Topology>(std::move(*topo));
    SectionReader sections(diag, *sc.topology);
    if (const Json* tr = root.get("traffic")) sc.traffic = sections.traffic(*tr, "/traffic");
    if (const Json* tl = root.get("timeline")) sc.timeline = sections.timeline(*tl, "/timeline");
    if (const Json* ex = root.get("expect"))
      sc.expect = sections.expect(*ex, "/expect", sc.traffic);
  } else {
    for (const char* key : {"traffic", "timeline", "expect"})
      root.get(key);
  }
  root.finish();
  out.errors = std::move(diag.errors());
  if (out.errors.empty()) out.scenario = std::move(sc);
  return out;
}

}  // namespace

ScenarioLoad load_scenario_text(const std::string& text, const std::string& file) {
  ScenarioLoad out;
  try {
    const auto doc = parse_json(text, file, out.errors);
    if (!doc) return out;
    return load_from_json(*doc, file);
  } catch (const std::exception& e) {
    // Defensive: a loader bug must still give an error, not a crash.
    out.errors.push_back({file, "", fmt::format("internal error while loading: {}", e.what())});
    return out;
  }
}

ScenarioLoad load_scenario(const std::string& path) {
  ScenarioLoad out;
  std::vector<LoadError> errors;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    const auto inner = (std::filesystem::path(path) / "scenario.json").string();
    if (std::filesystem::exists(inner, ec)) return load_scenario(inner);
    out.errors.push_back({path, "", "is a directory without a scenario.json"});
    return out;
  }
  auto text = read_file(path, out.errors);
  if (!text) return out;
  return load_scenario_text(*text, path);
}

}  // namespace vpcsim::load
