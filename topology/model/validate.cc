#include "topology/model/validate.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "topology/model/validation_check.h"

namespace vpcsim::model {

std::string ValidationCheck::vpc_label(VpcIndex v) const {
  return fmt::format("{} {}", vpc(v).id, fmt::join(vpc(v).cidrs, ", "));
}

std::string private_ip_field(std::size_t i) {
  return i == 0 ? "private_ip" : fmt::format("secondary_private_ips/{}", i - 1);
}

std::vector<ValidationIssue> validate(const TopologyData& data) {
  std::vector<ValidationIssue> issues;
  for (const auto check :
       {check_addressing, check_routing, check_filters, check_interfaces, check_gateways}) {
    check(data, issues);
  }
  return issues;
}

}  // namespace vpcsim::model
