// Pass 1 of reading a topology: declaring every resource's id and name (declared_names.h).

#include "topology/load/declared_names.h"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

namespace vpcsim::load {
namespace {

using model::ResourceKind;

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

std::string suffix_of(const std::string& id) {
  const auto dash = id.find('-');
  return dash == std::string::npos ? id : id.substr(dash + 1);
}

// The string `e[key]`, or "" if absent or not a string (reported in pass 2).
std::string string_field(const Json& e, const char* key) {
  if (const auto it = e.find(key); it != e.end() && it->is_string()) return it->get<std::string>();
  return "";
}

}  // namespace

void DeclaredNames::declare(ObjectReader& root) {
  static_assert(kKinds.size() == kKindCount, "every kind is in kKinds");
  for (const auto& k : kKinds) {
    if (k.kind == ResourceKind::network_interface) {
      declare_kind(root, k.kind, "enis");
      declare_kind(root, k.kind, "instances");
    } else {
      declare_kind(root, k.kind, k.key);
    }
    if (k.kind == ResourceKind::nat_gateway) declare_nat_enis(root);
  }
}

void DeclaredNames::declare_kind(ObjectReader& root, ResourceKind k, const char* key) {
  if (!root.has(key)) return;
  const Json& arr = *root.get(key);
  if (!arr.is_array()) return;  // reported in pass 2
  const auto base = root.pointer(key);
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const auto p = child_pointer(base, i);
    const Json& e = arr[i];
    std::string id, name;
    if (e.is_object()) {
      id = string_field(e, "id");
      name = string_field(e, "name");
    }
    if (id.empty() && name.empty()) {
      diag_.error(p, fmt::format("a {} needs an \"id\" (such as \"{}-0a1b2c3d\") or a \"name\"",
                                 model::kind_name(k), kind_info(k).prefix));
      continue;
    }
    if (std::string_view(key) == "instances") {
      declare_instance(e, p, id, name);
      continue;
    }
    if (id.empty()) id = std::string(kind_info(k).prefix) + "-" + name;
    register_name(k, p, id, name, "");
  }
}

void DeclaredNames::declare_instance(const Json& e, const std::string& p, const std::string& id,
                                     const std::string& name) {
  // An instance is given by its own id (i-…); its interface gets an eni- id.
  const auto ref_name = id.empty() ? name : id;
  if (!id.empty()) {
    if (const auto [it, fresh] = instance_ids_.emplace(id, p); !fresh) {
      diag_.error(p + "/id",
                  fmt::format("\"{}\" is already the id of the instance at {}", id, it->second));
      return;
    }
  }
  std::string eni_id = string_field(e, "eni_id");
  // i-0abc → eni-0abc; an instance known only by name "web-a" → eni-web-a.
  if (eni_id.empty()) {
    eni_id = ref_name.rfind("i-", 0) == 0 ? "eni-" + suffix_of(ref_name) : "eni-" + ref_name;
  }
  register_name(ResourceKind::network_interface, p, eni_id, name, /*alias=*/id);
}

void DeclaredNames::register_name(ResourceKind k, const std::string& p, const std::string& id,
                                  const std::string& name, const std::string& alias) {
  // Ids and names reach terminals, file names (--pcap-out DIR/<eni-id>.pcap) and XML: no
  // control characters in either, and no "/" in an id (AWS ids are letters, digits and "-").
  const auto unprintable = [](std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  };
  if (unprintable(id) || id.find('/') != std::string::npos) {
    diag_.error(p + "/id", fmt::format("{} is not a usable id: it holds a control character or "
                                       "\"/\"; AWS ids look like \"{}-0a1b2c3d\"",
                                       show(Json(id)), kind_info(k).prefix));
  }
  if (unprintable(name))
    diag_.error(p + "/name", fmt::format("{} is not a usable name: it holds a control character",
                                         show(Json(name))));
  auto& t = table(k);
  const auto index = static_cast<std::uint32_t>(t.pointers.size());
  t.pointers.push_back(p);
  t.aliases.push_back(alias);
  if (const auto clash = t.index.add(id, name)) {
    diag_.error(p + (clash->id ? "/id" : "/name"),
                fmt::format("\"{}\" is already the {} of the {} at {}", clash->id ? id : name,
                            clash->id ? "id" : "name", model::kind_name(k), t.pointers[clash->by]));
  }
  if (!alias.empty() && alias != id) t.index.alias(alias, index);
}

void DeclaredNames::declare_nat_enis(ObjectReader& root) {
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
    register_name(ResourceKind::network_interface, nats.pointers[i], eni_id, "", "");
    nat_eni_ids_.push_back(eni_id);
  }
}

void DeclaredNames::set_ids(ResourceKind k, std::size_t i, std::string& id,
                            std::string& name) const {
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

}  // namespace vpcsim::load
