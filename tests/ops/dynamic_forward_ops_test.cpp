// The dynamic path's forward ops (src/ops/dynamic_forward_ops.cpp): name expressions, launch
// geometry, constraint logic, and agreement between the definitions and the kernel sources.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/problems.hpp"
#include "jit/compile_many.hpp"
#include "jit/compiler_settings.hpp"
#include "ops/registry.hpp"
#include "plan/variant_plan.hpp"

namespace mhc {
namespace {

constexpr const char* kDynamicOps[] = {"dyn_projection",        "dyn_projection_mma",
                                       "dyn_projection_splitk", "dyn_coefficients",
                                       "dyn_fused_pre",         "dyn_splitk_coeff_pre"};

Problem dynamic_problem(int64_t tokens, int64_t hidden, int64_t streams, Dtype dtype = Dtype::f32) {
  return forward_problem(HPath::dynamic_h, tokens, hidden, streams, dtype);
}

TEST(DynamicForwardOps, ServeOnlyTheDynamicForwardPath) {
  for (const char* name : kDynamicOps) {
    const auto& op = find_op(name);
    EXPECT_TRUE(op.serves(dynamic_problem(320, 1280, 4))) << name;
    Problem p = dynamic_problem(320, 1280, 4);
    p.path = HPath::static_h;
    EXPECT_FALSE(op.serves(p)) << name;
    p = dynamic_problem(320, 1280, 4);
    p.direction = Direction::backward;
    EXPECT_FALSE(op.serves(p)) << name;
  }
}

// Beyond the paper shapes of registry_test: every n, C from 8 to 65536, B from 1 up, both dtypes.
TEST(DynamicForwardOps, DefaultsAreValidAndLaunchableForEverySupportedShape) {
  for (const char* name : kDynamicOps) {
    const auto& op = find_op(name);
    const auto point = op.default_point();
    for (const int64_t n : {4, 8, 16, 32})
      for (const int64_t C : {8, 16, 24, 40, 1280, 1288, 7168, 65536})
        for (const int64_t B : {1, 7, 33, 4096})
          for (const auto dtype : {Dtype::f32, Dtype::bf16}) {
            const Problem p = dynamic_problem(B, C, n, dtype);
            const std::string where = std::string(name) + " on " + to_string(p);
            EXPECT_EQ(op.invalid_reason(p, point), "") << where;
            const auto g = op.geometry(p, point);
            EXPECT_GE(g.grid[0], 1u) << where;
            EXPECT_LE(g.grid[1], 65535u) << where;
            EXPECT_LE(g.grid[2], 65535u) << where;
            EXPECT_LE(g.block[0], 1024u) << where;
            EXPECT_EQ(g.block[0] % 32, 0u) << where;
            EXPECT_EQ(g.shared_bytes, 0u)
                << where << ": the fallback needs no dynamic shared memory";
          }
  }
}

TEST(DynamicForwardOps, NameExpressionsMatchTheKernelTemplates) {
  const Problem f32_n4 = dynamic_problem(320, 1280, 4);
  const Problem bf16_n32 = dynamic_problem(128, 1280, 32, Dtype::bf16);
  auto name_of = [](const char* op, const Problem& p) {
    return find_op(op).kernel_name(p, find_op(op).default_point());
  };
  EXPECT_EQ(name_of("dyn_projection", f32_n4), "mhc_dyn_projection<float, 4, 256, 4, 4, 1>");
  EXPECT_EQ(name_of("dyn_projection", bf16_n32),
            "mhc_dyn_projection<__nv_bfloat16, 32, 256, 4, 4, 1>");
  EXPECT_EQ(name_of("dyn_projection_mma", bf16_n32),
            "mhc_dyn_projection_mma<__nv_bfloat16, 32, 1, 3, 1, 4>");
  EXPECT_EQ(name_of("dyn_projection_splitk", f32_n4),
            "mhc_dyn_projection_splitk<float, 4, 1, 3, 1, 4>");
  EXPECT_EQ(name_of("dyn_coefficients", bf16_n32), "mhc_dyn_coefficients<32, 1, 128>");
  EXPECT_EQ(name_of("dyn_fused_pre", f32_n4), "mhc_dyn_fused_pre<float, 4, 256, 4, 4, 0>");
  EXPECT_EQ(name_of("dyn_splitk_coeff_pre", bf16_n32),
            "mhc_dyn_splitk_coeff_pre<__nv_bfloat16, 32, 128, 4, 2>");
}

// Each kernel source declares the template the name expression instantiates, with as many
// parameters as the expression has arguments.
TEST(DynamicForwardOps, KernelSourcesDeclareTheNamedTemplates) {
  const Problem p = dynamic_problem(64, 1280, 8);
  for (const char* name : kDynamicOps) {
    const auto& op = find_op(name);
    std::ifstream in(std::filesystem::path(MHC_SOURCE_DIR) / "kernels" / op.source);
    ASSERT_TRUE(in) << op.source;
    std::stringstream text;
    text << in.rdbuf();
    const std::string expr = op.kernel_name(p, op.default_point());
    const std::string kernel = expr.substr(0, expr.find('<'));
    const auto arguments = std::count(expr.begin(), expr.end(), ',') + 1;
    const std::regex declaration(
        "template <([^>]*)>\\s*__global__\\s+void\\s+__launch_bounds__\\([^)]*\\)\\s+" + kernel +
        "\\(\\s*const MhcLayerArgs args\\)");
    std::smatch match;
    const std::string source = text.str();
    ASSERT_TRUE(std::regex_search(source, match, declaration)) << kernel << " in " << op.source;
    const std::string parameters = match[1];
    EXPECT_EQ(std::count(parameters.begin(), parameters.end(), ',') + 1, arguments) << kernel;
  }
}

TEST(DynamicForwardOps, ProjectionGeometryCoversTokensSplitsAndColumns) {
  const auto& op = find_op("dyn_projection");
  // n = 4: m = 24 < 256 threads: one column tile, 80 blocks of 4 tokens.
  auto g = op.geometry(dynamic_problem(320, 1280, 4), op.default_point());
  EXPECT_EQ(g.grid[0], 80u);
  EXPECT_EQ(g.grid[1], 1u);
  EXPECT_EQ(g.grid[2], 1u);
  EXPECT_EQ(g.block[0], 256u);
  // n = 32: m = 1088 columns, 256 per pass: five column tiles; two passes per block: three.
  EXPECT_EQ(op.geometry(dynamic_problem(130, 1280, 32), op.default_point()).grid[2], 5u);
  g = op.geometry(dynamic_problem(130, 1280, 32), with(op, {{"cols", 2}, {"split_k", 8}}));
  EXPECT_EQ(g.grid[0], 33u);
  EXPECT_EQ(g.grid[1], 8u);
  EXPECT_EQ(g.grid[2], 3u);
  EXPECT_EQ(op.zero_before, (std::vector<Tensor>{Tensor::proj, Tensor::sumsq}));
  EXPECT_FALSE(op.deterministic);
}

TEST(DynamicForwardOps, ProjectionConstraints) {
  const Problem n4 = dynamic_problem(320, 1280, 4), n32 = dynamic_problem(128, 1280, 32);
  // More column passes than m needs.
  EXPECT_NE(invalid("dyn_projection", n4, {{"cols", 2}}), "");
  EXPECT_EQ(invalid("dyn_projection", n32, {{"cols", 4}}), "");  // 4 * 256 < 1088 columns
  EXPECT_NE(invalid("dyn_projection", n32, {{"cols", 8}}), "");  // 5 passes suffice
  // Accumulators per thread.
  EXPECT_NE(invalid("dyn_projection", n32, {{"threads", 64}, {"tokens", 32}, {"cols", 4}}), "");
  // Registers: 512 threads leave 128 per thread.
  EXPECT_NE(invalid("dyn_projection", n4, {{"threads", 512}, {"vec", 1}, {"tokens", 32}}), "");
  // Shared memory: 32 tokens x 4096 staged floats is 512 KB.
  EXPECT_NE(invalid("dyn_projection", n4, {{"threads", 512}, {"vec", 8}, {"tokens", 32}}), "");
  EXPECT_EQ(invalid("dyn_projection", n4, {{"threads", 64}, {"vec", 4}, {"tokens", 16}}), "");
  // Staged values per thread: 32 tokens x 4 spilled at 255 registers.
  EXPECT_NE(invalid("dyn_projection", dynamic_problem(64, 1280, 16),
                    {{"threads", 64}, {"vec", 4}, {"tokens", 32}}),
            "");
  // split_k beyond the chunks of K: K = 32 is one chunk.
  EXPECT_NE(invalid("dyn_projection", dynamic_problem(5, 8, 4), {{"split_k", 2}}), "");
  EXPECT_EQ(invalid("dyn_projection", n4, {{"split_k", 4}}), "");
}

TEST(DynamicForwardOps, TensorCoreOpsTileTokensAndColumns) {
  for (const char* name : {"dyn_projection_mma", "dyn_projection_splitk"}) {
    const auto& op = find_op(name);
    EXPECT_EQ(op.math, MathPrecision::tf32) << name;
    // Default: 16 tokens x 24 columns per block, 4 warps splitting K.
    auto g = op.geometry(dynamic_problem(320, 1280, 4), op.default_point());
    EXPECT_EQ(g.grid[0], 20u) << name;
    EXPECT_EQ(g.grid[2], 1u) << name;
    EXPECT_EQ(g.block[0], 128u) << name;
    g = op.geometry(
        dynamic_problem(100, 1280, 32),
        with(op,
             {{"m_tiles", 2}, {"n_tiles", 4}, {"warps_n", 2}, {"warps_k", 2}, {"split_k", 16}}));
    EXPECT_EQ(g.grid[0], 4u) << name;  // 32 tokens per block
    EXPECT_EQ(g.grid[1], 16u) << name;
    EXPECT_EQ(g.grid[2], 17u) << name;  // 1088 / 64 columns
    EXPECT_EQ(g.block[0], 128u) << name;
    const Problem n4 = dynamic_problem(320, 1280, 4), n32 = dynamic_problem(128, 1280, 32);
    EXPECT_NE(invalid(name, n4, {{"n_tiles", 4}}), "") << name;  // m = 24 has 3 n-tiles
    EXPECT_NE(invalid(name, n4, {{"warps_n", 2}}), "") << name;
    EXPECT_EQ(invalid(name, n32, {{"n_tiles", 8}, {"warps_n", 4}}), "") << name;
    EXPECT_NE(invalid(name, n32, {{"m_tiles", 4}, {"n_tiles", 8}}), "")
        << name;  // 128 accumulators
    // 64 tokens x 260 floats of staged x is 66 KB.
    EXPECT_NE(invalid(name, n32, {{"m_tiles", 4}, {"n_tiles", 2}, {"warps_k", 8}}), "") << name;
    EXPECT_EQ(invalid(name, n32, {{"m_tiles", 2}, {"n_tiles", 2}, {"warps_k", 8}}), "") << name;
    // 64 tokens per block but 32 threads: each row's sum of squares needs a thread of its own.
    EXPECT_NE(invalid(name, n4, {{"m_tiles", 4}, {"warps_n", 1}, {"warps_k", 1}}).find("threads"),
              std::string::npos)
        << name;
  }
  const auto& mma = find_op("dyn_projection_mma");
  EXPECT_FALSE(mma.deterministic);
  EXPECT_EQ(mma.zero_before, (std::vector<Tensor>{Tensor::proj, Tensor::sumsq}));
}

TEST(DynamicForwardOps, SplitKPairSharesTheWorkspaceDeterministically) {
  const auto& producer = find_op("dyn_projection_splitk");
  const auto& consumer = find_op("dyn_splitk_coeff_pre");
  EXPECT_TRUE(producer.deterministic);
  EXPECT_TRUE(consumer.deterministic);
  EXPECT_TRUE(producer.zero_before.empty());
  EXPECT_FALSE(producer.verifiable_alone);
  EXPECT_FALSE(consumer.verifiable_alone);
  ASSERT_TRUE(producer.workspace_bytes);
  // 16-byte header (the split count) + splits x B x (m + 1) floats.
  EXPECT_EQ(
      producer.workspace_bytes(dynamic_problem(320, 1280, 4), with(producer, {{"split_k", 8}})),
      16 + 8 * 320 * 25 * 4);
  EXPECT_EQ(producer.workspace_bytes(dynamic_problem(7, 1280, 32), producer.default_point()),
            16 + 7 * 1089 * 4);
  // The consumer's shared memory holds its tokens' logits: 8 tokens of n = 32 fit, 16 would not.
  const Problem n32 = dynamic_problem(128, 1280, 32);
  EXPECT_EQ(invalid("dyn_splitk_coeff_pre", n32, {{"tokens", 8}}), "");
  EXPECT_EQ(consumer.geometry(n32, with(consumer, {{"tokens", 8}})).grid[0], 16u);
}

TEST(DynamicForwardOps, CoefficientMappings) {
  const auto& op = find_op("dyn_coefficients");
  for (const int64_t n : {4, 8, 16, 32}) {
    const Problem p = dynamic_problem(1000, 1280, n);
    EXPECT_EQ(op.invalid_reason(p, with(op, {{"mapping", 0}})) == "", n <= 8) << n;
    EXPECT_EQ(op.invalid_reason(p, with(op, {{"mapping", 1}})), "") << n;
    EXPECT_EQ(op.invalid_reason(p, with(op, {{"mapping", 2}})) == "", n <= 16) << n;
  }
  const Problem p = dynamic_problem(1000, 1280, 4);
  EXPECT_EQ(op.geometry(p, with(op, {{"mapping", 0}, {"threads", 128}})).grid[0],
            8u);  // 128 per block
  EXPECT_EQ(op.geometry(p, with(op, {{"mapping", 1}, {"threads", 128}})).grid[0],
            250u);  // 4 per block
  EXPECT_EQ(op.geometry(p, with(op, {{"mapping", 2}, {"threads", 128}})).grid[0],
            32u);  // 32 per block
  EXPECT_EQ(
      op.geometry(dynamic_problem(1000, 1280, 16), with(op, {{"mapping", 2}, {"threads", 64}}))
          .grid[0],
      250u);
}

TEST(DynamicForwardOps, FusedPreHoldsXOnlyWhereItFits) {
  const auto& op = find_op("dyn_fused_pre");
  const Problem f32 = dynamic_problem(320, 1280, 4),
                bf16 = dynamic_problem(320, 1280, 4, Dtype::bf16);
  // One f32 token of n*C = 5120 values is 20 KB: two fit beside the static arrays, four do not.
  EXPECT_EQ(op.invalid_reason(f32, with(op, {{"hold", 1}, {"tokens", 2}})), "");
  EXPECT_EQ(op.geometry(f32, with(op, {{"hold", 1}, {"tokens", 2}})).shared_bytes, 2u * 5120 * 4);
  EXPECT_NE(op.invalid_reason(f32, with(op, {{"hold", 1}, {"tokens", 4}})), "");
  EXPECT_EQ(op.invalid_reason(bf16, with(op, {{"hold", 1}, {"tokens", 4}})), "");
  EXPECT_EQ(op.geometry(bf16, with(op, {{"hold", 1}, {"tokens", 4}})).shared_bytes, 4u * 5120 * 2);
  EXPECT_EQ(op.geometry(bf16, with(op, {{"hold", 0}})).shared_bytes, 0u);
  // n >= 16: only the default remains, as the fallback.
  for (const int64_t n : {16, 32}) {
    const Problem p = dynamic_problem(128, 1280, n);
    EXPECT_EQ(op.invalid_reason(p, op.default_point()), "") << n;
    EXPECT_NE(op.invalid_reason(p, with(op, {{"tokens", 2}})), "") << n;
  }
  // n = 8 keeps a real space.
  size_t valid = 0;
  for (const auto& q : op.all_points())
    valid += op.invalid_reason(dynamic_problem(256, 1280, 8), q).empty();
  EXPECT_GT(valid, 20u);
}

// The largest valid points of each kernel (by the constraint logic) compile through NVRTC for
// sm_90a and sm_80 without spills and within 48 KB of shared memory, static plus dynamic: the
// mirrored layouts do not under-count.
TEST(DynamicForwardOps, LargestValidPointsCompileWithinLimits) {
  struct Sample {
    const char* op;
    Problem problem;
    std::vector<std::pair<std::string, int64_t>> changes;
  };
  const std::vector<Sample> samples = {
      {"dyn_projection",
       dynamic_problem(64, 1280, 4),
       {{"threads", 128}, {"vec", 8}, {"tokens", 8}}},
      {"dyn_projection",
       dynamic_problem(64, 1280, 32),
       {{"threads", 128}, {"vec", 4}, {"tokens", 16}, {"cols", 4}}},
      {"dyn_projection_mma",
       dynamic_problem(64, 1280, 32, Dtype::bf16),
       {{"m_tiles", 2}, {"n_tiles", 8}, {"warps_n", 2}, {"warps_k", 4}}},
      {"dyn_projection_mma",
       dynamic_problem(64, 1280, 8),
       {{"m_tiles", 4}, {"n_tiles", 4}, {"warps_k", 4}}},
      {"dyn_fused_pre",
       dynamic_problem(64, 1280, 4),
       {{"hold", 1}, {"tokens", 2}, {"threads", 512}, {"vec", 8}}},
      {"dyn_fused_pre",
       dynamic_problem(64, 1280, 8, Dtype::bf16),
       {{"tokens", 16}, {"threads", 128}, {"vec", 2}}},
      {"dyn_splitk_coeff_pre",
       dynamic_problem(64, 1280, 32),
       {{"tokens", 8}, {"threads", 512}, {"vec", 8}}},
      {"dyn_coefficients", dynamic_problem(64, 1280, 8), {{"mapping", 0}, {"threads", 256}}},
  };
  std::vector<CompileRequest> requests;
  std::vector<int64_t> dynamic_bytes;
  for (const auto& s : samples) {
    const auto& op = find_op(s.op);
    const auto point = with(op, s.changes);
    ASSERT_EQ(op.invalid_reason(s.problem, point), "") << s.op << " " << point.to_string();
    for (const std::string arch : {"sm_90a", "sm_80"}) {
      requests.push_back(compile_request_for(op, s.problem, point, arch));
      dynamic_bytes.push_back(op.geometry(s.problem, point).shared_bytes);
    }
  }
  auto settings = default_compiler_settings();
  settings.cache_dir = std::filesystem::path(::testing::TempDir()) /
                       ("mhc-dyn-ops-cache-" + std::to_string(::getpid()));
  const auto outcomes = compile_many(requests, settings, 2);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    ASSERT_TRUE(outcomes[i].ok()) << requests[i].label << ": " << outcomes[i].failure.message
                                  << "\n"
                                  << outcomes[i].failure.log.substr(0, 2000);
    const auto& usage = outcomes[i].kernel->usage;
    EXPECT_EQ(usage.spill_stores, 0) << requests[i].label << " " << requests[i].arch;
    EXPECT_LE(std::max<int64_t>(usage.shared_bytes, 0) + dynamic_bytes[i], 48 * 1024)
        << requests[i].label << " " << requests[i].arch;
  }
  std::filesystem::remove_all(settings.cache_dir);
}

}  // namespace
}  // namespace mhc
