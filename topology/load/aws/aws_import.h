#pragma once
// import_snapshot(): an AWS snapshot (snapshot.h) as a native topology, the JSON document a
// user would write (topology/load/README.md), so that `vpcsim import` prints exactly what
// every command loads. load_aws_topology() reads folders or files and loads the result,
// reporting what the native loader finds at the AWS file and pointer it came from.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "topology/load/aws/import_context.h"
#include "topology/load/aws/snapshot.h"
#include "topology/load/load_error.h"
#include "topology/model/topology.h"

namespace vpcsim::load::aws {

struct AwsImport {
  std::unique_ptr<Snapshot> snapshot;      // the records the topology points back to
  std::unique_ptr<ImportContext> context;  // the topology, warnings, errors, sources
};

AwsImport import_snapshot(const std::vector<std::string>& paths, const ImportOptions& options);
AwsImport import_snapshot(std::unique_ptr<Snapshot> snapshot, const ImportOptions& options);

struct AwsTopology {
  std::optional<model::Topology> topology;  // nullopt when there are errors
  std::vector<LoadError> errors;
  std::vector<LoadError> warnings;  // what was read but not modelled, located
  nlohmann::json native;            // the topology as native JSON
  std::size_t files = 0;            // JSON files read
};

AwsTopology load_aws_topology(const std::vector<std::string>& paths, const ImportOptions& options);
AwsTopology load_aws_topology(std::unique_ptr<Snapshot> snapshot, const ImportOptions& options);

}  // namespace vpcsim::load::aws
