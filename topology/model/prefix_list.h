#pragma once
// PrefixList: a named set of CIDR blocks (customer- or AWS-managed) used by SG rules.

#include <cstdint>
#include <string>
#include <vector>

#include "topology/net/ip_prefix.h"

namespace vpcsim::model {

struct PrefixList {
  std::string id;
  std::string name;
  std::vector<net::IpPrefix> entries;
  std::uint32_t max_entries = 0;  // 0 = number of entries

  bool contains(const net::IpAddress& a) const {
    for (const auto& e : entries) {
      if (e.contains(a)) return true;
    }
    return false;
  }
};

}  // namespace vpcsim::model
