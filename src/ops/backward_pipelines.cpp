// Backward decompositions of both H paths. In each fused pipeline exactly one op writes the whole
// d_x, so every fused op is verified alone; token reductions go either to per-block partial rows
// reduced in a fixed order (deterministic) or to atomics (not bit-reproducible). The naive
// baselines replay the Sinkhorn forward before differentiating it, as autograd would with the
// iterates it saved.
#include "ops/registry.hpp"

namespace mhc {

namespace {

std::vector<PipelineStep> naive_steps(HPath path) {
  const bool dyn = path == HPath::dynamic_h;
  const std::string pre = dyn ? "bwd_naive_dyn_" : "bwd_naive_static_";
  std::vector<std::string> head = {"bwd_naive_post_dx", pre + "dot_res"};
  if (!dyn) head.push_back(pre + "sum_res");
  head.push_back(pre + "dot_post");
  if (!dyn) head.push_back(pre + "sum_post");
  for (const char* op :
       {"bwd_naive_post_df", "bwd_naive_rmsnorm", "bwd_naive_rms_weight", "bwd_naive_pre_dx"})
    head.emplace_back(op);
  head.push_back(pre + "dot_pre");
  if (!dyn) head.push_back(pre + "sum_pre");
  for (const char* op : {"logits", "sigmoid", "sinkhorn_start"}) head.push_back(pre + op);
  std::vector<std::string> tail = {pre + "sinkhorn_start_back"};
  if (dyn)
    for (const char* op : {"logits_back", "logit_params", "proj_dx", "sumsq_dx", "dphi"})
      tail.push_back(pre + op);
  else
    tail.push_back(pre + "dh");
  return {{head, false},
          {{pre + "sinkhorn_rows", pre + "sinkhorn_cols"}, true},
          {{pre + "sinkhorn_cols_back", pre + "sinkhorn_rows_back"}, true},
          {tail, false}};
}

}  // namespace

std::vector<PipelineDefinition> backward_pipelines() {
  const auto dynamic = HPath::dynamic_h;
  const auto stat = HPath::static_h;
  const auto pipeline = [](std::string name, std::string description, HPath path, bool baseline,
                           std::vector<PipelineStep> steps) {
    return make_pipeline(std::move(name), std::move(description), path, Direction::backward,
                         baseline, std::move(steps));
  };
  return {
      pipeline("bwd_dynamic_naive", "eager baseline: one kernel per elementary step", dynamic, true,
               naive_steps(dynamic)),
      pipeline("bwd_dynamic_fused",
               "token pass (post + F + pre), coefficient backward, d_x as one GEMM, d_phi; "
               "deterministic partial-row reductions",
               dynamic, false,
               {{{"bwd_token_dyn", "bwd_reduce_rms_weight", "bwd_dyn_coefficients",
                  "bwd_reduce_dyn_coefficients", "bwd_dyn_dx", "bwd_dyn_dphi"}}}),
      pipeline("bwd_dynamic_fused_atomic", "as bwd_dynamic_fused with atomic token reductions",
               dynamic, false,
               {{{"bwd_token_dyn_atomic", "bwd_dyn_coefficients_atomic", "bwd_dyn_dx",
                  "bwd_dyn_dphi_atomic"}}}),
      pipeline("bwd_static_naive", "eager baseline: one kernel per elementary step", stat, true,
               naive_steps(stat)),
      pipeline(
          "bwd_static_fused",
          "token pass writing d_x, H gradients reduced deterministically, coefficient backward",
          stat, false, {{{"bwd_token_static", "bwd_reduce_static", "bwd_static_coefficients"}}}),
      pipeline("bwd_static_fused_atomic", "as bwd_static_fused with atomic H-gradient reductions",
               stat, false, {{{"bwd_token_static_atomic", "bwd_static_coefficients"}}}),
  };
}

}  // namespace mhc
