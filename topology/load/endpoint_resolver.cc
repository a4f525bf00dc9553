#include "topology/load/endpoint_resolver.h"

#include <algorithm>

#include <fmt/format.h>

#include "topology/load/suggest.h"

namespace vpcsim::load {

using model::EniIndex;

std::vector<std::string> endpoint_names(const model::Topology& topo) {
  std::vector<std::string> out{"internet"};
  for (const auto& e : topo.enis()) {
    out.push_back(e.id);
    if (!e.name.empty()) out.push_back(e.name);
    if (!e.owner.id.empty()) out.push_back(e.owner.id);
  }
  for (const auto& n : topo.nat_gateways()) {
    out.push_back(n.id);
    if (!n.name.empty()) out.push_back(n.name);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

// A load balancer's interfaces by its ARN or its name: their owner id is the ARN's last part
// ("app/my-alb/50dc6c495c0c9188", "net/…"; a classic load balancer's is its name). A scan,
// done only when no name matched.
std::vector<EniIndex> load_balancer_interfaces(const model::Topology& topo, std::string_view text) {
  constexpr std::string_view kArnPart = ":loadbalancer/";
  if (const auto at = text.find(kArnPart); text.starts_with("arn:") && at != text.npos)
    text = text.substr(at + kArnPart.size());
  std::vector<EniIndex> out;
  for (std::size_t i = 0; i < topo.enis().size(); ++i) {
    const auto& owner = topo.eni(EniIndex(i)).owner;
    if (owner.kind != model::OwnerKind::alb && owner.kind != model::OwnerKind::nlb &&
        owner.kind != model::OwnerKind::other)
      continue;
    std::string_view id = owner.id;
    const bool elbv2 = id.starts_with("app/") || id.starts_with("net/");
    const auto name = elbv2 ? id.substr(4, id.find('/', 4) - 4) : id;
    if (!id.empty() && (id == text || name == text)) out.push_back(EniIndex(i));
  }
  return out;
}

}  // namespace

EndpointResolution resolve_endpoint(const model::Topology& topo, std::string_view text) {
  EndpointResolution r;
  model::Endpoint ep;
  ep.text = std::string(text);
  if (text == "internet") {
    r.endpoint = ep;
    return r;
  }
  if (text.rfind("internet:", 0) == 0) {
    const auto a = net::IpAddress::parse(text.substr(9));
    if (!a) {
      r.error = fmt::format("\"{}\": expected \"internet:<address>\" with an IP address", text);
      return r;
    }
    if (a->is_v4() && (is_rfc1918(*a) || is_rfc6598(*a))) {
      r.error =
          fmt::format("\"{}\": {} is a private address; internet hosts have public ones", text, *a);
      return r;
    }
    ep.address = a;
    r.endpoint = ep;
    return r;
  }
  if (const auto a = net::IpAddress::parse(text)) {
    ep.address = a;
    if (const auto e = topo.eni_by_public_ip(*a); e.valid()) {
      ep.eni = e;
    } else {
      std::vector<EniIndex> owners;
      for (std::uint32_t v = 0; v < topo.vpcs().size(); ++v) {
        if (const auto e = topo.eni_by_private_ip(model::VpcIndex(v), *a); e.valid()) {
          owners.push_back(e);
        }
      }
      if (owners.size() > 1) {
        std::string names;
        for (const auto e : owners) {
          names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", topo.eni(e).id,
                               topo.vpc(topo.vpc_of(e)).id);
        }
        r.error = fmt::format(
            "\"{}\" is a private IP in more than one VPC: {}; name the interface instead", text,
            names);
        return r;
      }
      if (owners.empty() && a->is_v4() && (is_rfc1918(*a) || is_rfc6598(*a))) {
        r.error = fmt::format(
            "\"{}\" is a private address that no network interface of the topology owns", text);
        return r;
      }
      if (!owners.empty()) ep.eni = owners.front();
    }
    r.endpoint = ep;
    return r;
  }
  // Names: interface id, else its name or owner id (instance, RDS, load balancer: one owner
  // may have several interfaces), and NAT gateway id or name.
  std::vector<EniIndex> found;
  for (const auto i : topo.names(model::ResourceKind::network_interface).find(text))
    found.push_back(EniIndex(i));
  if (const auto n = topo.names(model::ResourceKind::nat_gateway).find_one(text)) {
    const auto eni = topo.nat_gateway(model::NatIndex(*n)).eni;
    if (std::find(found.begin(), found.end(), eni) == found.end()) found.push_back(eni);
  }
  if (found.empty()) found = load_balancer_interfaces(topo, text);
  if (found.size() == 1) {
    ep.eni = found.front();
    r.endpoint = ep;
    return r;
  }
  if (found.size() > 1) {
    // One owner's interfaces (a load balancer's nodes, one per AZ): each is an answer of its
    // own to a question about the owner, for callers that ask per node.
    const auto& owner = topo.eni(found.front()).owner.id;
    const bool one_owner =
        !owner.empty() && std::all_of(found.begin(), found.end(),
                                      [&](EniIndex e) { return topo.eni(e).owner.id == owner; });
    if (one_owner) {
      for (const auto e : found) {
        auto node = ep;
        node.eni = e;
        r.nodes.push_back(std::move(node));
      }
    }
    std::string names;
    for (const auto e : found) {
      const auto& x = topo.eni(e);
      names += fmt::format("{}{}{}", names.empty() ? "" : ", ", x.id,
                           x.name.empty() ? "" : " (" + x.name + ")");
    }
    r.error = fmt::format("\"{}\" is ambiguous: it names {}; use one of these ids{}", text, names,
                          one_owner ? fmt::format(" (the {} interfaces of {}; `vpcsim reach` "
                                                  "answers for each)",
                                                  found.size(), owner)
                                    : "");
    return r;
  }
  r.error =
      fmt::format("unknown endpoint \"{}\"{}", text, did_you_mean(text, endpoint_names(topo)));
  if (r.error.find("did you mean") == std::string::npos) {
    r.error +=
        "; expected a network interface, instance or NAT gateway id or name, an IP address, "
        "\"internet\" or \"internet:<address>\"";
  }
  return r;
}

}  // namespace vpcsim::load
