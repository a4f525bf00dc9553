#include "topology/model/expectations.h"

namespace vpcsim::model {

std::string_view flow_outcome_name(FlowOutcome o) {
  switch (o) {
    case FlowOutcome::established:
      return "established";
    case FlowOutcome::blocked:
      return "blocked";
    case FlowOutcome::reset:
      return "reset";
    case FlowOutcome::interrupted:
      return "interrupted";
  }
  return "?";
}

}  // namespace vpcsim::model
