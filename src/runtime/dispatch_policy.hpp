#pragma once
// The dispatch policy, in one function: which pipeline and variants run a problem.
//
//   0. none: the shape is outside the kernels' limits (core/shape_limits.hpp: n in {4, 8, 16, 32},
//      C a multiple of 8 in [8, 65536], B*n*C < 2^31); the caller reports an unsupported shape.
//   1. exact: a tuned entry with the same problem (path, direction, dtype, convention, B, C, n).
//   2. nearest: among tuned entries with the same path, direction, dtype, convention and n whose
//      pipeline and every variant are valid for the new shape (the op's invalid_reason is empty and
//      the kernel it names is embedded), the one with the least
//          distance = |log2(B / B')| + |log2(C / C')|
//      (a factor of two in tokens or hidden size costs 1; ties go to the earlier entry), provided
//      the distance is at most kMaxNearestDistance.
//   3. default: the table's default pipeline for the problem with every op at its default point.
//   4. baseline: the naive unfused pipeline (also what MHC_TUNED_FORCE_BASELINE=1 forces).
//   5. none: nothing embedded can run the problem; the caller reports an unsupported shape.
// A candidate is only taken when every kernel it needs is embedded and valid, so dispatch never
// picks a variant that would compute a wrong answer.
#include <string>
#include <vector>

#include "ops/op.hpp"
#include "runtime/dispatch_table.hpp"

namespace mhc::runtime {

enum class DispatchKind { exact, nearest, default_pipeline, baseline, none };

struct PlannedOp {
  const OpDefinition* op = nullptr;
  ParamPoint point;
  const KernelBinary* kernel = nullptr;
};

struct DispatchDecision {
  DispatchKind kind = DispatchKind::none;
  const PipelineDefinition* pipeline = nullptr;
  std::vector<PlannedOp> ops;         // one per distinct op of the pipeline
  const TunedEntry* tuned = nullptr;  // the entry used (exact, nearest)
  double distance = 0.0;
  std::string describe() const;  // "op{k=v};op{...}" in first-use order
};

// Tuned parameters (tile sizes, split counts, tokens per block) are chosen for the grid a shape
// makes; 16 times more or fewer tokens (or channels, or 4x both) make another grid, so beyond this
// distance the default parameters, chosen to do reasonably everywhere, are trusted instead.
inline constexpr double kMaxNearestDistance = 4.0;

double shape_distance(const Shape& a, const Shape& b);
// Reads MHC_TUNED_FORCE_BASELINE ("1" forces the baseline).
bool force_baseline_from_environment();

DispatchDecision decide_dispatch(const DispatchTable& table, const Problem& problem,
                                 bool force_baseline);

}  // namespace mhc::runtime
