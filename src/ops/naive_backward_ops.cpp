// The naive baseline's backward ops, one kernel per elementary step. They accumulate into d_x over
// several kernels (bwd_naive_post_dx writes, the later d_x steps read and add) and pass their
// intermediates through a fixed workspace layout (naive_workspace_bytes), so most are verified only
// in the pipeline.
#include <fmt/format.h>

#include "core/launch_geometry.hpp"
#include "ops/backward_op.hpp"
#include "ops/registry.hpp"
#include "ops/template_args.hpp"

namespace mhc {

namespace {

using namespace bwd;
using Tensors = std::vector<Tensor>;
using T = Tensor;

// kernels/common/bwd_naive.cuh: inv_rr [B], logits and d_logits [R][m], iterates [2 t_max +
// 1][R][n^2], d_matrix [R][n^2], token_h [B][n^2] (floats).
int64_t naive_workspace_bytes(const Problem& p) {
  const int64_t B = p.shape.tokens, R = h_rows(p), n2 = n_of(p) * n_of(p);
  return 4 * (B + 2 * R * m_of(p) + (sinkhorn_slots(p) + 1) * R * n2 + R * n2 + B * n2);
}

enum class NaiveArgs {
  residual_and_n,
  n
};  // template arguments: <T, N, extra...> or <N, extra...>

struct NaiveStep {
  std::string name;
  std::string description;
  std::string kernel;  // source is kernel-name-minus-"mhc_" + ".cu"
  std::vector<HPath> paths;
  NaiveArgs args = NaiveArgs::n;
  std::string extra;  // trailing template arguments (WHAT, STEP, PER_TOKEN), or empty
  Tensors reads, writes;
  bool workspace = false;
  bool alone = false;
  std::function<LaunchGeometry(const Problem&)> geometry;
  std::function<int64_t(const Problem&)> min_bytes;
};

OpDefinition naive_op(NaiveStep s) {
  OpDefinition op = backward_op(s.name, s.kernel.substr(4) + ".cu", s.paths);
  op.description = "naive baseline: " + s.description;
  op.reads = std::move(s.reads);
  op.writes = std::move(s.writes);
  op.verifiable_alone = s.alone;
  op.kernel_name = [kernel = s.kernel, args = s.args, extra = s.extra](const Problem& p,
                                                                       const ParamPoint&) {
    std::vector<std::string> list;
    if (args == NaiveArgs::residual_and_n) list.emplace_back(residual_type_name(p));
    list.push_back(num(n_of(p)));
    if (!extra.empty()) list.push_back(extra);
    return kernel_instance(kernel, list);
  };
  op.geometry = [geometry = s.geometry](const Problem& p, const ParamPoint&) {
    return geometry(p);
  };
  if (s.workspace)
    op.workspace_bytes = [](const Problem& p, const ParamPoint&) {
      return naive_workspace_bytes(p);
    };
  op.min_bytes = std::move(s.min_bytes);
  return op;
}

LaunchGeometry grid_of(int64_t x, int64_t y, uint32_t threads) {
  LaunchGeometry g;
  g.grid[0] = u32(x);
  g.grid[1] = u32(y);
  g.block[0] = threads;
  return g;
}
// One thread per channel of every residual row: grid (B*n, ceil(C / 256)).
LaunchGeometry per_residual_element(const Problem& p) {
  return grid_of(p.shape.tokens * p.shape.streams, ceil_div(p.shape.hidden, 256), 256);
}
LaunchGeometry flat(int64_t count, uint32_t threads) {
  return grid_of(ceil_div(count, threads), 1, threads);
}

std::vector<OpDefinition> naive_shared_ops() {
  const std::vector<HPath> both = {HPath::static_h, HPath::dynamic_h};
  std::vector<NaiveStep> steps = {
      {"bwd_naive_post_dx",
       "d_x = H_res-mixed d_x_next (writes d_x; later steps add)",
       "mhc_bwd_naive_post_dx",
       both,
       NaiveArgs::residual_and_n,
       "",
       {T::d_x_next, T::h_res},
       {T::d_x},
       false,
       false,
       per_residual_element,
       [](const Problem& p) { return 2 * residual_bytes(p); }},
      {"bwd_naive_post_df",
       "d_f = sum_i H_post[i] d_x_next[i]",
       "mhc_bwd_naive_post_df",
       both,
       NaiveArgs::residual_and_n,
       "",
       {T::d_x_next, T::h_post},
       {T::d_f},
       false,
       true,
       [](const Problem& p) { return grid_of(p.shape.tokens, ceil_div(p.shape.hidden, 256), 256); },
       [](const Problem& p) { return residual_bytes(p) + channel_bytes(p, 4); }},
      {"bwd_naive_rmsnorm",
       "RMSNorm backward to d_x_in, one block per token (saves 1/rr)",
       "mhc_bwd_naive_rmsnorm",
       both,
       NaiveArgs::n,
       "",
       {T::x_in, T::rms_weight, T::d_f},
       {T::d_x_in},
       true,
       true,
       [](const Problem& p) { return grid_of(p.shape.tokens, 1, 256); },
       [](const Problem& p) { return channel_bytes(p, 2 + 4 + 4); }},
      {"bwd_naive_rms_weight",
       "d_rms_weight, one thread per channel over all tokens",
       "mhc_bwd_naive_rms_weight",
       both,
       NaiveArgs::n,
       "",
       {T::x_in, T::d_f},
       {T::d_rms_weight},
       true,
       false,
       [](const Problem& p) { return flat(p.shape.hidden, 256); },
       [](const Problem& p) { return channel_bytes(p, 2 + 4); }},
      {"bwd_naive_pre_dx",
       "d_x += H_pre[j] d_x_in",
       "mhc_bwd_naive_pre_dx",
       both,
       NaiveArgs::residual_and_n,
       "",
       {T::h_pre, T::d_x_in, T::d_x},
       {T::d_x},
       false,
       false,
       per_residual_element,
       [](const Problem& p) { return 2 * residual_bytes(p) + channel_bytes(p, 4); }},
  };
  std::vector<OpDefinition> ops;
  for (auto& s : steps) ops.push_back(naive_op(std::move(s)));
  return ops;
}

// The steps whose reads or outputs differ by path, once per path (same kernels).
std::vector<OpDefinition> naive_path_ops(HPath path) {
  const bool dyn = path == HPath::dynamic_h;
  const std::string prefix = dyn ? "bwd_naive_dyn_" : "bwd_naive_static_";
  const Tensor coefficient_output = dyn ? T::d_proj : T::d_h_static;  // where the chain ends
  std::vector<NaiveStep> steps;

  const Tensor dot_targets[3] = {T::d_h_res, T::d_h_post, T::d_h_pre};
  const Tensors dot_reads[3] = {{T::d_x_next, T::x}, {T::d_x_next, T::f}, {T::d_x_in, T::x}};
  const char* dot_names[3] = {"res", "post", "pre"};
  for (int what = 0; what < 3; ++what) {
    const int64_t per_token_n2 = what == 0;  // outputs per token: n*n or n
    steps.push_back({prefix + "dot_" + dot_names[what],
                     fmt::format("d_h_{} per token, one block per output{}", dot_names[what],
                                 dyn ? "" : " (into the workspace)"),
                     "mhc_bwd_naive_dot",
                     {path},
                     NaiveArgs::residual_and_n,
                     num(what) + ", " + flag(dyn),
                     dot_reads[what],
                     {dot_targets[what]},
                     !dyn,
                     dyn,
                     [per_token_n2](const Problem& p) {
                       return grid_of(p.shape.tokens, per_token_n2 ? n_of(p) * n_of(p) : n_of(p),
                                      128);
                     },
                     [](const Problem& p) { return 2 * residual_bytes(p); }});
    if (!dyn)
      steps.push_back(
          {prefix + "sum_" + dot_names[what],
           fmt::format("d_h_{} = the per-token values summed over tokens", dot_names[what]),
           "mhc_bwd_naive_token_sum",
           {path},
           NaiveArgs::n,
           num(what),
           {},
           {dot_targets[what]},
           true,
           false,
           [per_token_n2](const Problem& p) {  // one block per output
             return grid_of(per_token_n2 ? n_of(p) * n_of(p) : n_of(p), 1, 256);
           },
           [](const Problem& p) { return p.shape.tokens * n_of(p) * n_of(p) * 4; }});
  }

  steps.push_back({prefix + "logits",
                   "the coefficient logits recomputed into the workspace",
                   "mhc_bwd_naive_logits",
                   {path},
                   NaiveArgs::n,
                   flag(dyn),
                   dyn ? Tensors{T::proj, T::sumsq, T::alpha, T::bias} : Tensors{T::h_static},
                   {coefficient_output},
                   true,
                   false,
                   [](const Problem& p) { return flat(h_rows(p) * m_of(p), 256); },
                   [](const Problem& p) { return 2 * h_rows(p) * m_of(p) * 4; }});
  steps.push_back({prefix + "sigmoid",
                   "sigmoid backward of H_pre and H_post",
                   "mhc_bwd_naive_sigmoid",
                   {path},
                   NaiveArgs::n,
                   flag(dyn),
                   {T::d_h_pre, T::d_h_post},
                   {coefficient_output},
                   true,
                   false,
                   [](const Problem& p) { return flat(h_rows(p) * 2 * n_of(p), 256); },
                   [](const Problem& p) { return h_rows(p) * 6 * n_of(p) * 4; }});
  const char* sinkhorn_names[6] = {"start", "rows", "cols", "cols_back", "rows_back", "start_back"};
  const char* sinkhorn_meaning[6] = {
      "the Sinkhorn start matrix (iterate 0) from the logits",
      "one Sinkhorn row normalisation (per iteration; stores the iterate)",
      "one Sinkhorn column normalisation (per iteration; stores the iterate)",
      "backward of one column normalisation (per iteration, last first)",
      "backward of one row normalisation (per iteration, last first)",
      "backward of the start matrix into the res logits' gradient"};
  for (int step = 0; step < 6; ++step)
    steps.push_back({prefix + "sinkhorn_" + sinkhorn_names[step],
                     sinkhorn_meaning[step],
                     "mhc_bwd_naive_sinkhorn",
                     {path},
                     NaiveArgs::n,
                     num(step) + ", " + flag(dyn),
                     step == 3 || step == 5 ? Tensors{T::d_h_res} : Tensors{},
                     {coefficient_output},
                     true,
                     false,
                     [](const Problem& p) { return flat(h_rows(p) * n_of(p), 128); },
                     [](const Problem& p) { return 2 * h_rows(p) * n_of(p) * n_of(p) * 4; }});
  if (dyn) {
    steps.push_back({prefix + "logits_back",
                     "d_proj and d_sumsq from the logit gradient",
                     "mhc_bwd_naive_logits_bwd",
                     {path},
                     NaiveArgs::n,
                     "",
                     {T::proj, T::sumsq, T::alpha},
                     {T::d_proj, T::d_sumsq},
                     true,
                     false,
                     [](const Problem& p) { return flat(p.shape.tokens, 128); },
                     [](const Problem& p) { return p.shape.tokens * (3 * m_of(p) + 2) * 4; }});
    steps.push_back({prefix + "logit_params",
                     "d_alpha and d_bias, one block per output",
                     "mhc_bwd_naive_logit_params",
                     {path},
                     NaiveArgs::n,
                     "",
                     {T::proj, T::sumsq},
                     {T::d_alpha, T::d_bias},
                     true,
                     false,
                     [](const Problem& p) { return grid_of(m_of(p) + 3, 1, 256); },
                     [](const Problem& p) { return p.shape.tokens * (2 * m_of(p) + 1) * 4; }});
    steps.push_back({prefix + "proj_dx",
                     "d_x += d_proj @ phi^T, one thread per element",
                     "mhc_bwd_naive_proj_dx",
                     {path},
                     NaiveArgs::residual_and_n,
                     "",
                     {T::phi, T::d_proj, T::d_x},
                     {T::d_x},
                     false,
                     false,
                     per_residual_element,
                     [](const Problem& p) {
                       return 2 * residual_bytes(p) +
                              p.shape.streams * p.shape.hidden * m_of(p) * 4;
                     }});
    steps.push_back({prefix + "sumsq_dx",
                     "d_x += 2 x d_sumsq",
                     "mhc_bwd_naive_sumsq_dx",
                     {path},
                     NaiveArgs::residual_and_n,
                     "",
                     {T::x, T::d_sumsq, T::d_x},
                     {T::d_x},
                     false,
                     false,
                     per_residual_element,
                     [](const Problem& p) { return 3 * residual_bytes(p); }});
    steps.push_back({prefix + "dphi",
                     "d_phi = x^T d_proj, one thread per output over all tokens",
                     "mhc_bwd_naive_dphi",
                     {path},
                     NaiveArgs::residual_and_n,
                     "",
                     {T::x, T::d_proj},
                     {T::d_phi},
                     false,
                     true,
                     [](const Problem& p) {
                       return grid_of(p.shape.streams * p.shape.hidden, ceil_div(m_of(p), 128),
                                      128);
                     },
                     [](const Problem& p) {
                       return residual_bytes(p) + p.shape.streams * p.shape.hidden * m_of(p) * 4;
                     }});
  } else {
    steps.push_back({prefix + "dh",
                     "d_h_static = the logit gradient",
                     "mhc_bwd_naive_static_dh",
                     {path},
                     NaiveArgs::n,
                     "",
                     {},
                     {T::d_h_static},
                     true,
                     false,
                     [](const Problem& p) { return flat(m_of(p), 128); },
                     [](const Problem& p) { return 2 * m_of(p) * 4; }});
  }
  std::vector<OpDefinition> ops;
  for (auto& s : steps) ops.push_back(naive_op(std::move(s)));
  return ops;
}

}  // namespace

std::vector<OpDefinition> naive_backward_ops() {
  std::vector<OpDefinition> ops = naive_shared_ops();
  for (const auto path : {HPath::dynamic_h, HPath::static_h})
    for (auto& op : naive_path_ops(path)) ops.push_back(std::move(op));
  return ops;
}

}  // namespace mhc
