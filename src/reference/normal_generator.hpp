#pragma once
// Deterministic N(0, 1) numbers that are the same on every machine: xoshiro256** seeded through
// splitmix64, and Box-Muller. std::normal_distribution is not used because its output is
// implementation-defined.
#include <array>
#include <cstdint>

namespace mhc {

// One step of splitmix64: advances `state` and returns a well-mixed 64-bit value.
uint64_t splitmix64(uint64_t& state);

class NormalGenerator {
 public:
  explicit NormalGenerator(uint64_t seed);
  uint64_t next_bits();  // xoshiro256**
  double uniform();      // in [0, 1), 53 random bits
  double normal();       // standard normal

 private:
  std::array<uint64_t, 4> state_{};
  double spare_ = 0.0;  // Box-Muller makes normals in pairs; the second waits here
  bool has_spare_ = false;
};

}  // namespace mhc
