#pragma once
// VPCSIM_ASSERT(condition, what): an invariant of vpcsim's own code, never a check of input
// (input errors are located LoadErrors; traffic anomalies are counted). A broken one is a bug:
// it throws InvariantError naming the condition, what it guards and where, and the CLI reports
// it as an internal error with exit code 3, asking for a bug report. Always on: use it where a
// check costs nothing next to the work around it, not per packet.

#include <stdexcept>

namespace vpcsim::net {

struct InvariantError : std::logic_error {
  using std::logic_error::logic_error;
};

[[noreturn]] void invariant_failed(const char* condition, const char* what, const char* file,
                                   int line);

}  // namespace vpcsim::net

#define VPCSIM_ASSERT(condition, what) \
  ((condition) ? void(0) : ::vpcsim::net::invariant_failed(#condition, what, __FILE__, __LINE__))
