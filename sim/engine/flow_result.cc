#include "sim/engine/flow_result.h"

namespace vpcsim::engine {

void FlowSummary::add(const FlowResult& r) {
  if (r.finished)
    ++outcomes[static_cast<std::size_t>(r.outcome)];
  else
    ++unfinished;
  if (!first) first = r;
  if (!first_failure && (!r.finished || r.outcome != model::FlowOutcome::established))
    first_failure = r;
}

std::optional<model::FlowOutcome> FlowSummary::common_outcome() const {
  if (unfinished != 0) return std::nullopt;
  std::optional<model::FlowOutcome> only;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i] == 0) continue;
    if (only) return std::nullopt;
    only = static_cast<model::FlowOutcome>(i);
  }
  return only;
}

}  // namespace vpcsim::engine
