// Forward ops of the dynamic H path: projection with the sum of squares (CUDA cores, tensor cores,
// split-K into the workspace), coefficients, and the fused pre steps.
//
// The shared-memory and register figures below mirror the kernels' compile-time layouts
// (kernels/common/dyn_core_projection.cuh, dyn_tf32_projection.cuh, and the kernels' own arrays):
// change one, change the other. The register estimates are fitted to ptxas -v for sm_80 and sm_90a
// so that no valid point spills.
#include <fmt/format.h>

#include <algorithm>

#include "core/launch_geometry.hpp"
#include "ops/point_rules.hpp"
#include "ops/registry.hpp"
#include "ops/template_args.hpp"

namespace mhc {

namespace {

constexpr int64_t kStaticSharedLimit =
    48 * 1024;  // static __shared__ (and, here, static + dynamic)

int64_t residual_size(const Problem& p) {
  return dtype_bytes(p.residual_dtype);
}
int64_t streams(const Problem& p) {
  return p.shape.streams;
}
int64_t logits(const Problem& p) {
  return mixing_logits(p.shape.streams);
}
int64_t depth(const Problem& p) {
  return p.shape.streams * p.shape.hidden;
}  // K = n*C

// Registers a thread may use when THREADS share an SM's 64K (and ptxas's cap of 255).
int64_t register_budget(int64_t threads) {
  return std::min<int64_t>(255, 65536 / threads);
}

// Bytes every projection moves: x once, phi once, proj and sumsq written.
int64_t projection_bytes(const Problem& p) {
  const int64_t B = p.shape.tokens, m = logits(p);
  return B * depth(p) * residual_size(p) + depth(p) * m * 4 + B * (m + 1) * 4;
}
// Coefficients: h_pre, h_post, h_res written per token (alpha and bias are noise).
int64_t coefficient_write_bytes(const Problem& p) {
  return p.shape.tokens * logits(p) * 4;
}
int64_t x_in_bytes(const Problem& p) {
  return p.shape.tokens * p.shape.hidden * 2;
}

std::string type_arg(const Problem& p) {
  return std::string(residual_type_name(p));
}
std::string arg(int64_t v) {
  return std::to_string(v);
}

// ---- Layouts mirrored from the kernels --------------------------------------------------------

// CoreProjection<T, N, THREADS, VEC, TOKENS, CPT> (kernels/common/dyn_core_projection.cuh).
struct CoreTileLayout {
  int64_t m = 0, threads = 0, vec = 0, tokens = 0, cols = 0, value_bytes = 0;
  int64_t per_pass = 0;  // P: columns per pass, min(m, threads)
  int64_t lanes = 0;     // KL: k-lanes, threads / P
  int64_t chunk = 0;     // KC: k staged per chunk, threads * vec

  int64_t passes_needed() const { return ceil_div(m, per_pass); }
  int64_t lane_reduce_bytes() const { return lanes > 1 ? tokens * threads * 4 : 0; }
  int64_t shared_bytes() const {  // the chunk buffer, which the k-lane reduction reuses
    return std::max(tokens * chunk * value_bytes, lane_reduce_bytes());
  }
  int64_t sumsq_part_bytes() const { return threads / 32 * tokens * 4; }
  // Accumulators, squares, staged values (ptxas hoists every token's packet), phi values, and ~40
  // for addresses and loop state. A floor, not a prediction: with __launch_bounds__(T, 1) ptxas
  // spends what it may; checked against ptxas -v (sm_80, sm_90a) over a sample of the spaces.
  int64_t estimated_registers() const { return tokens * (cols + 1) + tokens * vec + 4 * cols + 40; }
};

CoreTileLayout core_tile_layout(const Problem& p, int64_t threads, int64_t vec, int64_t tokens,
                                int64_t cols) {
  CoreTileLayout t;
  t.m = logits(p);
  t.threads = threads;
  t.vec = vec;
  t.tokens = tokens;
  t.cols = cols;
  t.value_bytes = residual_size(p);
  t.per_pass = std::min(t.m, threads);
  t.lanes = threads / t.per_pass;
  t.chunk = threads * vec;
  return t;
}

// mhc_dyn_fused_pre<T, N, THREADS, VEC, TOKENS, HOLD> (kernels/dyn_fused_pre.cu).
struct FusedPreLayout {
  CoreTileLayout tile;  // cols = every pass: the block owns whole tokens
  int64_t streams = 0, hold = 0, depth = 0;
  int64_t static_bytes() const {
    const int64_t tile_bytes =
        hold ? std::max<int64_t>(tile.lane_reduce_bytes(), 16) : tile.shared_bytes();
    return tile_bytes + tile.sumsq_part_bytes() + tile.tokens * (tile.m + 1 + streams) * 4;
  }
  int64_t dynamic_bytes() const { return hold ? tile.tokens * depth * tile.value_bytes : 0; }
};

FusedPreLayout fused_pre_layout(const Problem& p, int64_t threads, int64_t vec, int64_t tokens,
                                int64_t hold) {
  FusedPreLayout f;
  f.tile = core_tile_layout(p, threads, vec, tokens, 1);
  f.tile.cols = f.tile.passes_needed();
  f.streams = streams(p);
  f.hold = hold;
  f.depth = depth(p);
  return f;
}

// Tf32Projection<T, N, MT, NT, WN, WK> (kernels/common/dyn_tf32_projection.cuh).
struct Tf32TileLayout {
  int64_t m = 0, m_tiles = 0, n_tiles = 0, warps_k = 0;
  int64_t threads = 0, block_tokens = 0, block_cols = 0, chunk = 0;
  int64_t vec = 0;    // x values per 16-byte load
  int64_t loads = 0;  // staged packets per thread per chunk
  int64_t shared_bytes() const {
    const int64_t row_packets = chunk / vec, seg = std::min<int64_t>(row_packets, 32);
    const int64_t red_stride = (block_cols + 23) / 32 * 32 + 8;
    const int64_t tile =
        std::max(block_tokens * (chunk + 4), warps_k > 1 ? block_tokens * red_stride : 0);
    return 4 * (tile + block_tokens * (row_packets / seg));
  }
  // Accumulators, A and B fragments, staged packets and their squares, ~40 for the rest (a floor
  // checked against ptxas -v, as above).
  int64_t estimated_registers() const {
    return m_tiles * n_tiles * 4 + m_tiles * 4 + n_tiles * 2 + loads * (vec + 1) + 40;
  }
};

Tf32TileLayout tf32_tile_layout(const Problem& p, int64_t m_tiles, int64_t n_tiles, int64_t warps_n,
                                int64_t warps_k) {
  Tf32TileLayout t;
  t.m = logits(p);
  t.m_tiles = m_tiles;
  t.n_tiles = n_tiles;
  t.warps_k = warps_k;
  t.threads = 32 * warps_n * warps_k;
  t.block_tokens = 16 * m_tiles;
  t.block_cols = 8 * n_tiles * warps_n;
  t.chunk = 32 * warps_k;
  t.vec = 16 / residual_size(p);
  t.loads = ceil_div(t.block_tokens * (t.chunk / t.vec), t.threads);
  return t;
}

// [int splits, 3 ints padding][splits][B][m + 1] floats (kernels/dyn_projection_splitk.cu).
int64_t splitk_workspace_bytes(const Problem& p, int64_t splits) {
  return 16 + splits * p.shape.tokens * (logits(p) + 1) * 4;
}

// proj_s, sumsq_s, hpre_s of mhc_dyn_splitk_coeff_pre.
int64_t splitk_coeff_pre_shared_bytes(const Problem& p, int64_t tokens) {
  return tokens * (logits(p) + 1 + streams(p)) * 4;
}

// ---- dyn_projection (CUDA cores) -------------------------------------------------------------

std::string core_registers_reason(const CoreTileLayout& t, int64_t threads) {
  if (t.tokens * t.cols > 64)
    return fmt::format("tokens*cols = {} accumulators per thread exceeds 64", t.tokens * t.cols);
  // ptxas keeps all of a chunk's staged values live; 128 (32 tokens x 4) spilled at 255 registers.
  if (t.tokens * t.vec > 64)
    return fmt::format("tokens*vec = {} staged values per thread exceeds 64", t.tokens * t.vec);
  // 512 threads leave 128 registers: every 16-token point reached them and one spilled.
  if (threads >= 512 && t.tokens > 8)
    return fmt::format("tokens={} with {} threads: over the 128-register cap", t.tokens, threads);
  const int64_t need = t.estimated_registers(), budget = register_budget(threads);
  if (need > budget)
    return fmt::format("~{} registers per thread exceed {} for {} threads", need, budget, threads);
  return {};
}

// Both CUDA-core engine kernels take <T, N, THREADS, VEC, TOKENS, last>: CPT or HOLD.
std::function<std::string(const Problem&, const ParamPoint&)> core_kernel_name(
    std::string kernel, std::string last_axis) {
  return [kernel, last_axis](const Problem& p, const ParamPoint& q) {
    return kernel_instance(kernel, {type_arg(p), arg(streams(p)), arg(q["threads"]), arg(q["vec"]),
                                    arg(q["tokens"]), arg(q[last_axis])});
  };
}

OpDefinition projection_op() {
  OpDefinition op;
  op.name = "dyn_projection";
  op.description =
      "proj = x @ phi and sumsq on CUDA cores; a thread per column, x staged per chunk, phi reused "
      "across the block's tokens, optional split-K with atomics";
  op.source = "dyn_projection.cu";
  op.paths = {HPath::dynamic_h};
  op.axes = {
      {"threads", {64, 128, 256, 512}, 256, "threads per block (one column each per pass)"},
      {"vec", {1, 2, 4, 8}, 4, "x values per packed load while staging"},
      {"tokens", {1, 2, 4, 8, 16, 32}, 4, "tokens per block (each phi load used this often)"},
      {"cols", {1, 2, 4, 8}, 1, "column passes per block (m > threads); grid.z covers the rest"},
      {"split_k", {1, 2, 4, 8, 16, 32}, 1, "blocks splitting K = n*C (atomicAdd when > 1)"}};
  op.reads = {Tensor::x, Tensor::phi};
  op.writes = {Tensor::proj, Tensor::sumsq};
  op.zero_before = {Tensor::proj, Tensor::sumsq};
  op.deterministic = false;  // split_k > 1 adds partial sums in arrival order
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    const CoreTileLayout t = core_tile_layout(p, q["threads"], q["vec"], q["tokens"], q["cols"]);
    if (auto reason = vec_divides(p, q); !reason.empty()) return reason;
    if (q["cols"] > t.passes_needed())
      return fmt::format("cols={} passes but {} columns need {} of {}", q["cols"], t.m,
                         t.passes_needed(), t.per_pass);
    if (auto reason = core_registers_reason(t, q["threads"]); !reason.empty()) return reason;
    const int64_t shared = t.shared_bytes() + t.sumsq_part_bytes();
    if (shared > kStaticSharedLimit)
      return fmt::format("{} bytes of shared memory exceed {}", shared, kStaticSharedLimit);
    const int64_t chunks = ceil_div(depth(p), t.chunk);
    if (q["split_k"] > chunks)
      return fmt::format("split_k={} exceeds the {} chunks of K={}", q["split_k"], chunks,
                         depth(p));
    return {};
  };
  op.kernel_name = core_kernel_name("mhc_dyn_projection", "cols");
  op.geometry = [](const Problem& p, const ParamPoint& q) {
    const CoreTileLayout t = core_tile_layout(p, q["threads"], q["vec"], q["tokens"], q["cols"]);
    LaunchGeometry g;
    g.grid[0] = static_cast<uint32_t>(ceil_div(p.shape.tokens, q["tokens"]));
    g.grid[1] = static_cast<uint32_t>(q["split_k"]);
    g.grid[2] = static_cast<uint32_t>(ceil_div(t.m, t.per_pass * q["cols"]));
    g.block[0] = static_cast<uint32_t>(q["threads"]);
    return g;
  };
  op.min_bytes = projection_bytes;
  return op;
}

// ---- dyn_projection_mma / dyn_projection_splitk (tf32 tensor cores) --------------------------

std::vector<ParamAxis> mma_axes() {
  return {{"m_tiles", {1, 2, 4}, 1, "16-token m-tiles per warp (tokens per block = 16 * m_tiles)"},
          {"n_tiles", {1, 2, 3, 4, 8}, 3, "8-column n-tiles per warp"},
          {"warps_n", {1, 2, 4}, 1, "warps across columns, sharing the staged x tile"},
          {"warps_k", {1, 2, 4, 8}, 4, "warps splitting each chunk's K (chunk = 32 * warps_k)"},
          {"split_k", {1, 2, 4, 8, 16, 32}, 1, "blocks splitting K = n*C"}};
}

Tf32TileLayout mma_layout(const Problem& p, const ParamPoint& q) {
  return tf32_tile_layout(p, q["m_tiles"], q["n_tiles"], q["warps_n"], q["warps_k"]);
}

std::string mma_invalid_reason(const Problem& p, const ParamPoint& q) {
  const Tf32TileLayout t = mma_layout(p, q);
  // The sum of squares of block row r is finished by thread r (Tf32Projection::reduce_sumsq).
  if (t.block_tokens > t.threads)
    return fmt::format(
        "16*m_tiles = {} tokens per block exceed its {} threads (one per row's sum "
        "of squares)",
        t.block_tokens, t.threads);
  if (q["n_tiles"] * q["warps_n"] > t.m / 8)
    return fmt::format("n_tiles*warps_n = {} exceeds the {} n-tiles of m = {}",
                       q["n_tiles"] * q["warps_n"], t.m / 8, t.m);
  if (q["m_tiles"] * q["n_tiles"] > 16)
    return fmt::format("m_tiles*n_tiles*4 = {} accumulators per thread exceed 64",
                       q["m_tiles"] * q["n_tiles"] * 4);
  const int64_t need = t.estimated_registers(), budget = register_budget(t.threads);
  if (need > budget)
    return fmt::format("~{} registers per thread exceed {} for {} threads", need, budget,
                       t.threads);
  if (t.shared_bytes() > kStaticSharedLimit)
    return fmt::format("{} bytes of shared memory exceed {}", t.shared_bytes(), kStaticSharedLimit);
  const int64_t chunks = ceil_div(depth(p), t.chunk);
  if (q["split_k"] > chunks)
    return fmt::format("split_k={} exceeds the {} chunks of K={}", q["split_k"], chunks, depth(p));
  return {};
}

LaunchGeometry mma_geometry(const Problem& p, const ParamPoint& q) {
  const Tf32TileLayout t = mma_layout(p, q);
  LaunchGeometry g;
  g.grid[0] = static_cast<uint32_t>(ceil_div(p.shape.tokens, t.block_tokens));
  g.grid[1] = static_cast<uint32_t>(q["split_k"]);
  g.grid[2] = static_cast<uint32_t>(ceil_div(t.m, t.block_cols));
  g.block[0] = static_cast<uint32_t>(t.threads);
  return g;
}

std::function<std::string(const Problem&, const ParamPoint&)> mma_kernel_name(std::string kernel) {
  return [kernel](const Problem& p, const ParamPoint& q) {
    return kernel_instance(kernel, {type_arg(p), arg(streams(p)), arg(q["m_tiles"]),
                                    arg(q["n_tiles"]), arg(q["warps_n"]), arg(q["warps_k"])});
  };
}

// What the two tf32 ops share: the engine (common/dyn_tf32_projection.cuh), so its axes, rules,
// grid and template arguments. They differ in where the sums go.
OpDefinition tf32_projection_op(std::string name, std::string kernel) {
  OpDefinition op;
  op.name = std::move(name);
  op.source = kernel.substr(std::string("mhc_").size()) + ".cu";
  op.paths = {HPath::dynamic_h};
  op.axes = mma_axes();
  op.reads = {Tensor::x, Tensor::phi};
  op.writes = {Tensor::proj, Tensor::sumsq};
  op.math = MathPrecision::tf32;
  op.invalid_reason = mma_invalid_reason;
  op.kernel_name = mma_kernel_name(std::move(kernel));
  op.geometry = mma_geometry;
  // The splitk op writes its partials once: the roofline counts the projection's own floor.
  op.min_bytes = projection_bytes;
  return op;
}

OpDefinition projection_mma_op() {
  OpDefinition op = tf32_projection_op("dyn_projection_mma", "mhc_dyn_projection_mma");
  op.description =
      "proj = x @ phi on tf32 tensor cores (mma.sync m16n8k8, tokens as M), sumsq on CUDA cores in "
      "the same pass; optional split-K with atomics";
  op.zero_before = {Tensor::proj, Tensor::sumsq};
  op.deterministic = false;
  return op;
}

OpDefinition projection_splitk_op() {
  OpDefinition op = tf32_projection_op("dyn_projection_splitk", "mhc_dyn_projection_splitk");
  op.description =
      "production projection (DeepGEMM tf32_hc_prenorm_gemm): per-split partial proj and sumsq "
      "into the workspace, no atomics; dyn_splitk_coeff_pre reduces them";
  // Its output is proj and sumsq split into partial sums in the workspace; the tensors themselves
  // are written by dyn_splitk_coeff_pre, so the op is verified only inside a pipeline.
  op.verifiable_alone = false;
  op.workspace_bytes = [](const Problem& p, const ParamPoint& q) {
    return splitk_workspace_bytes(p, q["split_k"]);
  };
  return op;
}

// ---- dyn_coefficients ------------------------------------------------------------------------

OpDefinition coefficients_op() {
  OpDefinition op;
  op.name = "dyn_coefficients";
  op.description =
      "h_pre, h_post, h_res from proj and sumsq (sigmoids, Sinkhorn in registers); a thread, a "
      "warp, or n lanes per token";
  op.source = "dyn_coefficients.cu";
  op.paths = {HPath::dynamic_h};
  op.axes = {{"mapping",
              {0, 1, 2},
              1,
              "0: thread per token (n <= 8), 1: warp per token, 2: n lanes per token (n <= 16)"},
             {"threads", {32, 64, 128, 256}, 128, "threads per block"}};
  op.reads = {Tensor::proj, Tensor::sumsq, Tensor::alpha, Tensor::bias};
  op.writes = {Tensor::h_pre, Tensor::h_post, Tensor::h_res};
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    const int64_t n = streams(p);
    if (q["mapping"] == 0 && n > 8)
      return fmt::format("a thread per token would hold n*n = {} floats", n * n);
    if (q["mapping"] == 2 && n > 16) return "n = 32 lanes per token is mapping 1";
    return {};
  };
  op.kernel_name = [](const Problem& p, const ParamPoint& q) {
    return kernel_instance("mhc_dyn_coefficients",
                           {arg(streams(p)), arg(q["mapping"]), arg(q["threads"])});
  };
  op.geometry = [](const Problem& p, const ParamPoint& q) {
    const int64_t threads = q["threads"];
    const int64_t per_block = q["mapping"] == 0   ? threads
                              : q["mapping"] == 1 ? threads / 32
                                                  : threads / streams(p);
    LaunchGeometry g;
    g.grid[0] = static_cast<uint32_t>(ceil_div(p.shape.tokens, per_block));
    g.block[0] = static_cast<uint32_t>(threads);
    return g;
  };
  op.min_bytes = [](const Problem& p) {
    return p.shape.tokens * (logits(p) + 1) * 4 + coefficient_write_bytes(p);
  };
  return op;
}

// ---- dyn_fused_pre ---------------------------------------------------------------------------

std::vector<ParamAxis> fused_pre_axes() {
  return {{"threads", {64, 128, 256, 512}, 256, "threads per block"},
          {"vec", {1, 2, 4, 8}, 4, "values per packed load (staging and pre-aggregate)"},
          {"tokens", {1, 2, 4, 8, 16}, 4, "tokens per block"},
          {"hold", {0, 1}, 0, "1: keep the tokens' x in dynamic shared memory"}};
}

ParamPoint fused_pre_default() {
  OpDefinition op;
  op.axes = fused_pre_axes();
  return op.default_point();
}

OpDefinition fused_pre_op() {
  OpDefinition op;
  op.name = "dyn_fused_pre";
  op.description =
      "projection, sumsq, coefficients and pre-aggregate in one kernel per block of tokens; x held "
      "in shared memory (hold=1) or re-read from L2 (hold=0)";
  op.source = "dyn_fused_pre.cu";
  op.paths = {HPath::dynamic_h};
  op.axes = fused_pre_axes();
  op.reads = {Tensor::x, Tensor::phi, Tensor::alpha, Tensor::bias};
  op.writes = {Tensor::proj,   Tensor::sumsq, Tensor::h_pre,
               Tensor::h_post, Tensor::h_res, Tensor::x_in};
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    const FusedPreLayout f = fused_pre_layout(p, q["threads"], q["vec"], q["tokens"], q["hold"]);
    if (auto reason = vec_divides(p, q); !reason.empty()) return reason;
    // n >= 16: every block of tokens re-reads a phi of n*C*m*4 bytes (>= 23 MB at C = 1280) and
    // runs m dot products of length n*C on one SM; the split projection (dyn_projection_mma)
    // followed by dyn_coefficients and pre_aggregate wins. Only the default stays, as the fallback.
    if (streams(p) >= 16 && !(q == fused_pre_default()))
      return fmt::format(
          "n={}: fusing does not pay (m={} dot products of {} per token); default only", streams(p),
          logits(p), depth(p));
    if (auto reason = core_registers_reason(f.tile, q["threads"]); !reason.empty()) return reason;
    if (f.static_bytes() > kStaticSharedLimit)
      return fmt::format("{} bytes of shared memory exceed {}", f.static_bytes(),
                         kStaticSharedLimit);
    if (f.static_bytes() + f.dynamic_bytes() > kStaticSharedLimit)
      return fmt::format("holding {} tokens of x takes {} bytes; with {} static, over {}",
                         q["tokens"], f.dynamic_bytes(), f.static_bytes(), kStaticSharedLimit);
    return {};
  };
  op.kernel_name = core_kernel_name("mhc_dyn_fused_pre", "hold");
  op.geometry = [](const Problem& p, const ParamPoint& q) {
    const FusedPreLayout f = fused_pre_layout(p, q["threads"], q["vec"], q["tokens"], q["hold"]);
    LaunchGeometry g;
    g.grid[0] = static_cast<uint32_t>(ceil_div(p.shape.tokens, q["tokens"]));
    g.block[0] = static_cast<uint32_t>(q["threads"]);
    g.shared_bytes = static_cast<uint32_t>(f.dynamic_bytes());
    return g;
  };
  op.min_bytes = [](const Problem& p) {
    return projection_bytes(p) + coefficient_write_bytes(p) + x_in_bytes(p);
  };
  return op;
}

// ---- dyn_splitk_coeff_pre --------------------------------------------------------------------

OpDefinition splitk_coeff_pre_op() {
  OpDefinition op;
  op.name = "dyn_splitk_coeff_pre";
  op.description =
      "production big fuse (FlashInfer mhc_pre_big_fuse): reduce dyn_projection_splitk's partials "
      "in order, coefficients, pre-aggregate; deterministic";
  op.source = "dyn_splitk_coeff_pre.cu";
  op.paths = {HPath::dynamic_h};
  op.axes = {{"threads", {64, 128, 256, 512}, 128, "threads per block"},
             {"vec", {1, 2, 4, 8}, 4, "channels per thread in the pre-aggregate"},
             {"tokens", {1, 2, 4, 8}, 2, "tokens per block"}};
  // Also reads the workspace dyn_projection_splitk filled (same pipeline, same workspace).
  op.reads = {Tensor::x, Tensor::alpha, Tensor::bias};
  op.writes = {Tensor::proj,   Tensor::sumsq, Tensor::h_pre,
               Tensor::h_post, Tensor::h_res, Tensor::x_in};
  op.verifiable_alone = false;
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    if (auto reason = vec_divides(p, q); !reason.empty()) return reason;
    const int64_t shared = splitk_coeff_pre_shared_bytes(p, q["tokens"]);
    if (shared > kStaticSharedLimit)
      return fmt::format("{} bytes of shared memory exceed {}", shared, kStaticSharedLimit);
    return {};
  };
  op.kernel_name = [](const Problem& p, const ParamPoint& q) {
    return kernel_instance(
        "mhc_dyn_splitk_coeff_pre",
        {type_arg(p), arg(streams(p)), arg(q["threads"]), arg(q["vec"]), arg(q["tokens"])});
  };
  op.geometry = [](const Problem& p, const ParamPoint& q) {
    LaunchGeometry g;
    g.grid[0] = static_cast<uint32_t>(ceil_div(p.shape.tokens, q["tokens"]));
    g.block[0] = static_cast<uint32_t>(q["threads"]);
    return g;
  };
  op.min_bytes = [](const Problem& p) {
    const int64_t B = p.shape.tokens, m = logits(p);
    return B * (m + 1) * 4 * 2 + B * depth(p) * residual_size(p) + coefficient_write_bytes(p) +
           x_in_bytes(p);
  };
  return op;
}

}  // namespace

std::vector<OpDefinition> dynamic_forward_ops() {
  return {projection_op(),   projection_mma_op(), projection_splitk_op(),
          coefficients_op(), fused_pre_op(),      splitk_coeff_pre_op()};
}

}  // namespace mhc
