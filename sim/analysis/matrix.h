#pragma once
// Reachability between every pair of endpoints of a topology (`vpcsim matrix`): network
// interfaces (NAT gateways' excepted), optionally the internet, or groups of interfaces by
// security group, subnet or the value of a tag. A cell is reachable when the request and its reply
// get through for every source port of the client; otherwise it names the blocking layer. A group
// cell is reachable when every pair of members is, "partial" when only some are.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/path/verdict.h"
#include "topology/model/endpoint.h"
#include "topology/model/topology.h"

namespace vpcsim::analysis {

enum class Grouping : std::uint8_t { none, security_group, subnet, tag };

struct MatrixCell {
  bool self = false;       // the same endpoint (or group) on both sides
  bool reachable = false;  // every pair gets through
  bool partial = false;    // some pairs get through (groups only)
  path::Verdict verdict;   // what blocks the first blocked pair (none without a port)
  std::string ports;       // without a port: the port space ("tcp 443; udp none; icmp echo")
};

struct Matrix {
  std::vector<std::string> labels;  // rows and columns, in the same order
  std::vector<MatrixCell> cells;    // row-major
  const MatrixCell& at(std::size_t from, std::size_t to) const {
    return cells[from * labels.size() + to];
  }
};

struct MatrixQuery {
  net::Protocol protocol = net::Protocol::tcp();  // tcp, udp or icmp
  std::optional<std::uint16_t> port;              // none: the whole port space per pair
  Grouping grouping = Grouping::none;
  // Add the internet as an endpoint: as a source, reachable when any public source is
  // (internet_sources.h), with a port or over the whole port space.
  bool internet = false;
  std::string tag_key;  // Grouping::tag: group by this tag's value ("(no KEY)" without it)
};

Matrix reach_matrix(const model::Topology& t, const MatrixQuery& q);

// The endpoints a matrix uses, with their labels (name, else id).
std::vector<std::pair<std::string, model::Endpoint>> matrix_endpoints(const model::Topology& t,
                                                                      bool internet);

}  // namespace vpcsim::analysis
