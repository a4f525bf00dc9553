#pragma once
// Reading a custom flow-log format: "${version} ${interface-id} ${srcaddr} …", the field
// names AWS gives (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).

#include <optional>
#include <string>
#include <string_view>

#include "topology/model/flow_log_format.h"

namespace vpcsim::load {

// The format `text` names; nullopt for a token that is not "${field}", an unknown field
// (with the nearest known names) or no field at all, with `error` saying which and what was
// expected.
std::optional<model::FlowLogFormat> parse_flow_log_format(std::string_view text,
                                                          std::string& error);

}  // namespace vpcsim::load
