// Forward ops both H paths use: pre-aggregate, the RMSNorm stand-in for F, their fusion, post, and
// the static path's own coefficient step and its fusions with the pre side.
#include <fmt/format.h>

#include "core/launch_geometry.hpp"
#include "ops/point_rules.hpp"
#include "ops/registry.hpp"
#include "ops/template_args.hpp"

namespace mhc {

namespace {

int64_t residual_bytes(const Problem& p) {
  return p.shape.elements() * dtype_bytes(p.residual_dtype);
}
int64_t layer_io_bytes(const Problem& p) {
  return p.shape.tokens * p.shape.hidden * 2;
}  // bf16 x_in / f
int64_t h_rows(const Problem& p) {
  return p.path == HPath::dynamic_h ? p.shape.tokens : 1;
}
int64_t weight_bytes(const Problem& p) {
  return p.shape.hidden * 4;
}  // rms_weight, f32
// h_static in, or h_pre | h_post | h_res out: m floats.
int64_t static_h_bytes(const Problem& p) {
  return mixing_logits(p.shape.streams) * 4;
}

std::string text(int64_t value) {
  return std::to_string(value);
}

// Ops whose block holds `tokens` tokens (pre_aggregate, static_pre_fused, post_mix).
LaunchGeometry tokens_per_block_geometry(const Problem& p, const ParamPoint& q) {
  LaunchGeometry g;
  g.grid[0] = static_cast<uint32_t>(ceil_div(p.shape.tokens, q["tokens"]));
  g.block[0] = static_cast<uint32_t>(q["threads"]);
  return g;
}

// The axes of the kernels that normalise a token's row by a team (common/shared_pre.cuh).
std::vector<ParamAxis> row_norm_axes(int64_t default_threads, int64_t default_vec,
                                     int64_t default_items) {
  return {{"threads", {64, 128, 256, 512, 1024}, default_threads, "threads per block"},
          {"vec", {2, 4, 8}, default_vec, "channels per thread, moved as one packed access"},
          {"items",
           {1, 2, 4},
           default_items,
           "channel groups per thread kept in registers between the two passes"},
          {"mapping", {0, 1}, 0, "0: a block owns a token, 1: a warp owns a token"}};
}

// A block per token, or threads / 32 tokens per block.
LaunchGeometry row_norm_geometry(const Problem& p, const ParamPoint& q) {
  LaunchGeometry g;
  const int64_t tokens_per_block = q["mapping"] == 1 ? q["threads"] / 32 : 1;
  g.grid[0] = static_cast<uint32_t>(ceil_div(p.shape.tokens, tokens_per_block));
  g.block[0] = static_cast<uint32_t>(q["threads"]);
  return g;
}

// The fused kernels also aggregate n streams while items * vec floats stay cached: past a budget
// of 4096 / threads floats (4 at 1024 threads, 16 at 256) ptxas spilled tens of bytes.
std::string fused_row_norm_invalid(const Problem& p, const ParamPoint& q) {
  if (auto reason = vec_divides(p, q); !reason.empty()) return reason;
  const int64_t cached = q["items"] * q["vec"], budget = 4096 / q["threads"];
  if (cached > budget)
    return fmt::format("items*vec = {} cached floats exceed {} per thread at threads={}", cached,
                       budget, q["threads"]);
  return {};
}

std::vector<std::string> row_norm_args(const Problem& p, const ParamPoint& q, bool typed) {
  std::vector<std::string> args;
  if (typed) {
    args.emplace_back(residual_type_name(p));
    args.push_back(text(p.shape.streams));
  }
  for (const char* name : {"threads", "vec", "items", "mapping"}) args.push_back(text(q[name]));
  return args;
}

std::vector<std::string> tokens_kernel_args(const Problem& p, const ParamPoint& q) {
  return {std::string(residual_type_name(p)), text(p.shape.streams), text(q["threads"]),
          text(q["vec"]), text(q["tokens"])};
}

// An op on a token-block kernel <T, N, THREADS, VEC, TOKENS>: a block holds `tokens` tokens.
OpDefinition tokens_op(std::string name, std::string kernel, std::vector<HPath> paths,
                       std::vector<ParamAxis> axes) {
  OpDefinition op;
  op.name = std::move(name);
  op.source = kernel.substr(std::string("mhc_").size()) + ".cu";
  op.paths = std::move(paths);
  op.axes = std::move(axes);
  op.invalid_reason = vec_divides;
  op.kernel_name = [kernel](const Problem& p, const ParamPoint& q) {
    return kernel_instance(kernel, tokens_kernel_args(p, q));
  };
  op.geometry = tokens_per_block_geometry;
  return op;
}

// An op on a row-normalising kernel (common/shared_pre.cuh); a fused one also aggregates the n
// streams, so it takes <T, N, ...> and has a register budget.
OpDefinition row_norm_op(std::string name, std::string kernel, std::vector<HPath> paths,
                         bool fused) {
  OpDefinition op;
  op.name = std::move(name);
  op.source = kernel.substr(std::string("mhc_").size()) + ".cu";
  op.paths = std::move(paths);
  // The default is one NVRTC (CUDA 13) compiles without spills for every n and dtype on sm_80
  // and sm_90a; at 128, 8, 2 or 256, 8, 1 ptxas spilled 4 bytes for some (its occupancy
  // heuristic picks 48-56 registers).
  op.axes = row_norm_axes(256, 4, 2);
  op.invalid_reason = fused ? fused_row_norm_invalid : vec_divides;
  op.kernel_name = [kernel, fused](const Problem& p, const ParamPoint& q) {
    return kernel_instance(kernel, row_norm_args(p, q, fused));
  };
  op.geometry = row_norm_geometry;
  return op;
}

const std::vector<HPath> kBothPaths = {HPath::static_h, HPath::dynamic_h};

OpDefinition post_mix_op() {
  OpDefinition op = tokens_op(
      "post_mix", "mhc_post_mix", kBothPaths,
      {{"threads", {64, 128, 256, 512}, 128, "threads per block"},
       {"vec", {1, 2, 4, 8}, 2, "channels per thread, moved as one packed access"},
       {"tokens", {1, 2, 4}, 1, "tokens per block (amortises staging H in shared memory)"}});
  op.description =
      "x_next = H_res-mixed streams + H_post * f; a thread holds all n streams of VEC channels";
  op.reads = {Tensor::x, Tensor::f, Tensor::h_post, Tensor::h_res};
  op.writes = {Tensor::x_next};
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    if (auto reason = vec_divides(p, q); !reason.empty()) return reason;
    // n streams x vec floats live in registers; past 64 the kernel spills.
    if (p.shape.streams * q["vec"] > 64)
      return fmt::format("n*vec = {} registers of x per thread exceeds 64",
                         p.shape.streams * q["vec"]);
    return {};
  };
  op.min_bytes = [](const Problem& p) {
    const int64_t n = p.shape.streams;
    return 2 * residual_bytes(p) + layer_io_bytes(p) + h_rows(p) * (n * n + n) * 4;
  };
  return op;
}

OpDefinition pre_aggregate_op() {
  OpDefinition op = tokens_op(
      "pre_aggregate", "mhc_pre_aggregate", kBothPaths,
      {{"threads", {64, 128, 256, 512, 1024}, 256, "threads per block"},
       {"vec", {1, 2, 4, 8}, 4, "channels per thread, moved as one packed access"},
       {"tokens", {1, 2, 4, 8}, 1, "tokens per block (keeps threads busy when C is small)"}});
  op.description =
      "x_in = H_pre-weighted sum of the n streams; a thread owns VEC channels of a token";
  op.reads = {Tensor::x, Tensor::h_pre};
  op.writes = {Tensor::x_in};
  op.min_bytes = [](const Problem& p) {
    return residual_bytes(p) + layer_io_bytes(p) + h_rows(p) * p.shape.streams * 4;
  };
  return op;
}

OpDefinition rmsnorm_op() {
  OpDefinition op = row_norm_op("rmsnorm", "mhc_rmsnorm", kBothPaths, false);
  op.description = "f = RMSNorm(x_in) * weight (F's stand-in); a block or a warp owns a token";
  op.reads = {Tensor::x_in, Tensor::rms_weight};
  op.writes = {Tensor::f};
  op.min_bytes = [](const Problem& p) { return 2 * layer_io_bytes(p) + weight_bytes(p); };
  return op;
}

OpDefinition pre_rmsnorm_fused_op() {
  OpDefinition op = row_norm_op("pre_rmsnorm_fused", "mhc_pre_rmsnorm_fused", kBothPaths, true);
  op.description = "x_in and f in one pass: aggregate into registers, reduce, normalise";
  op.reads = {Tensor::x, Tensor::h_pre, Tensor::rms_weight};
  op.writes = {Tensor::x_in, Tensor::f};
  op.min_bytes = [](const Problem& p) {
    return residual_bytes(p) + 2 * layer_io_bytes(p) + weight_bytes(p) +
           h_rows(p) * p.shape.streams * 4;
  };
  return op;
}

OpDefinition static_coefficients_op() {
  OpDefinition op;
  op.name = "static_coefficients";
  op.description =
      "static H from h_static: sigmoids and Sinkhorn in one warp (lane j owns column j)";
  op.source = "static_coefficients.cu";
  op.paths = {HPath::static_h};
  op.reads = {Tensor::h_static};
  op.writes = {Tensor::h_pre, Tensor::h_post, Tensor::h_res};
  op.invalid_reason = [](const Problem&, const ParamPoint&) { return std::string(); };
  op.kernel_name = [](const Problem& p, const ParamPoint&) {
    return kernel_instance("mhc_static_coefficients", {text(p.shape.streams)});
  };
  op.geometry = [](const Problem&, const ParamPoint&) {
    LaunchGeometry g;
    g.block[0] = 32;
    return g;
  };
  op.min_bytes = [](const Problem& p) { return 2 * static_h_bytes(p); };
  return op;
}

OpDefinition static_pre_fused_op() {
  OpDefinition op = tokens_op("static_pre_fused", "mhc_static_pre_fused", {HPath::static_h},
                              pre_aggregate_op().axes);
  op.description =
      "static pre without a coefficient launch: blocks compute H_pre, block 0 writes H";
  op.reads = {Tensor::x, Tensor::h_static};
  op.writes = {Tensor::h_pre, Tensor::h_post, Tensor::h_res, Tensor::x_in};
  op.min_bytes = [](const Problem& p) {
    return residual_bytes(p) + layer_io_bytes(p) + 2 * static_h_bytes(p);
  };
  return op;
}

OpDefinition static_pre_rmsnorm_fused_op() {
  OpDefinition op = row_norm_op("static_pre_rmsnorm_fused", "mhc_static_pre_rmsnorm_fused",
                                {HPath::static_h}, true);
  op.description = "static H, x_in and f in one launch (then only post_mix remains)";
  op.reads = {Tensor::x, Tensor::h_static, Tensor::rms_weight};
  op.writes = {Tensor::h_pre, Tensor::h_post, Tensor::h_res, Tensor::x_in, Tensor::f};
  op.min_bytes = [](const Problem& p) {
    return residual_bytes(p) + 2 * layer_io_bytes(p) + weight_bytes(p) + 2 * static_h_bytes(p);
  };
  return op;
}

}  // namespace

std::vector<OpDefinition> shared_forward_ops() {
  return {
      pre_aggregate_op(),       rmsnorm_op(),          pre_rmsnorm_fused_op(),       post_mix_op(),
      static_coefficients_op(), static_pre_fused_op(), static_pre_rmsnorm_fused_op()};
}

}  // namespace mhc
