#pragma once
// Test-only static forward pipelines built from real ops, so the emit tests do not depend on which
// pipelines the registry defines: a fused one (tuned and default) and an unfused baseline.
#include <vector>

#include "ops/pipeline.hpp"

namespace mhc::testing {

inline std::vector<PipelineDefinition> test_pipelines() {
  PipelineDefinition fused{.name = "test_static_fused",
                           .path = HPath::static_h,
                           .direction = Direction::forward,
                           .steps = {{{"static_pre_fused"}}, {{"post_mix"}}}};
  PipelineDefinition unfused{
      .name = "test_static_unfused",
      .path = HPath::static_h,
      .direction = Direction::forward,
      .baseline = true,
      .steps = {{{"static_coefficients"}}, {{"pre_aggregate"}}, {{"post_mix"}}}};
  return {fused, unfused};
}

inline Problem static_problem(int64_t tokens, int64_t hidden, int64_t streams = 4) {
  Problem p;
  p.path = HPath::static_h;
  p.shape = {tokens, hidden, streams};
  return p;
}

}  // namespace mhc::testing
