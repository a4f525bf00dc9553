#pragma once
// ValidationIssue: one reason AWS would refuse a topology: the resource, the field within
// it (a JSON-pointer fragment in the native scenario vocabulary, e.g. "cidr" or
// "inbound/2/rule"; empty for the resource as a whole), and a message that says what is
// wrong and what was expected.

#include <string>
#include <vector>

#include "topology/model/resource_index.h"

namespace vpcsim::model {

struct ValidationIssue {
  ResourceRef where;
  std::string field;
  std::string message;
};

}  // namespace vpcsim::model
