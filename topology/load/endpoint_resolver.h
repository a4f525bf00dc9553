#pragma once
// Resolving what a user writes for an endpoint ("app-1", "i-0abc", "eni-…", "nat-a",
// "10.0.1.5", "54.1.2.3", "internet", "internet:198.51.100.7") to a model Endpoint.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "topology/model/endpoint.h"
#include "topology/model/topology.h"

namespace vpcsim::load {

struct EndpointResolution {
  std::optional<model::Endpoint> endpoint;
  std::string error;  // when !endpoint: why, with the nearest known names or the candidates
  // When !endpoint because the text names several interfaces of one owner (a load balancer's
  // nodes, one per Availability Zone): one endpoint per interface.
  std::vector<model::Endpoint> nodes;
};

EndpointResolution resolve_endpoint(const model::Topology& topo, std::string_view text);

// Every name an endpoint can be given by (ENI ids and names, instance / NAT / load balancer ids).
std::vector<std::string> endpoint_names(const model::Topology& topo);

}  // namespace vpcsim::load
