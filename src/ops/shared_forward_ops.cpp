// Forward ops both H paths use: pre-aggregate, the RMSNorm stand-in for F, post, and the static
// path's own coefficient step.
#include <fmt/format.h>

#include "core/launch_geometry.hpp"
#include "ops/registry.hpp"
#include "ops/template_args.hpp"

namespace mhc {

namespace {

int64_t residual_bytes(const Problem& p) { return p.shape.elements() * dtype_bytes(p.residual_dtype); }
int64_t layer_io_bytes(const Problem& p) { return p.shape.tokens * p.shape.hidden * 2; }  // bf16 x_in / f
int64_t h_rows(const Problem& p) { return p.path == HPath::dynamic_h ? p.shape.tokens : 1; }

OpDefinition post_mix_op() {
  OpDefinition op;
  op.name = "post_mix";
  op.description = "x_next = H_res-mixed streams + H_post * f; a thread holds all n streams of VEC channels";
  op.source = "post_mix.cu";
  op.paths = {HPath::static_h, HPath::dynamic_h};
  op.axes = {{"threads", {64, 128, 256, 512}, 128, "threads per block"},
             {"vec", {1, 2, 4, 8}, 2, "channels per thread, moved as one packed access"},
             {"tokens", {1, 2, 4}, 1, "tokens per block (amortises staging H in shared memory)"}};
  op.reads = {Tensor::x, Tensor::f, Tensor::h_post, Tensor::h_res};
  op.writes = {Tensor::x_next};
  op.invalid_reason = [](const Problem& p, const ParamPoint& q) -> std::string {
    if (p.shape.hidden % q["vec"] != 0)
      return fmt::format("vec={} does not divide C={}", q["vec"], p.shape.hidden);
    // n streams x vec floats live in registers; past 64 the kernel spills.
    if (p.shape.streams * q["vec"] > 64)
      return fmt::format("n*vec = {} registers of x per thread exceeds 64", p.shape.streams * q["vec"]);
    return {};
  };
  op.kernel_name = [](const Problem& p, const ParamPoint& q) {
    return kernel_instance("mhc_post_mix",
                           {std::string(residual_type_name(p)), std::to_string(p.shape.streams),
                            std::to_string(q["threads"]), std::to_string(q["vec"]),
                            std::to_string(q["tokens"])});
  };
  op.geometry = [](const Problem& p, const ParamPoint& q) {
    LaunchGeometry g;
    g.grid[0] = static_cast<uint32_t>(ceil_div(p.shape.tokens, q["tokens"]));
    g.block[0] = static_cast<uint32_t>(q["threads"]);
    return g;
  };
  op.min_bytes = [](const Problem& p) {
    const int64_t n = p.shape.streams;
    return 2 * residual_bytes(p) + layer_io_bytes(p) + h_rows(p) * (n * n + n) * 4;
  };
  return op;
}

}  // namespace

std::vector<OpDefinition> shared_forward_ops() { return {post_mix_op()}; }

}  // namespace mhc
