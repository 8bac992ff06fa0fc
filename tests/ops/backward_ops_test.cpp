// The backward ops (issue #5): constraints, geometry, name expressions, workspace sizes, and the
// data flow of the backward decompositions proposed for backward_pipelines.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/problems.hpp"
#include "ops/registry.hpp"

namespace mhc {
namespace {

std::vector<const OpDefinition*> backward_op_list() {
  std::vector<const OpDefinition*> ops;
  for (const auto& op : op_registry())
    if (op.direction == Direction::backward) ops.push_back(&op);
  return ops;
}

bool contains(const std::vector<Tensor>& list, Tensor t) {
  return std::find(list.begin(), list.end(), t) != list.end();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(BackwardOps, EverySourceExistsStartsWithItsCommentAndDefinesTheKernel) {
  const auto ops = backward_op_list();
  ASSERT_GE(ops.size(), 20u);
  for (const auto* op : ops) {
    EXPECT_EQ(op->name.rfind("bwd_", 0), 0u) << op->name;
    const std::string text = read_text(std::string(MHC_SOURCE_DIR) + "/kernels/" + op->source);
    ASSERT_FALSE(text.empty()) << op->source;
    const std::string stem = op->source.substr(0, op->source.size() - 3);
    EXPECT_EQ(text.rfind("// " + stem + ":", 0), 0u) << op->source << " must open with its comment";
    const Problem p = backward_problem(op->paths.front(), 64, 1280, 4);
    const std::string name = op->kernel_name(p, op->default_point());
    const std::string kernel = name.substr(0, name.find('<'));
    EXPECT_NE(text.find(" " + kernel + "(const MhcLayerArgs args)"), std::string::npos)
        << op->name << ": " << kernel << " is not a kernel of " << op->source;
  }
}

// The registry test checks the paper shapes; the backward ops must also take the corners of the
// supported range: n in {4, 8, 16, 32}, C any multiple of 8 in [8, 65536], any B >= 1.
TEST(BackwardOps, DefaultsAreValidAtTheCornersOfTheShapeRange) {
  for (const auto* op : backward_op_list())
    for (const auto path : op->paths)
      for (const int64_t n : {4, 8, 16, 32})
        for (const int64_t C : {8, 1288, 65536})
          for (const int64_t B : {1, 7, 5000})
            for (const auto dtype : {Dtype::f32, Dtype::bf16})
              for (const auto convention : {Convention::paper, Convention::production}) {
                const Problem p = backward_problem(path, B, C, n, dtype, convention);
                ASSERT_TRUE(op->serves(p));
                const auto point = op->default_point();
                EXPECT_EQ(op->invalid_reason(p, point), "") << op->name << " on " << to_string(p);
                const auto g = op->geometry(p, point);
                EXPECT_GE(g.threads(), 1) << op->name;
                EXPECT_LE(int64_t{g.block[0]} * g.block[1] * g.block[2], 1024) << op->name;
                EXPECT_LE(g.grid[1], 65535u) << op->name;
                EXPECT_LE(g.grid[2], 65535u) << op->name;
                EXPECT_LE(g.shared_bytes, 48u * 1024) << op->name;
                EXPECT_GT(op->min_bytes(p), 0) << op->name;
                if (op->workspace_bytes) EXPECT_GE(op->workspace_bytes(p, point), 0) << op->name;
                for (const auto t : op->reads) EXPECT_TRUE(tensor_used(t, p)) << op->name;
                for (const auto t : op->writes) EXPECT_TRUE(tensor_used(t, p)) << op->name;
              }
}

TEST(BackwardOps, AtomicOpsClearTheirOutputsAndSayTheyAreNotDeterministic) {
  int atomic_ops = 0;
  for (const auto* op : backward_op_list()) {
    const bool atomic = op->name.find("_atomic") != std::string::npos;
    atomic_ops += atomic;
    EXPECT_EQ(op->deterministic, !atomic) << op->name;
    EXPECT_EQ(op->zero_before.empty(), !atomic) << op->name;
    for (const auto t : op->zero_before) EXPECT_TRUE(contains(op->writes, t)) << op->name;
    if (atomic)
      EXPECT_NE(op->description.find("not bit-reproducible"), std::string::npos) << op->name;
  }
  EXPECT_EQ(atomic_ops,
            4);  // bwd_token_{dyn,static}_atomic, bwd_dyn_coefficients_atomic, bwd_dyn_dphi_atomic
}

TEST(BackwardOps, NameExpressionsSpellTheTemplateArguments) {
  const auto dyn = backward_problem(HPath::dynamic_h, 320, 1280, 8, Dtype::bf16);
  const auto sta = backward_problem(HPath::static_h, 320, 1280, 4);
  auto name = [](const char* op, const Problem& p) {
    return find_op(op).kernel_name(p, find_op(op).default_point());
  };
  EXPECT_EQ(name("bwd_token_dyn", dyn), "mhc_bwd_token<__nv_bfloat16, 8, 256, 64, false, false>");
  EXPECT_EQ(name("bwd_token_static_atomic", sta), "mhc_bwd_token<float, 4, 256, 64, true, true>");
  EXPECT_EQ(name("bwd_dyn_coefficients", dyn), "mhc_bwd_dyn_coefficients<8, 128, false, false>");
  EXPECT_EQ(name("bwd_dyn_coefficients_atomic", dyn),
            "mhc_bwd_dyn_coefficients<8, 128, false, true>");
  EXPECT_EQ(name("bwd_static_coefficients", sta), "mhc_bwd_static_coefficients<4, false>");
  EXPECT_EQ(name("bwd_dyn_dx", dyn), "mhc_bwd_dyn_dx<__nv_bfloat16, 8, 32, 128, 4>");
  EXPECT_EQ(name("bwd_dyn_dphi", dyn), "mhc_bwd_dyn_dphi<__nv_bfloat16, 8, 64, 32, 4, false>");
  EXPECT_EQ(name("bwd_dyn_dphi_atomic", dyn),
            "mhc_bwd_dyn_dphi<__nv_bfloat16, 8, 64, 32, 4, true>");
  EXPECT_EQ(name("bwd_reduce_static", sta), "mhc_bwd_reduce_partials<4, 8>");
  EXPECT_EQ(name("bwd_naive_post_dx", sta), "mhc_bwd_naive_post_dx<float, 4>");
  EXPECT_EQ(name("bwd_naive_static_dot_pre", sta), "mhc_bwd_naive_dot<float, 4, 2, false>");
  EXPECT_EQ(name("bwd_naive_static_sum_res", sta), "mhc_bwd_naive_token_sum<4, 0>");
  EXPECT_EQ(name("bwd_naive_dyn_sinkhorn_cols_back", dyn), "mhc_bwd_naive_sinkhorn<8, 3, true>");
  EXPECT_EQ(name("bwd_naive_dyn_dphi", dyn), "mhc_bwd_naive_dphi<__nv_bfloat16, 8>");
  const auto& coefficients = find_op("bwd_dyn_coefficients");
  EXPECT_EQ(coefficients.kernel_name(dyn, with(coefficients, {{"iterates", 1}, {"threads", 32}})),
            "mhc_bwd_dyn_coefficients<8, 32, true, false>");
}

// Ops that share a source differ in their template arguments, so every op has its own binary
// (and a compile sample of its own).
TEST(BackwardOps, EveryOpHasItsOwnNameExpression) {
  for (const auto dtype : {Dtype::f32, Dtype::bf16})
    for (const auto path : {HPath::static_h, HPath::dynamic_h}) {
      std::map<std::string, std::string> owner;
      const Problem p = backward_problem(path, 64, 1280, 8, dtype);
      for (const auto* op : backward_op_list()) {
        if (!op->serves(p)) continue;
        const auto [it, fresh] = owner.emplace(op->kernel_name(p, op->default_point()), op->name);
        EXPECT_TRUE(fresh) << op->name << " and " << it->second << " compile the same kernel";
      }
    }
}

TEST(BackwardOps, ConstraintsRejectWhatTheKernelsCannotRun) {
  const auto& token = find_op("bwd_token_dyn");
  EXPECT_NE(token.invalid_reason(backward_problem(HPath::dynamic_h, 64, 1280, 32),
                                 with(token, {{"tile", 128}})),
            "");
  EXPECT_EQ(token.invalid_reason(backward_problem(HPath::dynamic_h, 64, 1280, 16),
                                 with(token, {{"tile", 128}})),
            "");

  const auto& dx = find_op("bwd_dyn_dx");
  const auto n32 = backward_problem(HPath::dynamic_h, 64, 1280, 32);
  const auto n16 = backward_problem(HPath::dynamic_h, 64, 1280, 16);
  EXPECT_NE(dx.invalid_reason(n32, with(dx, {{"k_tile", 64}})), "");  // 2 channels per stream
  EXPECT_EQ(dx.invalid_reason(n16, with(dx, {{"k_tile", 64}})), "");  // 4
  EXPECT_NE(dx.invalid_reason(n16, with(dx, {{"token_tile", 128}, {"tm", 2}, {"k_tile", 256}})),
            "");
  EXPECT_NE(dx.invalid_reason(n16, with(dx, {{"token_tile", 16}, {"tm", 8}, {"k_tile", 64}})), "");

  const auto& coefficients = find_op("bwd_dyn_coefficients");
  // n = 32, 256 threads: 8 tokens x 1091 floats of token sums + 256 x 40 line sums > 48 KB.
  EXPECT_NE(coefficients.invalid_reason(n32, with(coefficients, {{"threads", 256}})), "");
  EXPECT_EQ(
      coefficients.invalid_reason(n32, with(coefficients, {{"threads", 256}, {"iterates", 1}})),
      "");
  auto long_sinkhorn = n32;
  long_sinkhorn.constants.sinkhorn_iters = 100;
  EXPECT_NE(coefficients.invalid_reason(long_sinkhorn, coefficients.default_point()), "");
  EXPECT_EQ(coefficients.invalid_reason(long_sinkhorn, with(coefficients, {{"iterates", 1}})), "");

  const auto& dphi = find_op("bwd_dyn_dphi_atomic");
  const auto few_tokens = backward_problem(HPath::dynamic_h, 8, 1280, 4);
  EXPECT_EQ(dphi.geometry(few_tokens, with(dphi, {{"splits", 16}})).grid[2], 8u);  // one token each
  EXPECT_NE(dphi.invalid_reason(few_tokens, with(dphi, {{"k_tile", 32}, {"q_tile", 8}, {"tk", 8}})),
            "");
}

TEST(BackwardOps, GeometryCoversTheProblem) {
  const auto p = backward_problem(HPath::dynamic_h, 320, 1280, 4);
  const auto p32 = backward_problem(HPath::dynamic_h, 128, 1280, 32);

  const auto& token = find_op("bwd_token_dyn");
  auto g = token.geometry(p, token.default_point());
  EXPECT_EQ(g.grid[0], 320u);  // one block per token below the cap
  EXPECT_EQ(g.block[0], 256u);
  EXPECT_EQ(token.geometry(backward_problem(HPath::dynamic_h, 5000, 1280, 4), token.default_point())
                .grid[0],
            512u);

  const auto& dx = find_op("bwd_dyn_dx");
  g = dx.geometry(p, dx.default_point());
  EXPECT_EQ(g.grid[0], 40u);  // 128 columns = 32 channels x 4 streams
  EXPECT_EQ(g.grid[1], 10u);  // 32 tokens per block
  EXPECT_EQ(g.block[0], 256u);
  EXPECT_EQ(dx.geometry(p32, dx.default_point()).grid[0], 320u);  // 4 channels x 32 streams

  const auto& dphi = find_op("bwd_dyn_dphi_atomic");
  g = dphi.geometry(p32, dphi.default_point());
  EXPECT_EQ(g.grid[0], 640u);  // 40960 / 64
  EXPECT_EQ(g.grid[1], 34u);   // 1088 / 32
  EXPECT_EQ(g.grid[2], 4u);
  EXPECT_EQ(g.block[0], 128u);

  const auto& coefficients = find_op("bwd_dyn_coefficients");
  g = coefficients.geometry(p, coefficients.default_point());
  EXPECT_EQ(g.grid[0], 10u);  // 32 tokens per block of 128
  EXPECT_EQ(g.shared_bytes, 128u * 40 * 4);
  EXPECT_EQ(coefficients.geometry(p, with(coefficients, {{"iterates", 1}})).shared_bytes, 0u);
  EXPECT_EQ(coefficients.geometry(p32, coefficients.default_point()).grid[0], 32u);

  const auto& reduce = find_op("bwd_reduce_static");
  g = reduce.geometry(backward_problem(HPath::static_h, 320, 1280, 4), reduce.default_point());
  EXPECT_EQ(g.grid[0], 41u);  // ceil((8 + 16 + 1280) / 32)
  EXPECT_EQ(g.block[0] * g.block[1], 256u);

  const auto& sinkhorn = find_op("bwd_naive_dyn_sinkhorn_rows");
  EXPECT_EQ(sinkhorn.geometry(p, sinkhorn.default_point()).grid[0], 10u);  // 320 x 4 lines / 128
  const auto& post_dx = find_op("bwd_naive_post_dx");
  g = post_dx.geometry(p, post_dx.default_point());
  EXPECT_EQ(g.grid[0], 1280u);
  EXPECT_EQ(g.grid[1], 5u);
}

TEST(BackwardOps, WorkspaceSizesMatchTheKernelsLayouts) {
  const auto sta = backward_problem(HPath::static_h, 320, 1280, 4);
  const auto dyn = backward_problem(HPath::dynamic_h, 320, 1280, 4);
  const auto& token_static = find_op("bwd_token_static");
  EXPECT_EQ(token_static.workspace_bytes(sta, token_static.default_point()), 64 + 320 * 1304 * 4);
  const auto& token_dyn = find_op("bwd_token_dyn");
  EXPECT_EQ(token_dyn.workspace_bytes(dyn, with(token_dyn, {{"blocks", 128}})),
            64 + 128 * 1280 * 4);
  EXPECT_FALSE(find_op("bwd_token_dyn_atomic").workspace_bytes);

  const auto& coefficients = find_op("bwd_dyn_coefficients");
  // 10 blocks x 27 floats, padded to 272, after the 64-byte header; stored iterates follow.
  EXPECT_EQ(coefficients.workspace_bytes(dyn, coefficients.default_point()), 64 + 272 * 4);
  EXPECT_EQ(coefficients.workspace_bytes(dyn, with(coefficients, {{"iterates", 1}})),
            64 + 272 * 4 + 320 * 40 * 16 * 4);
  const auto& static_coefficients = find_op("bwd_static_coefficients");
  EXPECT_EQ(static_coefficients.workspace_bytes(sta, with(static_coefficients, {{"iterates", 1}})),
            40 * 16 * 4);

  // Naive: inv_rr [B], logits and d_logits [R][m], 2 t_max + 1 iterates, d_matrix, token_h.
  const auto small = backward_problem(HPath::dynamic_h, 2, 8, 4);
  const int64_t naive = 4 * (2 + 2 * 2 * 24 + 41 * 2 * 16 + 2 * 16 + 2 * 16);
  std::set<int64_t> sizes;
  for (const auto* op : backward_op_list())
    if (op->name.rfind("bwd_naive_", 0) == 0 && op->workspace_bytes && op->serves(small))
      sizes.insert(op->workspace_bytes(small, op->default_point()));
  EXPECT_EQ(sizes, std::set<int64_t>{naive});  // one layout for the whole naive pipeline
}

// ---- the proposed backward decompositions (for backward_pipelines.cpp) -----------------------

// Every read is a forward tensor, d_x_next, or written by an earlier op; every backward output of
// the problem is written; d_x is written (not accumulated) first; a partial-row producer is
// followed by its reduce op before another op reuses the workspace.
TEST(BackwardPipelines, DataFlowsFromInputsToEveryGradient) {
  for (const auto& pipeline : backward_pipelines())
    for (const int64_t n : {4, 32})
      for (const auto convention : {Convention::paper, Convention::production}) {
        const Problem p = backward_problem(pipeline.path, 64, 1280, n, Dtype::bf16, convention);
        ASSERT_TRUE(pipeline.serves(p));
        std::set<Tensor> available, written;
        for (int i = 0; i < kTensorCount; ++i) {
          const auto t = static_cast<Tensor>(i);
          if (tensor_used(t, p) && (!tensor_name(t).starts_with("d_") || t == Tensor::d_x_next))
            available.insert(t);
        }
        std::string pending_reduce;
        for (const auto& [name, step] : pipeline.launches(p)) {
          const auto& op = find_op(name);
          EXPECT_TRUE(op.serves(p)) << pipeline.name << ": " << name;
          for (const auto t : op.reads)
            EXPECT_TRUE(available.count(t)) << pipeline.name << ": " << name << " reads "
                                            << tensor_name(t) << " before anything wrote it";
          if (name.rfind("bwd_reduce_", 0) == 0) {
            EXPECT_FALSE(pending_reduce.empty())
                << pipeline.name << ": " << name << " has no producer";
            pending_reduce.clear();
          } else {
            EXPECT_TRUE(pending_reduce.empty()) << pipeline.name << ": " << name
                                                << " overwrites the partials of " << pending_reduce;
            if (op.workspace_bytes && name.rfind("bwd_naive_", 0) != 0 &&
                name.find("_atomic") == std::string::npos && name != "bwd_static_coefficients")
              pending_reduce = name;
          }
          for (const auto t : op.writes) {
            available.insert(t);
            written.insert(t);
          }
        }
        EXPECT_TRUE(pending_reduce.empty()) << pipeline.name;
        for (int i = 0; i < kTensorCount; ++i) {
          const auto t = static_cast<Tensor>(i);
          if (tensor_used(t, p) && tensor_name(t).starts_with("d_") && t != Tensor::d_x_next)
            EXPECT_TRUE(written.count(t)) << pipeline.name << " never writes " << tensor_name(t);
        }
      }
}

TEST(BackwardPipelines, OnlyTheAtomicVariantsUseAtomics) {
  for (const auto& pipeline : backward_pipelines()) {
    const bool atomic = pipeline.name.find("atomic") != std::string::npos;
    bool any_atomic = false;
    for (const auto& name : pipeline.op_names()) any_atomic |= !find_op(name).deterministic;
    EXPECT_EQ(any_atomic, atomic) << pipeline.name;
  }
}

}  // namespace
}  // namespace mhc
