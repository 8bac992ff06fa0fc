#pragma once
// Judging a kernel's outputs against the float64 reference: per tensor error statistics, the
// bound that applies, and mHC's invariants where H_res is among the outputs.
#include <string>
#include <utility>
#include <vector>

#include "ops/op.hpp"
#include "reference/compare.hpp"
#include "reference/layer_values.hpp"
#include "verify/tolerance.hpp"

namespace mhc {

struct TensorCheck {
  Tensor tensor = Tensor::x;
  ErrorStats stats;
  Tolerance bound;
  int64_t elements_out_of_bound = 0;
  bool passed = false;
};

struct VerificationResult {
  bool passed = false;
  std::vector<TensorCheck> checks;
  std::string failure;  // first failure, naming the tensor and its numbers; empty when passed
  double worst_rel_norm_error = 0.0;
  double worst_max_abs_error = 0.0;
};

struct ProducedTensor {
  Tensor tensor;
  std::vector<double> values;  // downloaded from the GPU
};

// `inputs` are the tensors the kernels read (to decide whether bf16 rounding is on the path).
VerificationResult verify_outputs(const LayerValues& expected,
                                  const std::vector<ProducedTensor>& produced,
                                  const std::vector<Tensor>& inputs, MathPrecision math);

}  // namespace mhc
