// The kinds of an AWS snapshot that vpcsim keeps without modelling their behaviour yet
// (resource_readers.h): each record becomes an "unmodelled" resource of the native topology,
// with its describe-* record as it is (model/unmodelled_resource.h).

#include <fmt/format.h>

#include <unordered_set>

#include "topology/load/aws/aws_kind.h"
#include "topology/load/aws/resource_readers.h"

namespace vpcsim::load::aws {

void read_kept(ImportContext& ctx) {
  // One id, one resource: an attachment appears both in TransitGatewayAttachments and in
  // TransitGatewayVpcAttachments; the first list read (in key order) keeps it.
  std::unordered_set<std::string> seen;
  for (const auto& [key, records] : ctx.snapshot().records) {
    const auto kind = aws_kind(key);
    if (!kind || kind->use != KindUse::kept || records.empty()) continue;
    const auto names = usable_names(ctx, records);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto& r = records[i];
      const auto id = kind->id_field.empty() ? std::string() : text(*r.value, kind->id_field);
      if (!id.empty() && !seen.insert(id).second) continue;
      nlohmann::json out = {{"kind", key}};
      if (!id.empty()) out["id"] = id;
      if (!names[i].empty()) out["name"] = names[i];
      out["aws"] = *r.value;  // an object, or a string (ServiceNames lists names)
      ctx.add("unmodelled", std::move(out), r);
    }
  }
}

}  // namespace vpcsim::load::aws
