#pragma once
// SectionReader: what the readers of the sections that refer to a loaded topology (traffic,
// timeline, expect) share: the file's Diagnostics, the topology, and resolving an endpoint
// with its error at a JSON pointer.

#include <optional>
#include <string>
#include <string_view>

#include "topology/load/endpoint_resolver.h"
#include "topology/load/object_reader.h"
#include "topology/model/endpoint.h"
#include "topology/model/topology.h"

namespace vpcsim::load {

class SectionReader {
 protected:
  SectionReader(Diagnostics& diag, const model::Topology& topo) : diag_(diag), topo_(topo) {}

  // The endpoint `text` names; else an error at `pointer` and nullopt.
  std::optional<model::Endpoint> endpoint(std::string_view text, const std::string& pointer) {
    auto res = resolve_endpoint(topo_, text);
    if (!res.endpoint) diag_.error(pointer, std::move(res.error));
    return std::move(res.endpoint);
  }

  Diagnostics& diag_;
  const model::Topology& topo_;
};

}  // namespace vpcsim::load
