// The naive baseline's forward ops (src/ops/naive_forward_ops.cpp): one variant each, launch
// geometry that covers every element, the shared workspace layout, agreement with the kernel
// sources, and the data flow of the baseline pipelines this file proposes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "common/problems.hpp"
#include "ops/registry.hpp"

namespace mhc {
namespace {

std::vector<const OpDefinition*> naive_ops() {
  std::vector<const OpDefinition*> ops;
  for (const auto& op : op_registry())
    if (op.name.rfind("naive_", 0) == 0) ops.push_back(&op);
  return ops;
}

// The pipelines proposed to the lead (forward_pipelines.cpp): one Sinkhorn iteration is the
// {naive_row_norm, naive_col_norm} step repeated with step = iteration.
std::vector<PipelineStep> naive_steps(HPath path) {
  const bool dynamic = path == HPath::dynamic_h;
  std::vector<PipelineStep> steps;
  if (dynamic) steps.push_back({{"naive_sumsq", "naive_matmul", "naive_logits"}, false});
  const std::string prefix = dynamic ? "naive_" : "naive_static_";
  steps.push_back({{prefix + "sigmoid_pre", prefix + "sigmoid_post", prefix + "exp"}, false});
  steps.push_back({{"naive_row_norm", "naive_col_norm"}, true});
  steps.push_back({{"naive_pre_aggregate", "naive_rms_stats", "naive_rms_apply", "naive_mix",
                    "naive_distribute_add"},
                   false});
  return steps;
}

std::vector<PipelineDefinition> proposed_pipelines() {
  std::vector<PipelineDefinition> all;
  auto add = [&all](std::string name, HPath path, bool baseline, std::vector<PipelineStep> steps) {
    PipelineDefinition d;
    d.name = std::move(name);
    d.path = path;
    d.baseline = baseline;
    d.steps = std::move(steps);
    all.push_back(std::move(d));
  };
  add("dynamic_naive", HPath::dynamic_h, true, naive_steps(HPath::dynamic_h));
  add("static_naive", HPath::static_h, true, naive_steps(HPath::static_h));
  add("static_unfused", HPath::static_h, false,
      {{{"static_coefficients", "pre_aggregate", "rmsnorm", "post_mix"}, false}});
  add("static_pre_rmsnorm", HPath::static_h, false,
      {{{"static_coefficients", "pre_rmsnorm_fused", "post_mix"}, false}});
  add("static_fused_pre", HPath::static_h, false,
      {{{"static_pre_fused", "rmsnorm", "post_mix"}, false}});
  add("static_fused", HPath::static_h, false, {{{"static_pre_rmsnorm_fused", "post_mix"}, false}});
  return all;
}

TEST(NaiveForwardOps, AreSingleVariantsValidEverywhere) {
  ASSERT_EQ(naive_ops().size(), 16u);
  for (const auto* op : naive_ops()) {
    EXPECT_TRUE(op->axes.empty()) << op->name;
    EXPECT_EQ(op->all_points().size(), 1u) << op->name;
    for (const auto path : op->paths)
      for (const int64_t n : {4, 32})
        for (const int64_t C : {8, 1280, 65536})
          for (const int64_t B : {1, 320, 100000}) {
            const Problem p = forward_problem(path, B, C, n, Dtype::bf16);
            EXPECT_EQ(op->invalid_reason(p, {}), "") << op->name << " on " << to_string(p);
            EXPECT_GT(op->min_bytes(p), 0) << op->name;
          }
  }
}

TEST(NaiveForwardOps, NameExpressions) {
  const Problem f32 = forward_problem(HPath::dynamic_h, 320, 1280, 4);
  const Problem bf16 = forward_problem(HPath::static_h, 320, 1280, 4, Dtype::bf16);
  auto name_of = [](const char* op, const Problem& p) { return find_op(op).kernel_name(p, {}); };
  EXPECT_EQ(name_of("naive_sumsq", f32), "mhc_naive_sumsq<float>");
  EXPECT_EQ(name_of("naive_matmul", f32), "mhc_naive_matmul<float>");
  EXPECT_EQ(name_of("naive_logits", f32), "mhc_naive_logits");
  EXPECT_EQ(name_of("naive_sigmoid_pre", f32), "mhc_naive_sigmoid<0, 0>");
  EXPECT_EQ(name_of("naive_static_sigmoid_post", bf16), "mhc_naive_sigmoid<1, 1>");
  EXPECT_EQ(name_of("naive_static_exp", bf16), "mhc_naive_exp<1>");
  EXPECT_EQ(name_of("naive_exp", f32), "mhc_naive_exp<0>");
  EXPECT_EQ(name_of("naive_row_norm", bf16), "mhc_naive_normalise<0>");
  EXPECT_EQ(name_of("naive_col_norm", bf16), "mhc_naive_normalise<1>");
  EXPECT_EQ(name_of("naive_pre_aggregate", bf16), "mhc_naive_pre_aggregate<__nv_bfloat16>");
  EXPECT_EQ(name_of("naive_rms_stats", bf16), "mhc_naive_rms_stats");
  EXPECT_EQ(name_of("naive_mix", bf16), "mhc_naive_mix<__nv_bfloat16>");
  EXPECT_EQ(name_of("naive_distribute_add", f32), "mhc_naive_distribute_add<float>");
}

// Each source declares its kernel (a template with as many parameters as the expression has
// arguments, or a plain function) with kNaiveThreads as its launch bound.
TEST(NaiveForwardOps, KernelSourcesDeclareTheNamedKernels) {
  for (const auto* op : naive_ops()) {
    const Problem p = forward_problem(op->paths.front(), 64, 1280, 8);
    std::ifstream in(std::filesystem::path(MHC_SOURCE_DIR) / "kernels" / op->source);
    ASSERT_TRUE(in) << op->source;
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    const std::string expr = op->kernel_name(p, {});
    const auto open = expr.find('<');
    const std::string kernel = expr.substr(0, open);
    EXPECT_EQ(source.rfind("// " + kernel.substr(4) + " (naive baseline", 0), 0u) << op->source;
    const std::string signature = "__global__ void __launch_bounds__\\(kNaiveThreads\\) " + kernel +
                                  "\\(const MhcLayerArgs args\\)";
    std::smatch match;
    if (open == std::string::npos) {
      EXPECT_TRUE(std::regex_search(source, match, std::regex("\n" + signature))) << kernel;
      continue;
    }
    ASSERT_TRUE(std::regex_search(source, match, std::regex("template <([^>]*)>\\s*" + signature)))
        << kernel << " in " << op->source;
    const std::string parameters = match[1];
    EXPECT_EQ(std::count(parameters.begin(), parameters.end(), ','),
              std::count(expr.begin(), expr.end(), ','))
        << kernel;
  }
}

// Per-element kernels return past the last element; the grid must still reach it.
TEST(NaiveForwardOps, GeometryCoversEveryElementOnce) {
  for (const auto path : {HPath::static_h, HPath::dynamic_h})
    for (const int64_t n : {4, 32})
      for (const int64_t B : {1, 7, 320}) {
        const Problem p = forward_problem(path, B, 1288, n);
        const int64_t m = n * n + 2 * n, rows = path == HPath::dynamic_h ? B : 1;
        const std::map<std::string, int64_t> elements = {
            {"naive_matmul", B * m},           {"naive_logits", B * m},
            {"naive_sigmoid_pre", rows * n},   {"naive_static_sigmoid_pre", rows * n},
            {"naive_sigmoid_post", rows * n},  {"naive_static_sigmoid_post", rows * n},
            {"naive_exp", rows * n * n},       {"naive_static_exp", rows * n * n},
            {"naive_row_norm", rows * n},      {"naive_col_norm", rows * n},
            {"naive_pre_aggregate", B * 1288}, {"naive_rms_apply", B * 1288},
            {"naive_mix", B * n * 1288},       {"naive_distribute_add", B * n * 1288}};
        for (const auto* op : naive_ops()) {
          if (!op->serves(p)) continue;
          const auto g = op->geometry(p, {});
          EXPECT_EQ(g.block[0], 256u) << op->name;
          EXPECT_EQ(g.grid[1] * g.grid[2], 1u) << op->name;
          if (op->name == "naive_sumsq" || op->name == "naive_rms_stats") {
            EXPECT_EQ(g.grid[0], static_cast<uint32_t>(B)) << op->name << ": a block per token";
            continue;
          }
          ASSERT_TRUE(elements.count(op->name)) << op->name;
          const int64_t count = elements.at(op->name);
          EXPECT_GE(int64_t{g.grid[0]} * 256, count) << op->name;
          EXPECT_LT(int64_t{g.grid[0] - 1} * 256, count) << op->name << ": a whole idle block";
        }
      }
}

// kernels/common/naive_workspace.cuh: f32 logits [B, m], rstd [B], mixed [B, n, C], each rounded
// up to 64 floats. Every op touching it asks for the same bytes and is verified in a pipeline.
TEST(NaiveForwardOps, ShareOneWorkspaceLayout) {
  const Problem small = forward_problem(HPath::dynamic_h, 3, 8, 4);
  // logits 72 -> 128 floats, rstd 3 -> 64, mixed 96 -> 128: 320 floats.
  EXPECT_EQ(find_op("naive_logits").workspace_bytes(small, {}), 320 * 4);
  const Problem big = forward_problem(HPath::static_h, 320, 1280, 32);
  const int64_t expected = 4 * (320 * 1088 + 320 + 320 * 32 * 1280);  // all multiples of 64
  int users = 0;
  for (const auto* op : naive_ops()) {
    if (!op->workspace_bytes) continue;
    ++users;
    EXPECT_FALSE(op->verifiable_alone) << op->name;
    const Problem& p = op->serves(big) ? big : small;
    if (&p == &big) EXPECT_EQ(op->workspace_bytes(p, {}), expected) << op->name;
    EXPECT_EQ(op->workspace_bytes(p, {}) % 256, 0) << op->name;
  }
  // logits, the dynamic sigmoids and exp (they read its logits), rms_stats, rms_apply, mix,
  // distribute_add.
  EXPECT_EQ(users, 8);
  for (const char* alone : {"naive_sumsq", "naive_matmul", "naive_static_sigmoid_pre",
                            "naive_static_sigmoid_post", "naive_pre_aggregate"})
    EXPECT_TRUE(find_op(alone).verifiable_alone) << alone;
  for (const char* chained : {"naive_static_exp", "naive_row_norm", "naive_col_norm"})
    EXPECT_FALSE(find_op(chained).verifiable_alone) << chained;
}

// Every op of a proposed pipeline serves its problems, reads only inputs or earlier writes, and
// the pipeline ends having written every forward output the reference holds.
TEST(ProposedForwardPipelines, DataFlowsFromInputsToEveryOutput) {
  for (const auto& pipeline : proposed_pipelines())
    for (const int64_t n : {4, 32})
      for (const auto dtype : {Dtype::f32, Dtype::bf16})
        for (const auto convention : {Convention::paper, Convention::production}) {
          const Problem p = forward_problem(pipeline.path, 64, 1280, n, dtype, convention);
          ASSERT_TRUE(pipeline.serves(p));
          const std::set<Tensor> inputs = {Tensor::x,    Tensor::phi,      Tensor::alpha,
                                           Tensor::bias, Tensor::h_static, Tensor::rms_weight};
          std::set<Tensor> available, written;
          for (const auto t : inputs)
            if (tensor_used(t, p)) available.insert(t);
          for (const auto& [name, step] : pipeline.launches(p)) {
            const auto& op = find_op(name);
            EXPECT_TRUE(op.serves(p)) << pipeline.name << ": " << name;
            for (const auto t : op.reads)
              EXPECT_TRUE(available.count(t)) << pipeline.name << ": " << name << " reads "
                                              << tensor_name(t) << " before anything wrote it";
            for (const auto t : op.writes) {
              available.insert(t);
              written.insert(t);
            }
          }
          for (int i = 0; i < kTensorCount; ++i) {
            const auto t = static_cast<Tensor>(i);
            if (tensor_used(t, p) && !inputs.count(t) && !tensor_name(t).starts_with("d_"))
              EXPECT_TRUE(written.count(t)) << pipeline.name << " never writes " << tensor_name(t);
          }
        }
}

TEST(ProposedForwardPipelines, NaiveBaselinesLaunchTwoNormalisationsPerSinkhornIteration) {
  for (const auto convention : {Convention::paper, Convention::production}) {
    const Problem dyn = forward_problem(HPath::dynamic_h, 320, 1280, 4, Dtype::f32, convention);
    const auto pipelines = proposed_pipelines();
    const auto launches = pipelines[0].launches(dyn);
    EXPECT_EQ(launches.size(), 6u + 2u * 20u + 5u);
    EXPECT_EQ(launches[6], (std::pair<std::string, int>{"naive_row_norm", 0}));
    EXPECT_EQ(launches[45], (std::pair<std::string, int>{"naive_col_norm", 19}));
    const Problem st = forward_problem(HPath::static_h, 320, 1280, 4, Dtype::f32, convention);
    EXPECT_EQ(pipelines[1].launches(st).size(), 3u + 2u * 20u + 5u);
  }
}

}  // namespace
}  // namespace mhc
