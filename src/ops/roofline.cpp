#include "ops/roofline.hpp"

namespace mhc {

int64_t layer_min_bytes(const Problem& p) {
  const int64_t residual = p.shape.elements() * dtype_bytes(p.residual_dtype);
  const int64_t layer_io = p.shape.tokens * p.shape.hidden * 2;  // one bf16 [B, C] tensor
  if (p.direction == Direction::forward) return 3 * residual + 4 * layer_io;
  // Backward also moves F's gradients, which are float32: d_f and d_x_in written and read.
  return 4 * residual + 4 * layer_io + 4 * (2 * layer_io);
}

}  // namespace mhc
