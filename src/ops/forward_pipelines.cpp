// Forward decompositions of both H paths, from the eager baseline to the fused ones. Every op
// reads convention and t_max from MhcLayerArgs, so one decomposition serves both conventions.
#include "ops/registry.hpp"

namespace mhc {

namespace {

PipelineStep once(std::vector<std::string> ops) {
  return {std::move(ops), false};
}
PipelineStep per_iteration(std::vector<std::string> ops) {
  return {std::move(ops), true};
}

// F (the RMSNorm stand-in) and post as an eager framework runs them, shared by both naive paths.
const std::vector<std::string> kNaiveTail = {"naive_pre_aggregate", "naive_rms_stats",
                                             "naive_rms_apply", "naive_mix",
                                             "naive_distribute_add"};

}  // namespace

std::vector<PipelineDefinition> forward_pipelines() {
  const auto dynamic = HPath::dynamic_h;
  const auto stat = HPath::static_h;
  const auto pipeline = [](std::string name, std::string description, HPath path, bool baseline,
                           std::vector<PipelineStep> steps) {
    return make_pipeline(std::move(name), std::move(description), path, Direction::forward,
                         baseline, std::move(steps));
  };
  return {
      // The seed's naive module: one kernel per elementary step, the Sinkhorn loop as 2 x t_max
      // launches.
      pipeline("dynamic_naive", "eager baseline: one kernel per elementary step", dynamic, true,
               {once({"naive_sumsq", "naive_matmul", "naive_logits", "naive_sigmoid_pre",
                      "naive_sigmoid_post", "naive_exp"}),
                per_iteration({"naive_row_norm", "naive_col_norm"}), once(kNaiveTail)}),
      pipeline(
          "dynamic_unfused", "one kernel per op: projection, coefficients, pre, F, post", dynamic,
          false,
          {once({"dyn_projection", "dyn_coefficients", "pre_aggregate", "rmsnorm", "post_mix"})}),
      pipeline("dynamic_fused_f", "projection, coefficients, fused pre + F, post", dynamic, false,
               {once({"dyn_projection", "dyn_coefficients", "pre_rmsnorm_fused", "post_mix"})}),
      pipeline("dynamic_tensor_core",
               "tf32 tensor-core projection, coefficients, fused pre + F, post", dynamic, false,
               {once({"dyn_projection_mma", "dyn_coefficients", "pre_rmsnorm_fused", "post_mix"})}),
      pipeline("dynamic_fused_pre",
               "projection, coefficients and pre in one kernel reading x once, then F, post",
               dynamic, false, {once({"dyn_fused_pre", "rmsnorm", "post_mix"})}),
      pipeline("dynamic_splitk",
               "production decomposition: split-K projection partials reduced by a fused "
               "coefficient + pre kernel (DeepGEMM + FlashInfer), then F, post",
               dynamic, false,
               {once({"dyn_projection_splitk", "dyn_splitk_coeff_pre", "rmsnorm", "post_mix"})}),

      pipeline("static_naive", "eager baseline: one kernel per elementary step", stat, true,
               {once({"naive_static_sigmoid_pre", "naive_static_sigmoid_post", "naive_static_exp"}),
                per_iteration({"naive_row_norm", "naive_col_norm"}), once(kNaiveTail)}),
      pipeline("static_unfused", "one kernel per op: coefficients, pre, F, post", stat, false,
               {once({"static_coefficients", "pre_aggregate", "rmsnorm", "post_mix"})}),
      pipeline("static_fused_pre", "coefficients recomputed inside pre, then F, post", stat, false,
               {once({"static_pre_fused", "rmsnorm", "post_mix"})}),
      pipeline("static_fused_pre_f", "coefficients, pre and F in one kernel, then post", stat,
               false, {once({"static_pre_rmsnorm_fused", "post_mix"})}),
      pipeline("static_coefficients_fused_pre_f", "coefficients once, fused pre + F, post", stat,
               false, {once({"static_coefficients", "pre_rmsnorm_fused", "post_mix"})}),
  };
}

}  // namespace mhc
