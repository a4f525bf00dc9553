#include "topology/net/hash_key.h"

#include <random>

namespace vpcsim::net {
namespace {

HashKey draw() {
  std::random_device device;
  HashKey key{};
  for (auto& word : key.k)
    word = std::uint64_t{device()} << 32 | device();
  key.k[5] |= 1;  // the last multiplier odd: never a product with low zero bits only
  return key;
}

}  // namespace

const HashKey kHashKey = draw();

}  // namespace vpcsim::net
