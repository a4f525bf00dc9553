#include "topology/net/invariant.h"

#include <fmt/format.h>

namespace vpcsim::net {

void invariant_failed(const char* condition, const char* what, const char* file, int line) {
  throw InvariantError(fmt::format("{} ({}:{}: {} does not hold)", what, file, line, condition));
}

}  // namespace vpcsim::net
