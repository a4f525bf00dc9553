// A libFuzzer target for one harness (VPCSIM_FUZZ_HARNESS, set per executable by CMake).

#include <cstddef>
#include <cstdint>

#include "tools/fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  vpcsim::fuzz::VPCSIM_FUZZ_HARNESS(data, size);
  return 0;
}
