#pragma once
// The shapes every kernel supports, shared by the tuner (plan/shape_catalog validates user shapes
// with messages) and libmhc_tuned (which refuses anything else with a status).
#include <algorithm>
#include <cstdint>
#include <iterator>

#include "core/problem.hpp"

namespace mhc {

// Limits every kernel honours. C must be a multiple of 8 so one 16-byte vector of bf16 never
// straddles two streams; B*n*C stays below 2^31 because kernels index elements with 32-bit ints.
struct ShapeLimits {
  static constexpr int64_t kMinHidden = 8;
  static constexpr int64_t kMaxHidden = 65536;
  static constexpr int64_t kHiddenMultiple = 8;
  static constexpr int64_t kMaxElements = (int64_t{1} << 31) - 1;
  static constexpr int64_t kSupportedStreams[] = {4, 8, 16, 32};
};

inline bool within_shape_limits(const Shape& s) {
  const auto& ns = ShapeLimits::kSupportedStreams;
  return s.tokens >= 1 && std::find(std::begin(ns), std::end(ns), s.streams) != std::end(ns) &&
         s.hidden >= ShapeLimits::kMinHidden && s.hidden <= ShapeLimits::kMaxHidden &&
         s.hidden % ShapeLimits::kHiddenMultiple == 0 &&
         s.tokens <= ShapeLimits::kMaxElements / (s.streams * s.hidden);  // no overflow
}

}  // namespace mhc
