#pragma once
// How one kernel of an op is launched: grid, block and dynamic shared memory. Every mHC kernel
// takes a single MhcLayerArgs (kernels/common/mhc_layer_args.h), so this is all a launch needs
// besides the compiled function.
#include <cstdint>

namespace mhc {

struct LaunchGeometry {
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {1, 1, 1};
  uint32_t shared_bytes = 0;  // dynamic shared memory
  int64_t threads() const {
    return int64_t{grid[0]} * grid[1] * grid[2] * block[0] * block[1] * block[2];
  }
};

}  // namespace mhc

namespace mhc {
constexpr int64_t ceil_div(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}
}  // namespace mhc
