#pragma once
// RouteTable: the main table of a VPC or a custom one, holding routes. Lookup by longest
// prefix is provided by Topology, which builds an LPM index per table.

#include <string>
#include <vector>

#include "topology/model/resource_index.h"
#include "topology/model/route.h"

namespace vpcsim::model {

struct RouteTable {
  std::string id;
  std::string name;
  VpcIndex vpc;
  bool main = false;
  std::vector<Route> routes;
};

}  // namespace vpcsim::model
