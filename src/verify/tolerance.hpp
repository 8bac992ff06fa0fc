#pragma once
// The error bounds a kernel's output must meet against the float64 reference, by dtype, in one
// place. Two tests per tensor: the relative norm error of the whole tensor (catches systematic
// error), and a per-element bound relative to |expected| + rms(expected) (catches a few wrong
// elements, e.g. a missed tail, that a norm over millions of values would average away).
#include "core/layer_tensors.hpp"
#include "ops/op.hpp"

namespace mhc {

struct Tolerance {
  double rel_norm = 0.0;
  double element = 0.0;
};

// `touches_bf16`: the output is stored in bf16, or was computed from a bf16 tensor (x_in, f, a bf16
// residual): its error is then bf16 rounding (2^-9 relative), not float32 arithmetic.
Tolerance tolerance_for(StorageType output, bool touches_bf16, MathPrecision math);

// Rows and columns of a Sinkhorn result after t_max iterations are within this of 1 on the GPU,
// beyond whatever the reference itself leaves (its rows need not have converged).
inline constexpr double kDoublyStochasticSlack = 1e-4;

}  // namespace mhc
