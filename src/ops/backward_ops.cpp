// Backward ops of both H paths (issue #5): the fused decompositions (bwd_token_*, the coefficient
// backward, the dynamic projection's d_x and d_phi) and the second pass of the deterministic token
// sums. The naive baseline's one-kernel-per-step ops are in naive_backward_ops.cpp.
//
// Who writes d_x: exactly one op per fused pipeline writes the whole d_x (bwd_token_static on the
// static path, bwd_dyn_dx on the dynamic path), so every fused op is verified alone against the
// reference's total. Only the naive baseline accumulates into d_x over several kernels
// (bwd_naive_post_dx writes, the later d_x steps read and add); those are verified in the pipeline.
//
// Token sums (the static H gradients, d_rms_weight, d_alpha, d_bias, d_phi) come in two variants:
// atomics into the output (the op clears it first; not bit-reproducible, deterministic = false),
// or one partial row per block in the workspace, summed by a bwd_reduce_* op (deterministic).
// The ops of a pipeline share one workspace (its size is the largest op's workspace_bytes): a
// producer's partial rows are read by the reduce op that follows it, and the naive ops pass their
// intermediates through a fixed layout (naive_backward_ops.cpp).
#include <fmt/format.h>

#include <algorithm>

#include "core/launch_geometry.hpp"
#include "ops/backward_op.hpp"
#include "ops/registry.hpp"
#include "ops/template_args.hpp"

namespace mhc {

namespace {

using namespace bwd;
using Tensors = std::vector<Tensor>;
using T = Tensor;

constexpr int64_t kSharedLimit = 48 * 1024;   // static + dynamic shared memory without opt-in
constexpr int64_t kPartialsHeaderBytes = 64;  // kernels/common/bwd_reduce.cuh

int64_t h_bytes(const Problem& p) {
  return h_rows(p) * m_of(p) * 4;
}  // H_pre, H_post, H_res rows

int64_t token_grid(const Problem& p, const ParamPoint& q) {
  return std::min(p.shape.tokens, q["blocks"]);
}
int64_t token_partial_width(const Problem& p) {
  const int64_t n = n_of(p);
  return (p.path == HPath::static_h ? 2 * n + n * n : 0) + p.shape.hidden;
}

OpDefinition token_op(HPath path, bool atomic) {
  const bool is_static = path == HPath::static_h;
  OpDefinition op = backward_op(
      fmt::format("bwd_token_{}{}", is_static ? "static" : "dyn", atomic ? "_atomic" : ""),
      "bwd_token.cu", {path});
  op.description = fmt::format(
      "post + RMSNorm + pre backward per token{}: rows of n x n dot products from shared-memory "
      "tiles; token sums ({}) {}",
      is_static ? " and the whole d_x" : "",
      is_static ? "H gradients, d_rms_weight" : "d_rms_weight",
      atomic ? "by atomics (not bit-reproducible)" : "as per-block partial rows (deterministic)");
  op.axes = {
      {"threads", {128, 256, 512}, 256, "threads per block: n rows of threads/n lanes"},
      {"tile", {32, 64, 128}, 64, "channels of all n streams staged in shared memory per step"},
      {"blocks",
       {128, 256, 512, 1024, 2048, 8192},
       512,
       "blocks at most; each strides over tokens (= partial rows of the token sums)"}};
  op.reads = {T::x, T::d_x_next, T::f, T::x_in, T::rms_weight, T::h_pre, T::h_post, T::h_res};
  op.writes = is_static ? Tensors{T::d_f, T::d_x_in, T::d_x}
                        : Tensors{T::d_f, T::d_x_in, T::d_h_post, T::d_h_res, T::d_h_pre};
  if (atomic) {
    op.zero_before = is_static ? Tensors{T::d_h_post, T::d_h_res, T::d_h_pre, T::d_rms_weight}
                               : Tensors{T::d_rms_weight};
    for (const auto t : op.zero_before)
      if (std::find(op.writes.begin(), op.writes.end(), t) == op.writes.end())
        op.writes.push_back(t);
  }
  op.deterministic = !atomic;
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    if (n_of(p) * q["tile"] > 2048)
      return fmt::format(
          "n*tile = {} floats per staged tile exceeds 2048 (two tiles must fit in 48 KB)",
          n_of(p) * q["tile"]);
    return {};
  };
  op.kernel_name = [is_static, atomic](const Problem& p, const ParamPoint& q) {
    return kernel_instance("mhc_bwd_token",
                           {std::string(residual_type_name(p)), num(n_of(p)), num(q["threads"]),
                            num(q["tile"]), flag(is_static), flag(atomic)});
  };
  op.geometry = [](const Problem& p, const ParamPoint& q) {
    LaunchGeometry g;
    g.grid[0] = u32(token_grid(p, q));
    g.block[0] = u32(q["threads"]);
    return g;
  };
  if (!atomic)
    op.workspace_bytes = [](const Problem& p, const ParamPoint& q) {
      return kPartialsHeaderBytes + token_grid(p, q) * token_partial_width(p) * 4;
    };
  op.min_bytes = [is_static](const Problem& p) {
    const int64_t h_grads = h_rows(p) * m_of(p) * 4;
    return 2 * residual_bytes(p) + channel_bytes(p, 2 + 2) + p.shape.hidden * 8 + h_bytes(p) +
           channel_bytes(p, 4 + 4) + h_grads + (is_static ? residual_bytes(p) : 0);
  };
  return op;
}

// The second pass of the deterministic token sums; reads the partial rows its producer left.
OpDefinition reduce_op(std::string name, HPath path, Tensors writes, std::string producer,
                       std::function<int64_t(const Problem&)> width) {
  OpDefinition op = backward_op(std::move(name), "bwd_reduce_partials.cu", {path});
  op.description = fmt::format(
      "sums the per-block partial rows of {} in a fixed order (deterministic token sums)",
      producer);
  op.axes = {
      {"row_groups", {4, 8, 16}, 8, "threads adding a column's rows (block: 32 columns x this)"}};
  op.writes = std::move(writes);
  op.verifiable_alone = false;  // its input is another op's workspace
  const int64_t segments = static_cast<int64_t>(op.writes.size());  // one per target tensor
  op.kernel_name = [segments](const Problem&, const ParamPoint& q) {
    return kernel_instance("mhc_bwd_reduce_partials", {num(segments), num(q["row_groups"])});
  };
  op.geometry = [width](const Problem& p, const ParamPoint& q) {
    LaunchGeometry g;
    g.grid[0] = u32(ceil_div(width(p), 32));
    g.block[0] = 32;
    g.block[1] = u32(q["row_groups"]);
    return g;
  };
  op.min_bytes = [width](const Problem& p) { return 2 * width(p) * 4; };
  return op;
}

int64_t coefficient_tokens_per_block(const Problem& p, const ParamPoint& q) {
  return q["threads"] / n_of(p);
}
int64_t dyn_coefficient_grid(const Problem& p, const ParamPoint& q) {
  return ceil_div(p.shape.tokens, coefficient_tokens_per_block(p, q));
}
int64_t dyn_coefficient_dynamic_shared(const Problem& p, const ParamPoint& q) {
  return q["iterates"] == 1 ? 0 : q["threads"] * sinkhorn_slots(p) * 4;
}
int64_t dyn_coefficient_shared(const Problem& p, const ParamPoint& q) {
  return coefficient_tokens_per_block(p, q) * (m_of(p) + 3) * 4 +
         dyn_coefficient_dynamic_shared(p, q);
}

const ParamAxis kIteratesAxis{"iterates",
                              {0, 1},
                              0,
                              "Sinkhorn iterates for the backward: 0 recomputed from the logits "
                              "(only line sums kept), 1 stored in the workspace"};

OpDefinition dyn_coefficients_op(bool atomic) {
  OpDefinition op = backward_op(atomic ? "bwd_dyn_coefficients_atomic" : "bwd_dyn_coefficients",
                                "bwd_dyn_coefficients.cu", {HPath::dynamic_h});
  op.description = fmt::format(
      "sigmoid and Sinkhorn backward per token (n lanes, lane r owns row r), then d_proj, d_sumsq; "
      "d_alpha, d_bias {}",
      atomic ? "by atomics (not bit-reproducible)" : "as per-block partial rows (deterministic)");
  op.axes = {{"threads", {32, 64, 128, 256}, 128, "threads per block (threads/n tokens)"},
             kIteratesAxis};
  op.reads = {T::proj, T::sumsq, T::alpha, T::bias, T::d_h_pre, T::d_h_post, T::d_h_res};
  op.writes = {T::d_proj, T::d_sumsq};
  if (atomic) {
    op.zero_before = {T::d_alpha, T::d_bias};
    op.writes.insert(op.writes.end(), {T::d_alpha, T::d_bias});
  }
  op.deterministic = !atomic;
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    if (q["threads"] < n_of(p)) return fmt::format("threads={} < n={}", q["threads"], n_of(p));
    if (dyn_coefficient_shared(p, q) > kSharedLimit)
      return fmt::format(
          "{} bytes of shared memory (token sums and Sinkhorn line sums) exceed 48 KB",
          dyn_coefficient_shared(p, q));
    return {};
  };
  op.kernel_name = [atomic](const Problem& p, const ParamPoint& q) {
    return kernel_instance("mhc_bwd_dyn_coefficients", {num(n_of(p)), num(q["threads"]),
                                                        flag(q["iterates"] == 1), flag(atomic)});
  };
  op.geometry = [](const Problem& p, const ParamPoint& q) {
    LaunchGeometry g;
    g.grid[0] = u32(dyn_coefficient_grid(p, q));
    g.block[0] = u32(q["threads"]);
    g.shared_bytes = u32(dyn_coefficient_dynamic_shared(p, q));
    return g;
  };
  op.workspace_bytes = [](const Problem& p, const ParamPoint& q) {
    const int64_t partial_floats = ceil_div(dyn_coefficient_grid(p, q) * (m_of(p) + 3), 4) * 4;
    const int64_t iterates =
        q["iterates"] == 1 ? p.shape.tokens * sinkhorn_slots(p) * n_of(p) * n_of(p) : 0;
    return kPartialsHeaderBytes + (partial_floats + iterates) * 4;
  };
  op.min_bytes = [](const Problem& p) { return p.shape.tokens * (3 * m_of(p) + 2) * 4; };
  return op;
}

OpDefinition static_coefficients_op() {
  OpDefinition op =
      backward_op("bwd_static_coefficients", "bwd_static_coefficients.cu", {HPath::static_h});
  op.description =
      "sigmoid and Sinkhorn backward of the one static H row by one warp (lane r owns row r)";
  op.axes = {kIteratesAxis};
  op.reads = {T::h_static, T::d_h_pre, T::d_h_post, T::d_h_res};
  op.writes = {T::d_h_static};
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    if (q["iterates"] == 0 && 32 * sinkhorn_slots(p) * 4 > kSharedLimit)
      return fmt::format("t_max={}: the line sums exceed 48 KB of shared memory",
                         p.constants.sinkhorn_iters);
    return {};
  };
  op.kernel_name = [](const Problem& p, const ParamPoint& q) {
    return kernel_instance("mhc_bwd_static_coefficients", {num(n_of(p)), flag(q["iterates"] == 1)});
  };
  op.geometry = [](const Problem& p, const ParamPoint& q) {
    LaunchGeometry g;
    g.block[0] = 32;
    g.shared_bytes = q["iterates"] == 1 ? 0 : u32(32 * sinkhorn_slots(p) * 4);
    return g;
  };
  op.workspace_bytes = [](const Problem& p, const ParamPoint& q) {
    return q["iterates"] == 1 ? sinkhorn_slots(p) * n_of(p) * n_of(p) * 4 : int64_t{0};
  };
  op.min_bytes = [](const Problem& p) { return 3 * m_of(p) * 4; };
  return op;
}

int64_t dx_threads(const ParamPoint& q) {
  return (q["token_tile"] / q["tm"]) * (q["k_tile"] / 4);
}

OpDefinition dyn_dx_op() {
  OpDefinition op = backward_op("bwd_dyn_dx", "bwd_dyn_dx.cu", {HPath::dynamic_h});
  op.description =
      "the whole dynamic d_x: d_proj @ phi^T as a register-tiled GEMM over all n streams of a "
      "channel tile, plus the post, pre and RMS parts in the epilogue";
  op.axes = {
      {"token_tile", {16, 32, 64, 128}, 32, "tokens per block"},
      {"k_tile", {64, 128, 256}, 128, "residual columns per block (k_tile/n channels x n streams)"},
      {"tm", {2, 4, 8}, 4, "tokens per thread (each thread owns tm x 4 outputs)"}};
  op.reads = {T::x, T::d_x_next, T::h_res, T::h_pre, T::d_x_in, T::d_sumsq, T::d_proj, T::phi};
  op.writes = {T::d_x};
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    const int64_t n = n_of(p), kt = q["k_tile"];
    if (kt % n != 0 || (kt / n) % 4 != 0)
      return fmt::format("k_tile={} is not n={} streams x a multiple of 4 channels", kt, n);
    if (dx_threads(q) < 64 || dx_threads(q) > 512)
      return fmt::format("{} threads per block (outside 64..512)", dx_threads(q));
    if (ceil_div(p.shape.tokens, q["token_tile"]) > 65535)
      return fmt::format("B={} needs more than 65535 token tiles", p.shape.tokens);
    return {};
  };
  op.kernel_name = [](const Problem& p, const ParamPoint& q) {
    return kernel_instance("mhc_bwd_dyn_dx",
                           {std::string(residual_type_name(p)), num(n_of(p)), num(q["token_tile"]),
                            num(q["k_tile"]), num(q["tm"])});
  };
  op.geometry = [](const Problem& p, const ParamPoint& q) {
    LaunchGeometry g;
    g.grid[0] = u32(ceil_div(p.shape.hidden, q["k_tile"] / n_of(p)));
    g.grid[1] = u32(ceil_div(p.shape.tokens, q["token_tile"]));
    g.block[0] = u32(dx_threads(q));
    return g;
  };
  op.min_bytes = [](const Problem& p) {
    return 3 * residual_bytes(p) + channel_bytes(p, 4) +
           p.shape.streams * p.shape.hidden * m_of(p) * 4 + p.shape.tokens * (m_of(p) + 1) * 4 +
           h_bytes(p);
  };
  return op;
}

int64_t dphi_threads(const ParamPoint& q) {
  return (q["k_tile"] / q["tk"]) * (q["q_tile"] / 4);
}

OpDefinition dyn_dphi_op(bool atomic) {
  OpDefinition op = backward_op(atomic ? "bwd_dyn_dphi_atomic" : "bwd_dyn_dphi", "bwd_dyn_dphi.cu",
                                {HPath::dynamic_h});
  op.description =
      fmt::format("d_phi = x^T d_proj, a tall-skinny GEMM tiled over the nC x m output; {}",
                  atomic ? "tokens split over grid.z and added by atomics (not bit-reproducible)"
                         : "each block sums all tokens in order (deterministic)");
  op.axes = {{"k_tile", {32, 64, 128}, 64, "rows of d_phi (residual columns) per block"},
             {"q_tile", {8, 16, 32, 64, 128}, 32, "columns of d_phi (logits) per block"},
             {"tk", {2, 4, 8}, 4, "rows per thread (each thread owns tk x 4 outputs)"}};
  if (atomic) op.axes.push_back({"splits", {2, 4, 8, 16}, 4, "token splits (grid.z)"});
  op.reads = {T::x, T::d_proj};
  op.writes = {T::d_phi};
  if (atomic) op.zero_before = {T::d_phi};
  op.deterministic = !atomic;
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    if (dphi_threads(q) < 64 || dphi_threads(q) > 512)
      return fmt::format("{} threads per block (outside 64..512)", dphi_threads(q));
    if (ceil_div(m_of(p), q["q_tile"]) > 65535 || p.shape.tokens >= (int64_t{1} << 31))
      return "grid too large";
    return {};
  };
  op.kernel_name = [atomic](const Problem& p, const ParamPoint& q) {
    return kernel_instance("mhc_bwd_dyn_dphi",
                           {std::string(residual_type_name(p)), num(n_of(p)), num(q["k_tile"]),
                            num(q["q_tile"]), num(q["tk"]), flag(atomic)});
  };
  op.geometry = [atomic](const Problem& p, const ParamPoint& q) {
    LaunchGeometry g;
    g.grid[0] = u32(ceil_div(p.shape.streams * p.shape.hidden, q["k_tile"]));
    g.grid[1] = u32(ceil_div(m_of(p), q["q_tile"]));
    g.grid[2] = atomic ? u32(std::min(q["splits"], p.shape.tokens)) : 1;  // no empty splits
    g.block[0] = u32(dphi_threads(q));
    return g;
  };
  op.min_bytes = [](const Problem& p) {
    return residual_bytes(p) + p.shape.tokens * m_of(p) * 4 +
           p.shape.streams * p.shape.hidden * m_of(p) * 4;
  };
  return op;
}

}  // namespace

std::vector<OpDefinition> backward_ops() {
  std::vector<OpDefinition> ops;
  for (const auto path : {HPath::dynamic_h, HPath::static_h})
    for (const bool atomic : {false, true}) ops.push_back(token_op(path, atomic));
  ops.push_back(reduce_op("bwd_reduce_static", HPath::static_h,
                          {T::d_h_post, T::d_h_res, T::d_h_pre, T::d_rms_weight},
                          "bwd_token_static", token_partial_width));
  ops.push_back(reduce_op("bwd_reduce_rms_weight", HPath::dynamic_h, {T::d_rms_weight},
                          "bwd_token_dyn", token_partial_width));
  ops.push_back(reduce_op("bwd_reduce_dyn_coefficients", HPath::dynamic_h, {T::d_alpha, T::d_bias},
                          "bwd_dyn_coefficients", [](const Problem& p) { return m_of(p) + 3; }));
  ops.push_back(dyn_coefficients_op(false));
  ops.push_back(dyn_coefficients_op(true));
  ops.push_back(static_coefficients_op());
  ops.push_back(dyn_dx_op());
  ops.push_back(dyn_dphi_op(false));
  ops.push_back(dyn_dphi_op(true));
  return ops;
}

}  // namespace mhc
