#include "topology/load/aws/aws_import.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "topology/load/aws/aws_kind.h"
#include "topology/load/aws/resource_readers.h"
#include "topology/load/object_reader.h"
#include "topology/load/topology_reader.h"

namespace vpcsim::load::aws {
namespace {

// The kinds read and kept for what vpcsim does not model yet (transit gateways, VPN, Direct
// Connect, endpoints, load balancers' listeners and targets): once per file and kind.
void warn_kept(ImportContext& ctx) {
  for (const auto& [key, records] : ctx.snapshot().records) {
    const auto kind = aws_kind(key);
    if (!kind || kind->use != KindUse::kept || records.empty()) continue;
    std::vector<std::pair<const SnapshotFile*, std::size_t>> per_file;  // in reading order
    for (const auto& r : records) {
      if (per_file.empty() || per_file.back().first != r.file) per_file.emplace_back(r.file, 0);
      ++per_file.back().second;
    }
    for (const auto& [file, n] : per_file) {
      ctx.warnings().push_back(
          {file->path, child_pointer("", key),
           fmt::format("{} {}: read and kept, but what they do is not modelled yet (transit "
                       "gateways, VPN and Direct Connect, VPC endpoints, load balancers' "
                       "listeners and targets)",
                       n, key)});
    }
  }
}

}  // namespace

AwsImport import_snapshot(const std::vector<std::string>& paths, const ImportOptions& options) {
  return import_snapshot(std::make_unique<Snapshot>(read_snapshot(paths)), options);
}

AwsImport import_snapshot(std::unique_ptr<Snapshot> snapshot, const ImportOptions& options) {
  AwsImport out;
  out.snapshot = std::move(snapshot);
  out.context = std::make_unique<ImportContext>(*out.snapshot, options);
  auto& ctx = *out.context;
  ctx.errors() = out.snapshot->errors;
  ctx.warnings() = out.snapshot->warnings;
  if (!ctx.errors().empty()) return out;
  if (out.snapshot->count("Vpcs") == 0) {
    const auto& roots = out.snapshot->roots;
    ctx.errors().push_back({roots.empty() ? std::string("-") : roots.front(), "",
                            "no VPC in this snapshot: expected describe-vpcs output, a file "
                            "holding {\"Vpcs\": [...]}"});
    return out;
  }
  // Gateways before route tables, so that a route's target is known when it is read.
  read_vpcs(ctx);
  read_subnets(ctx);
  read_internet_gateways(ctx);
  read_peering_connections(ctx);
  read_prefix_lists(ctx);
  read_security_groups(ctx);
  read_interfaces(ctx);
  read_nat_gateways(ctx);
  read_db_instances(ctx);
  read_kept(ctx);
  read_route_tables(ctx);
  read_network_acls(ctx);
  warn_kept(ctx);
  return out;
}

AwsTopology load_aws_topology(const std::vector<std::string>& paths, const ImportOptions& options) {
  return load_aws_topology(std::make_unique<Snapshot>(read_snapshot(paths)), options);
}

AwsTopology load_aws_topology(std::unique_ptr<Snapshot> snapshot, const ImportOptions& options) {
  AwsTopology out;
  auto imported = import_snapshot(std::move(snapshot), options);
  auto& ctx = *imported.context;
  out.files = imported.snapshot->files.size();
  out.warnings = std::move(ctx.warnings());
  out.errors = std::move(ctx.errors());
  out.native = std::move(ctx.topology());  // a copy would cost a tenth of the import
  if (options.strict) {
    for (auto& w : out.warnings)
      out.errors.push_back({std::move(w.file), std::move(w.where),
                            fmt::format("{} (an error under --strict)", w.message)});
    out.warnings.clear();
  }
  if (!out.errors.empty()) return out;
  Diagnostics diag("(imported topology)");
  TopologyReader reader(diag, options.region, options.account);
  out.topology = reader.read(out.native, "");
  // Each problem at the AWS record it came from, the native field named in the message.
  for (auto& e : diag.errors()) {
    const auto source = ctx.source_of(e.where);
    if (!source.record) {
      out.errors.push_back(std::move(e));
      continue;
    }
    out.errors.push_back(
        {source.record->file->path, source.pointer,
         source.native_rest.empty()
             ? e.message
             : fmt::format("as imported, {}: {}", source.native_rest.substr(1), e.message)});
  }
  if (!out.errors.empty()) out.topology.reset();
  return out;
}

}  // namespace vpcsim::load::aws
