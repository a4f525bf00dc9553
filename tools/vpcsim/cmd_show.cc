#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include "tools/vpcsim/cli_options.h"
#include "tools/vpcsim/commands.h"
#include "tools/vpcsim/load_report.h"
#include "tools/vpcsim/text_table.h"
#include "topology/model/rule_text.h"

namespace vpcsim::cli {
namespace {

using namespace vpcsim::model;

std::string or_dash(const std::string& s) {
  return s.empty() ? "-" : s;
}

template <class Index>
std::string ids(const Topology& t, const std::vector<Index>& v) {
  std::vector<std::string> out;
  for (const auto i : v) {
    if constexpr (std::is_same_v<Index, SubnetIndex>)
      out.push_back(t.subnet(i).id);
    else if constexpr (std::is_same_v<Index, EniIndex>)
      out.push_back(t.eni(i).id);
    else
      out.push_back(t.security_group(i).id);
  }
  return out.empty() ? "none" : fmt::format("{}", fmt::join(out, ", "));
}

void vpcs(const Topology& t, std::ostream& o) {
  o << "VPCs\n";
  TextTable tab({"ID", "NAME", "CIDR BLOCKS", "IPV6", "INTERNET GATEWAY", "REGION"});
  for (std::uint32_t i = 0; i < t.vpcs().size(); ++i) {
    const auto& v = t.vpcs()[i];
    const auto igw = t.internet_gateway_of(VpcIndex(i));
    std::string gw = igw.valid() ? t.internet_gateway(igw).id : "-";
    const auto eigw = t.egress_only_internet_gateway_of(VpcIndex(i));
    if (eigw.valid()) gw += ", " + t.egress_only_internet_gateway(eigw).id + " (egress-only)";
    tab.add({v.id, or_dash(v.name), fmt::format("{}", fmt::join(v.cidrs, ", ")),
             v.ipv6_cidrs.empty() ? "-" : v.ipv6_cidrs.front().to_string(), gw, v.region});
  }
  tab.print(o);
}

void subnets(const Topology& t, std::ostream& o) {
  o << "\nSubnets\n";
  TextTable tab({"ID", "NAME", "VPC", "AZ", "CIDR", "ROUTE TABLE", "NETWORK ACL"});
  for (std::uint32_t i = 0; i < t.subnets().size(); ++i) {
    const auto& s = t.subnets()[i];
    const auto rtb = t.route_table_of(SubnetIndex(i));
    const auto acl = t.nacl_of(SubnetIndex(i));
    tab.add({s.id, or_dash(s.name), t.vpc(s.vpc).id, s.az,
             s.ipv6_cidr ? fmt::format("{}, {}", s.cidr, *s.ipv6_cidr) : s.cidr.to_string(),
             t.route_table(rtb).id + (s.route_table.valid() ? "" : " (main)"),
             t.network_acl(acl).id + (s.network_acl.valid() ? "" : " (default)")});
  }
  tab.print(o);
}

// "  rtb-main name (vpc-main, main) subnets: subnet-a, subnet-b"
void heading(std::ostream& o, const Topology& t, const std::string& id, const std::string& name,
             VpcIndex vpc, std::string_view kind, std::string_view members_label,
             const std::string& members) {
  fmt::print(o, "  {}{} ({}{}) {}: {}\n", id, name.empty() || name == id ? "" : " " + name,
             t.vpc(vpc).id, kind, members_label, members);
}

void route_tables(const Topology& t, std::ostream& o) {
  o << "\nRoute tables\n";
  for (std::uint32_t i = 0; i < t.route_tables().size(); ++i) {
    const auto& r = t.route_tables()[i];
    heading(o, t, r.id, r.name, r.vpc, r.main ? ", main" : "", "subnets",
            ids(t, t.subnets_using_route_table(RouteTableIndex(i))));
    TextTable tab({"DESTINATION", "TARGET", "ORIGIN", "STATE"});
    for (const auto& rt : r.routes) {
      tab.add({rt.destination.to_string(),
               rt.target.kind == RouteTargetKind::local ? "local" : rt.target.id,
               rt.origin == RouteOrigin::static_route ? "static"
               : rt.origin == RouteOrigin::propagated ? "propagated"
                                                      : t.prefix_list(rt.prefix_list).id,
               rt.state == RouteState::active ? "active" : "blackhole"});
    }
    tab.print(o, "    ");
  }
}

void nacls(const Topology& t, std::ostream& o) {
  o << "\nNetwork ACLs (rules in evaluation order; first match wins)\n";
  for (std::uint32_t i = 0; i < t.network_acls().size(); ++i) {
    const auto& n = t.network_acls()[i];
    heading(o, t, n.id, n.name, n.vpc, n.is_default ? ", default" : ", custom", "subnets",
            ids(t, t.subnets_using_nacl(NaclIndex(i))));
    for (const auto d : {Direction::inbound, Direction::outbound}) {
      fmt::print(o, "    {}\n", direction_name(d));
      TextTable tab({"RULE", "PROTOCOL", "PORTS",
                     d == Direction::inbound ? "SOURCE" : "DESTINATION", "ACTION"});
      for (const auto& e : n.entries(d)) {
        tab.add({std::to_string(e.rule_number), e.protocol.name(),
                 ports_text(e.protocol, e.ports, e.icmp), e.cidr.to_string(),
                 e.action == RuleAction::allow ? "ALLOW" : "DENY"});
      }
      tab.add({"*", "all", "all", "0.0.0.0/0", "DENY"});
      if (t.vpc(n.vpc).has_ipv6()) tab.add({"*", "all", "all", "::/0", "DENY"});
      tab.print(o, "      ");
    }
  }
}

void sgs(const Topology& t, std::ostream& o) {
  o << "\nSecurity groups (allow rules; all rules apply together)\n";
  for (std::uint32_t i = 0; i < t.security_groups().size(); ++i) {
    const auto& g = t.security_groups()[i];
    heading(o, t, g.id, g.name, g.vpc, g.is_default ? ", default" : "", "members",
            ids(t, t.members(SgIndex(i))));
    for (const auto d : {Direction::inbound, Direction::outbound}) {
      fmt::print(o, "    {}\n", direction_name(d));
      if (g.rules(d).empty()) {
        fmt::print(o, "      (no rules: nothing {} is allowed unless it is a tracked reply)\n",
                   d == Direction::inbound ? "in" : "out");
        continue;
      }
      TextTable tab(
          {"PROTOCOL", "PORTS", d == Direction::inbound ? "SOURCE" : "DESTINATION", "DESCRIPTION"});
      for (const auto& r : g.rules(d)) {
        tab.add({r.protocol.name(), ports_text(r.protocol, r.ports, r.icmp), peer_text(t, r.peer),
                 or_dash(r.description)});
      }
      tab.print(o, "      ");
    }
  }
}

void enis(const Topology& t, std::ostream& o) {
  o << "\nNetwork interfaces\n";
  TextTable tab({"ID", "NAME", "OWNER", "SUBNET", "PRIVATE IPS", "PUBLIC IP", "SECURITY GROUPS"});
  for (const auto& e : t.enis()) {
    std::vector<std::string> ips;
    for (const auto& a : e.private_ips)
      ips.push_back(a.to_string());
    for (const auto& a : e.ipv6_addresses)
      ips.push_back(a.to_string());
    std::string owner(owner_kind_name(e.owner.kind));
    if (!e.owner.id.empty()) owner += " " + e.owner.id;
    if (!e.owner.running()) owner += fmt::format(" ({}: answers nothing)", e.owner.state);
    std::string pub = e.public_ip ? e.public_ip->to_string() + (e.elastic_ip ? " (EIP)" : "") : "-";
    const auto nat = std::find_if(t.nat_gateways().begin(), t.nat_gateways().end(),
                                  [&](const NatGateway& n) { return n.id == e.owner.id; });
    if (e.owner.kind == OwnerKind::nat_gateway && nat != t.nat_gateways().end() &&
        nat->elastic_ip) {
      pub = nat->elastic_ip->to_string() + " (EIP)";
    }
    std::vector<std::string> g;
    for (const auto s : e.security_groups)
      g.push_back(t.security_group(s).id);
    tab.add({e.id, or_dash(e.name), owner, t.subnet(e.subnet).id,
             fmt::format("{}", fmt::join(ips, ", ")), pub,
             g.empty() ? "-" : fmt::format("{}", fmt::join(g, ", "))});
  }
  tab.print(o);
}

// What is kept but not modelled: per AWS list, how many, the first few ids; and the routes
// that send to them.
void unmodelled(const Topology& t, std::ostream& o) {
  const auto& kept = t.data().unmodelled;
  if (kept.empty()) return;
  o << "\nKept, not modelled yet (routes to these drop as ROUTE_TARGET_NOT_MODELLED)\n";
  std::vector<std::string> kinds;  // in order of appearance
  std::map<std::string, std::vector<const UnmodelledResource*>> of;
  for (const auto& u : kept) {
    if (!of.contains(u.kind)) kinds.push_back(u.kind);
    of[u.kind].push_back(&u);
  }
  TextTable tab({"AWS LIST", "COUNT", "IDS"});
  for (const auto& k : kinds) {
    const auto& list = of[k];
    std::vector<std::string> ids;
    std::size_t with_id = 0;
    for (const auto* u : list) {
      if (u->id.empty()) continue;
      if (++with_id <= 3) ids.push_back(u->id);
    }
    if (with_id > 3) ids.push_back(fmt::format("… {} more", with_id - 3));
    if (with_id < list.size())
      ids.push_back(with_id == 0 ? "(no ids)"
                                 : fmt::format("{} without an id", list.size() - with_id));
    tab.add({k, std::to_string(list.size()), fmt::format("{}", fmt::join(ids, ", "))});
  }
  tab.print(o);
}

void others(const Topology& t, std::ostream& o) {
  if (!t.nat_gateways().empty()) {
    o << "\nNAT gateways\n";
    TextTable tab({"ID", "NAME", "SUBNET", "PRIVATE IPS", "ELASTIC IPS", "CONNECTIVITY", "STATE"});
    for (const auto& n : t.nat_gateways()) {
      // The primary address, then each secondary one.
      std::string privates = t.eni(n.eni).primary_ip().to_string();
      std::string eips = n.elastic_ip ? n.elastic_ip->to_string() : "-";
      for (const auto& s : n.secondary) {
        privates += ", " + s.private_ip.to_string();
        if (s.elastic_ip) eips += ", " + s.elastic_ip->to_string();
      }
      tab.add({n.id, or_dash(n.name), t.subnet(n.subnet).id, privates, eips,
               n.connectivity == NatConnectivity::public_nat ? "public" : "private",
               n.state == NatState::available ? "available" : "deleted"});
    }
    tab.print(o);
  }
  if (!t.peering_connections().empty()) {
    o << "\nVPC peering connections\n";
    TextTable tab({"ID", "REQUESTER", "ACCEPTER", "STATUS"});
    for (const auto& p : t.peering_connections()) {
      tab.add({p.id, t.vpc(p.requester).id, t.vpc(p.accepter).id,
               p.status == PeeringStatus::active    ? "active"
               : p.status == PeeringStatus::deleted ? "deleted"
                                                    : "pending-acceptance"});
    }
    tab.print(o);
  }
  unmodelled(t, o);
}

}  // namespace

void add_show_command(CLI::App& app) {
  auto [show, options] = add_command<ShowOptions>(
      app, "show",
      "Print a readable summary of a scenario: VPCs, subnets with their route table and NACL, "
      "route tables, NACL entries in evaluation order, security group rules, interfaces");
  const auto o = options;  // lambdas capture it: clang 14 cannot capture a binding
  add_scenario_argument(*show, "FILE", o->file);
  add_snapshot_options(*show, o->snapshot);
  on_run(*show, [o] { return cmd_show(*o, std::cout, std::cerr); });
}

int cmd_show(const ShowOptions& o, std::ostream& out, std::ostream& err) {
  const auto loaded = load_or_report(o.file, err, load::LoadOptions::full(o.snapshot));
  if (!loaded) return kExitBadInput;
  const auto& s = *loaded;
  const auto& t = *s.topology;
  fmt::print(out, "Scenario {}{}\n", s.name, s.description.empty() ? "" : ": " + s.description);
  fmt::print(out, "region {}, account {}\n\n", s.region, s.account_id);
  vpcs(t, out);
  subnets(t, out);
  route_tables(t, out);
  nacls(t, out);
  sgs(t, out);
  enis(t, out);
  others(t, out);
  if (!s.traffic.flows.empty()) {
    out << "\nTraffic\n";
    TextTable tab({"FLOW", "FROM", "TO", "PROTOCOL", "PORT", "START"});
    for (const auto& f : s.traffic.flows) {
      tab.add({f.name, f.from.text, f.to.text, f.protocol.name(),
               f.port ? std::to_string(f.port) : "-", net::sim_time_text(f.start)});
    }
    tab.print(out);
  }
  return kExitOk;
}

}  // namespace vpcsim::cli
