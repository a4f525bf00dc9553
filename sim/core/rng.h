#pragma once
// Rng: the seeded random source of a run (xoshiro256**, seeded through splitmix64).
// Results depend only on the seed and the call sequence, never on the platform's
// <random> distributions, so the same seed gives the same run everywhere.

#include <cmath>
#include <cstdint>

namespace vpcsim::core {

__extension__ typedef unsigned __int128 Uint128;  // g++/clang extension, pedantic-clean

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1) { reseed(seed); }

  void reseed(std::uint64_t seed) {
    for (auto& w : s_) {
      seed += 0x9e3779b97f4a7c15ull;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      w = z ^ (z >> 31);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform integer in [0, bound) (Lemire's multiply-shift with rejection; bound > 0).
  std::uint64_t below(std::uint64_t bound) {
    for (;;) {
      const std::uint64_t x = next();
      const Uint128 m = static_cast<Uint128>(x) * bound;
      const auto low = static_cast<std::uint64_t>(m);
      if (low >= bound || low >= (0 - bound) % bound) return static_cast<std::uint64_t>(m >> 64);
    }
  }
  // Uniform integer in [lo, hi].
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) {
    const std::uint64_t span = hi - lo + 1;  // 0 when [lo, hi] is all 2^64 values
    return span == 0 ? next() : lo + below(span);
  }
  // Uniform double in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Exponentially distributed with the given mean.
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace vpcsim::core
