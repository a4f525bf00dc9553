#include "topology/net/invariant.h"

#include <string>

#include <doctest/doctest.h>

TEST_CASE("VPCSIM_ASSERT: silent when it holds, an InvariantError naming what and where if not") {
  int evaluated = 0;
  CHECK_NOTHROW(VPCSIM_ASSERT(++evaluated == 1, "evaluated once"));
  CHECK(evaluated == 1);
  try {
    VPCSIM_ASSERT(evaluated == 2, "the counter is two");
    FAIL("no exception");
  } catch (const vpcsim::net::InvariantError& e) {
    const std::string what = e.what();
    CHECK(what.find("the counter is two") == 0);
    CHECK(what.find("invariant_test.cc:") != std::string::npos);
    CHECK(what.find("evaluated == 2 does not hold") != std::string::npos);
  }
}
