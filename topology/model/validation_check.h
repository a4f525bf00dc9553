#pragma once
// What validate()'s checks share, private to topology/model: the data, the issues found so
// far, and the phrases several checks use. One check per concern, each in its own file:
// addressing (VPCs, subnets), routing (route tables), filters (network ACLs, security groups,
// prefix lists), interfaces, gateways (internet, egress-only, NAT, peering).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "topology/model/topology_data.h"
#include "topology/model/validation_issue.h"

namespace vpcsim::model {

class ValidationCheck {
 public:
  ValidationCheck(const TopologyData& d, std::vector<ValidationIssue>& out) : d_(d), issues_(out) {}

 protected:
  template <class Index, class... Args>
  void issue(ResourceKind k, Index i, std::string field, fmt::format_string<Args...> f,
             Args&&... args) {
    issues_.push_back(
        ValidationIssue{ref(k, i), std::move(field), fmt::format(f, std::forward<Args>(args)...)});
  }

  const Vpc& vpc(VpcIndex v) const { return d_.vpcs[v.value()]; }
  std::string vpc_label(VpcIndex v) const;  // "vpc-main 10.0.0.0/16, 10.1.0.0/16"

  // AWS allows one of `items` per VPC (`vpc_of(item)`, an invalid index for an item in none):
  // every later one of a VPC is an issue at `field`, `message(vpc, first)` saying which came
  // first. One pass, one slot per VPC.
  template <class Index, class T, class VpcOf, class Message>
  void one_per_vpc(ResourceKind kind, const std::vector<T>& items, const char* field, VpcOf vpc_of,
                   Message message) {
    constexpr auto kNone = ~std::uint32_t{0};
    std::vector<std::uint32_t> first(d_.vpcs.size(), kNone);
    for (std::uint32_t i = 0; i < items.size(); ++i) {
      const VpcIndex v = vpc_of(items[i]);
      if (!v.valid()) continue;
      auto& f = first[v.value()];
      if (f == kNone)
        f = i;
      else
        issue(kind, Index(i), field, "{}", message(vpc(v), items[f]));
    }
  }

  const TopologyData& d_;
  std::vector<ValidationIssue>& issues_;
};

void check_addressing(const TopologyData& d, std::vector<ValidationIssue>& out);
void check_routing(const TopologyData& d, std::vector<ValidationIssue>& out);
void check_filters(const TopologyData& d, std::vector<ValidationIssue>& out);
void check_interfaces(const TopologyData& d, std::vector<ValidationIssue>& out);
void check_gateways(const TopologyData& d, std::vector<ValidationIssue>& out);

}  // namespace vpcsim::model
