#include "verify/tolerance.hpp"

namespace mhc {

Tolerance tolerance_for(StorageType output, bool touches_bf16, MathPrecision math) {
  // bf16 keeps 8 significant bits: one rounding is up to 2^-9 relative, and a value computed from
  // rounded inputs carries a few of those.
  if (output == StorageType::bf16 || touches_bf16 || math == MathPrecision::bf16)
    return {1e-2, 4e-2};
  // tf32 keeps 11 significant bits: 2^-11 per rounded operand.
  if (math == MathPrecision::tf32) return {5e-3, 2e-2};
  // float32 with reductions of up to ~40k terms (n*C) and 20 Sinkhorn iterations: typically 1e-7
  // to 1e-6; the bound leaves room for summation order without letting a real bug through.
  return {1e-4, 1e-3};
}

}  // namespace mhc
