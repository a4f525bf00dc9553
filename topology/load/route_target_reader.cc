// Route targets of a topology, and the resources kept without a model (unmodelled) that a
// route may name (topology_reader.h).

#include <algorithm>

#include <fmt/format.h>

#include "topology/load/suggest.h"
#include "topology/load/topology_reader.h"

namespace vpcsim::load {

using model::ResourceKind;

// "unmodelled": [{"kind": "TransitGateways", "id": "tgw-…", "name": …, "aws": {…}}]: kept as
// data (model/unmodelled_resource.h). Ids are not declared with the others: an ARN (a load
// balancer's, a Cloud WAN core network's) holds "/", and some lists have no id at all; an
// unmodelled id never becomes a file name.
void TopologyReader::fill_unmodelled(ObjectReader& root) {
  root.array("unmodelled", [&](const Json& j, const std::string& p) {
    ObjectReader r(j, p, diag_);
    model::UnmodelledResource u;
    if (auto k = r.string("kind", true)) u.kind = *k;
    u.id = r.string("id").value_or("");
    u.name = r.string("name").value_or("");
    if (const auto* aws = r.get("aws")) {
      if (aws->is_object() || aws->is_string()) {
        u.aws = aws->dump();
      } else {
        r.bad("aws", *aws, "the resource's describe-* record: an object (or a string)");
      }
    }
    const auto unprintable = [](std::string_view s) {
      return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    };
    if (unprintable(u.id) || unprintable(u.name) || unprintable(u.kind)) {
      diag_.error(p, "an unmodelled resource's kind, id and name must not hold control characters");
    }
    r.finish();
    const auto index = static_cast<std::uint32_t>(data_.unmodelled.size());
    for (const auto* key : {&u.id, &u.name}) {
      if (key->empty()) continue;
      if (const auto [it, fresh] = unmodelled_ids_.emplace(*key, index); !fresh && key == &u.id) {
        diag_.error(p + "/id",
                    fmt::format("\"{}\" is already the id of the unmodelled resource "
                                "at {}",
                                u.id, child_pointer(root.pointer("unmodelled"), it->second)));
      }
    }
    data_.unmodelled.push_back(std::move(u));
  });
}

model::RouteTarget TopologyReader::route_target(const std::string& text, const std::string& p) {
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
    if (const auto i = names_.index(c.rk).find_one(text)) found.emplace_back(c, *i);
  }
  if (found.empty()) {
    if (const auto u = unmodelled_ids_.find(text); u != unmodelled_ids_.end()) {
      const auto& res = data_.unmodelled[u->second];
      if (!res.route_target()) {
        diag_.error(p, fmt::format("\"{}\" is a resource of {}, which a route cannot target; "
                                   "expected a transit, virtual private, local or carrier "
                                   "gateway, a VPC endpoint or a core network",
                                   text, res.kind));
      }
      return {K::unmodelled, u->second, res.id.empty() ? text : res.id};
    }
  }
  if (found.size() == 1) return {found[0].first.kind, found[0].second, text};
  if (found.empty()) {
    std::vector<std::string> all{"local", "blackhole"};
    for (const auto& c : cands) {
      const auto names = names_.index(c.rk).keys();
      all.insert(all.end(), names.begin(), names.end());
    }
    std::vector<std::string> unmodelled;  // unordered_map order would make messages vary
    for (const auto& [key, i] : unmodelled_ids_)
      unmodelled.push_back(key);
    std::sort(unmodelled.begin(), unmodelled.end());
    all.insert(all.end(), unmodelled.begin(), unmodelled.end());
    const auto kind = model::unmodelled_target_kind(text);
    diag_.error(
        p, fmt::format("unknown route target \"{}\"{}; expected \"local\", \"blackhole\", or the "
                       "id or name of an internet gateway, egress-only internet gateway, NAT "
                       "gateway, peering connection, network interface or instance{}",
                       text, did_you_mean(text, all),
                       kind.empty() ? ""
                                    : fmt::format(", or of a resource in \"unmodelled\" (declare "
                                                  "it there: {{\"kind\": \"{}\", \"id\": \"{}\"}})",
                                                  kind, text)));
  } else {
    std::string list;
    for (const auto& [c, i] : found) {
      list += fmt::format("{}{} {}", list.empty() ? "" : ", ", model::kind_name(c.rk),
                          names_.pointers(c.rk)[i]);
    }
    diag_.error(
        p, fmt::format("route target \"{}\" is ambiguous: it names {}; use the id", text, list));
  }
  return {K::blackhole, 0, text};
}

}  // namespace vpcsim::load
