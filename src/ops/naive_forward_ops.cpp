// The naive baseline's forward ops: one kernel per elementary step, as an eager framework runs the
// seed's naive module (MATH.md, "How the seed measures"). No tunable axes: one variant each.
// Intermediates an eager framework keeps in temporary tensors live in the workspace
// (kernels/common/naive_workspace.cuh); ops that touch them are verified only in a pipeline, and
// an op whose result lands only there lists the tensors its chain ends in as its writes.
//
// The static path reuses the same kernels: the activations, instantiated with STATIC_H = 1, read
// h_static instead of the workspace's logits (ops naive_static_*, whose reads are then exact);
// the Sinkhorn, pre, F and post steps serve both paths (MhcLayerArgs::h_per_token picks the row).
#include <fmt/format.h>

#include "core/launch_geometry.hpp"
#include "ops/registry.hpp"
#include "ops/template_args.hpp"

namespace mhc {

namespace {

// The layout of kernels/common/naive_workspace.cuh (change both together): f32 regions logits
// [B, m], rstd [B], mixed [B, n, C], each rounded up to 64 floats (256 bytes).
int64_t naive_region_floats(int64_t floats) {
  return ceil_div(floats, 64) * 64;
}

int64_t naive_workspace_bytes(const Problem& p) {
  const int64_t B = p.shape.tokens, n = p.shape.streams, C = p.shape.hidden;
  return 4 * (naive_region_floats(B * mixing_logits(n)) + naive_region_floats(B) +
              naive_region_floats(B * n * C));
}

constexpr int64_t kNaiveThreads = 256;  // kNaiveThreads in naive_workspace.cuh

using Count = int64_t (*)(const Problem&);

int64_t h_rows(const Problem& p) {
  return p.path == HPath::dynamic_h ? p.shape.tokens : 1;
}
int64_t tokens(const Problem& p) {
  return p.shape.tokens;
}
int64_t logit_count(const Problem& p) {
  return p.shape.tokens * mixing_logits(p.shape.streams);
}
int64_t h_vector_count(const Problem& p) {
  return h_rows(p) * p.shape.streams;
}
int64_t h_matrix_count(const Problem& p) {
  return h_vector_count(p) * p.shape.streams;
}
int64_t channel_count(const Problem& p) {
  return p.shape.tokens * p.shape.hidden;
}
int64_t element_count(const Problem& p) {
  return p.shape.elements();
}

int64_t residual_bytes(const Problem& p) {
  return element_count(p) * dtype_bytes(p.residual_dtype);
}
int64_t io_bytes(const Problem& p) {
  return channel_count(p) * 2;
}  // x_in or f, bf16
int64_t logits_bytes(const Problem& p) {
  return logit_count(p) * 4;
}
int64_t mixed_bytes(const Problem& p) {
  return element_count(p) * 4;
}
int64_t h_vector_bytes(const Problem& p) {
  return 2 * h_vector_count(p) * 4;
}  // read + write
int64_t h_matrix_bytes(const Problem& p) {
  return 2 * h_matrix_count(p) * 4;
}

struct NaiveSpec {
  std::string name;
  std::string description;
  std::string kernel;             // "mhc_naive_sumsq"; the source is kernels/naive_sumsq.cu
  std::string template_arg = "";  // "" (not a template), "residual", or literal ones such as "0, 1"
  std::vector<HPath> paths;
  std::vector<Tensor> reads = {};
  // An op whose result only lands in the workspace names the layer tensors its chain ends in
  // (as naive_backward_ops.cpp does): every op writes something, and a pipeline's writes are its
  // outputs.
  std::vector<Tensor> writes;
  bool uses_workspace = false;
  bool verifiable_alone = true;
  bool block_per_token = false;  // else one thread per element of `count`
  Count count = tokens;
  Count min_bytes = nullptr;
};

OpDefinition make_naive_op(NaiveSpec spec) {
  OpDefinition op;
  op.name = spec.name;
  op.description = "naive baseline: " + spec.description;
  op.source = spec.kernel.substr(std::string("mhc_").size()) + ".cu";
  op.paths = spec.paths;
  op.reads = spec.reads;
  op.writes = spec.writes;
  op.verifiable_alone = spec.verifiable_alone;
  op.invalid_reason = [](const Problem&, const ParamPoint&) { return std::string(); };
  op.kernel_name = [kernel = spec.kernel, arg = spec.template_arg](const Problem& p,
                                                                   const ParamPoint&) {
    if (arg.empty()) return kernel;
    return kernel_instance(kernel, {arg == "residual" ? std::string(residual_type_name(p)) : arg});
  };
  op.geometry = [per_token = spec.block_per_token, count = spec.count](const Problem& p,
                                                                       const ParamPoint&) {
    LaunchGeometry g;
    g.block[0] = kNaiveThreads;
    g.grid[0] =
        static_cast<uint32_t>(per_token ? p.shape.tokens : ceil_div(count(p), kNaiveThreads));
    return g;
  };
  if (spec.uses_workspace)
    op.workspace_bytes = [](const Problem& p, const ParamPoint&) {
      return naive_workspace_bytes(p);
    };
  op.min_bytes = spec.min_bytes;
  return op;
}

const std::vector<HPath> kBoth = {HPath::static_h, HPath::dynamic_h};
const std::vector<HPath> kDynamic = {HPath::dynamic_h};

// The activation ops of one path: the dynamic ones read the workspace's logits; the static ones
// read h_static, and their sigmoids produce final values, so those can be verified alone.
std::vector<OpDefinition> activation_ops(HPath path) {
  const bool dynamic = path == HPath::dynamic_h;
  const std::string prefix = dynamic ? "naive_" : "naive_static_";
  const std::string from = dynamic ? "the logits" : "h_static";
  const std::string static_h = dynamic ? "0" : "1";  // the kernels' STATIC_H argument
  const std::vector<Tensor> reads = dynamic ? std::vector<Tensor>{} : std::vector{Tensor::h_static};
  std::vector<OpDefinition> ops;
  // The sigmoids: template argument 0 makes h_pre, 1 h_post.
  const char* sigmoid_outputs[2] = {"pre", "post"};
  const char* sigmoid_formulas[2] = {"h_pre = sigmoid(pre logits) + pre_eps",
                                     "h_post = post_mult * sigmoid(post logits)"};
  for (int which = 0; which < 2; ++which)
    ops.push_back(
        make_naive_op({.name = prefix + "sigmoid_" + sigmoid_outputs[which],
                       .description = std::string(sigmoid_formulas[which]) + " from " + from,
                       .kernel = "mhc_naive_sigmoid",
                       .template_arg = std::to_string(which) + ", " + static_h,
                       .paths = {path},
                       .reads = reads,
                       .writes = {which == 0 ? Tensor::h_pre : Tensor::h_post},
                       .uses_workspace = dynamic,
                       .verifiable_alone = !dynamic,
                       .count = h_vector_count,
                       .min_bytes = h_vector_bytes}));
  ops.push_back(make_naive_op(
      {.name = prefix + "exp",
       .description = "Sinkhorn start into h_res (exp; production: row softmax + eps) from " + from,
       .kernel = "mhc_naive_exp",
       .template_arg = static_h,
       .paths = {path},
       .reads = reads,
       .writes = {Tensor::h_res},
       .uses_workspace = dynamic,
       .verifiable_alone = false,  // h_res is final only after the Sinkhorn launches
       .count = h_matrix_count,
       .min_bytes = h_matrix_bytes}));
  return ops;
}

}  // namespace

std::vector<OpDefinition> naive_forward_ops() {
  std::vector<OpDefinition> ops;
  auto add = [&ops](NaiveSpec spec) { ops.push_back(make_naive_op(std::move(spec))); };

  // Dynamic path: the projection and the logits.
  add({.name = "naive_sumsq",
       .description = "sumsq = per-token sum of squares of x (block reduction)",
       .kernel = "mhc_naive_sumsq",
       .template_arg = "residual",
       .paths = kDynamic,
       .reads = {Tensor::x},
       .writes = {Tensor::sumsq},
       .block_per_token = true,
       .min_bytes = [](const Problem& p) { return residual_bytes(p) + p.shape.tokens * 4; }});
  add({.name = "naive_matmul",
       .description = "proj = x @ phi, one thread per output element, no tiling",
       .kernel = "mhc_naive_matmul",
       .template_arg = "residual",
       .paths = kDynamic,
       .reads = {Tensor::x, Tensor::phi},
       .writes = {Tensor::proj},
       .count = logit_count,
       .min_bytes = [](const Problem& p) {
         const int64_t n = p.shape.streams;
         return residual_bytes(p) + n * p.shape.hidden * mixing_logits(n) * 4 + logits_bytes(p);
       }});
  add({.name = "naive_logits",
       .description = "logits = alpha * proj / r + bias, into the workspace",
       .kernel = "mhc_naive_logits",
       .paths = kDynamic,
       .reads = {Tensor::proj, Tensor::sumsq, Tensor::alpha, Tensor::bias},
       .writes = {Tensor::h_pre, Tensor::h_post, Tensor::h_res},
       .uses_workspace = true,
       .verifiable_alone = false,
       .count = logit_count,
       .min_bytes = [](const Problem& p) { return 2 * logits_bytes(p) + p.shape.tokens * 4; }});

  // Coefficients: the activations of each path, then the Sinkhorn steps both paths share. The
  // pipeline repeats {naive_row_norm, naive_col_norm} once per iteration with step = iteration.
  for (auto& op : activation_ops(HPath::dynamic_h)) ops.push_back(std::move(op));
  for (auto& op : activation_ops(HPath::static_h)) ops.push_back(std::move(op));
  // Template argument 0 normalises rows, 1 columns.
  const char* norm_names[2] = {"naive_row_norm", "naive_col_norm"};
  const char* norm_descriptions[2] = {
      "h_res rows /= row sum + eps in place (production: nothing at step 0)",
      "h_res columns /= column sum + eps in place"};
  for (int axis = 0; axis < 2; ++axis)
    add({.name = norm_names[axis],
         .description = norm_descriptions[axis],
         .kernel = "mhc_naive_normalise",
         .template_arg = std::to_string(axis),
         .paths = kBoth,
         .reads = {Tensor::h_res},
         .writes = {Tensor::h_res},
         .verifiable_alone = false,
         .count = h_vector_count,
         .min_bytes = h_matrix_bytes});

  // Pre, F, post.
  add({.name = "naive_pre_aggregate",
       .description = "x_in = sum_i h_pre_i * x_i, one thread per output element",
       .kernel = "mhc_naive_pre_aggregate",
       .template_arg = "residual",
       .paths = kBoth,
       .reads = {Tensor::x, Tensor::h_pre},
       .writes = {Tensor::x_in},
       .count = channel_count,
       .min_bytes = [](const Problem& p) { return residual_bytes(p) + io_bytes(p); }});
  add({.name = "naive_rms_stats",
       .description = "rstd = 1 / RMS(x_in) per token (block reduction), into the workspace",
       .kernel = "mhc_naive_rms_stats",
       .paths = kBoth,
       .reads = {Tensor::x_in},
       .writes = {Tensor::f},
       .uses_workspace = true,
       .verifiable_alone = false,
       .block_per_token = true,
       .min_bytes = [](const Problem& p) { return io_bytes(p) + p.shape.tokens * 4; }});
  add({.name = "naive_rms_apply",
       .description = "f = x_in * rstd * rms_weight, one thread per output element",
       .kernel = "mhc_naive_rms_apply",
       .paths = kBoth,
       .reads = {Tensor::x_in, Tensor::rms_weight},
       .writes = {Tensor::f},
       .uses_workspace = true,
       .verifiable_alone = false,
       .count = channel_count,
       .min_bytes = [](const Problem& p) {
         return 2 * io_bytes(p) + p.shape.tokens * 4 + p.shape.hidden * 4;
       }});
  add({.name = "naive_mix",
       .description = "mixed = H_res-mixed streams in f32, into the workspace",
       .kernel = "mhc_naive_mix",
       .template_arg = "residual",
       .paths = kBoth,
       .reads = {Tensor::x, Tensor::h_res},
       .writes = {Tensor::x_next},
       .uses_workspace = true,
       .verifiable_alone = false,
       .count = element_count,
       .min_bytes = [](const Problem& p) { return residual_bytes(p) + mixed_bytes(p); }});
  add({.name = "naive_distribute_add",
       .description = "x_next = mixed + h_post * f, one thread per output element",
       .kernel = "mhc_naive_distribute_add",
       .template_arg = "residual",
       .paths = kBoth,
       .reads = {Tensor::f, Tensor::h_post},
       .writes = {Tensor::x_next},
       .uses_workspace = true,
       .verifiable_alone = false,
       .count = element_count,
       .min_bytes = [](const Problem& p) {
         return mixed_bytes(p) + io_bytes(p) + residual_bytes(p);
       }});
  return ops;
}

}  // namespace mhc
