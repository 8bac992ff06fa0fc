// The forward ops both paths share and the static path's own (src/ops/shared_forward_ops.cpp):
// name expressions, launch geometry, constraint logic, and agreement with the kernel sources.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/problems.hpp"
#include "ops/registry.hpp"

namespace mhc {
namespace {

constexpr const char* kBothPathOps[] = {"pre_aggregate", "rmsnorm", "pre_rmsnorm_fused",
                                        "post_mix"};
constexpr const char* kStaticOps[] = {"static_coefficients", "static_pre_fused",
                                      "static_pre_rmsnorm_fused"};

std::vector<const OpDefinition*> my_ops() {
  std::vector<const OpDefinition*> ops;
  for (const char* name : kBothPathOps) ops.push_back(&find_op(name));
  for (const char* name : kStaticOps) ops.push_back(&find_op(name));
  return ops;
}

TEST(SharedForwardOps, ServeTheirPathsForwardOnly) {
  for (const char* name : kBothPathOps)
    for (const auto path : {HPath::static_h, HPath::dynamic_h})
      EXPECT_TRUE(find_op(name).serves(forward_problem(path, 320, 1280, 4))) << name;
  for (const char* name : kStaticOps) {
    EXPECT_TRUE(find_op(name).serves(forward_problem(HPath::static_h, 320, 1280, 4))) << name;
    EXPECT_FALSE(find_op(name).serves(forward_problem(HPath::dynamic_h, 320, 1280, 4))) << name;
  }
  for (const auto* op : my_ops()) {
    Problem p = forward_problem(HPath::static_h, 320, 1280, 4);
    p.direction = Direction::backward;
    EXPECT_FALSE(op->serves(p)) << op->name;
  }
}

// Beyond the paper shapes of registry_test: every n, C from 8 to 65536, B from 1 up, both dtypes:
// the tuned library falls back to the default point for any of them.
TEST(SharedForwardOps, DefaultsAreValidAndLaunchableForEverySupportedShape) {
  for (const auto* op : my_ops()) {
    const auto point = op->default_point();
    for (const auto path : op->paths)
      for (const int64_t n : {4, 8, 16, 32})
        for (const int64_t C : {8, 16, 24, 40, 1280, 1288, 7168, 65528, 65536})
          for (const int64_t B : {1, 7, 33, 4096, 100000})
            for (const auto dtype : {Dtype::f32, Dtype::bf16}) {
              const Problem p = forward_problem(path, B, C, n, dtype);
              const std::string where = op->name + " on " + to_string(p);
              EXPECT_EQ(op->invalid_reason(p, point), "") << where;
              const auto g = op->geometry(p, point);
              EXPECT_GE(g.grid[0], 1u) << where;
              EXPECT_LE(g.grid[0], 2147483647u) << where;
              EXPECT_EQ(g.grid[1], 1u) << where;
              EXPECT_EQ(g.block[0] % 32, 0u) << where;
              EXPECT_LE(g.block[0], 1024u) << where;
              EXPECT_EQ(g.shared_bytes, 0u) << where;
              EXPECT_FALSE(op->workspace_bytes) << where;
            }
  }
}

TEST(SharedForwardOps, NameExpressionsMatchTheKernelTemplates) {
  const Problem f32_n4 = forward_problem(HPath::dynamic_h, 320, 1280, 4);
  const Problem bf16_n32 = forward_problem(HPath::static_h, 128, 1280, 32, Dtype::bf16);
  auto name_of = [](const char* op, const Problem& p) {
    return find_op(op).kernel_name(p, find_op(op).default_point());
  };
  EXPECT_EQ(name_of("pre_aggregate", f32_n4), "mhc_pre_aggregate<float, 4, 256, 4, 1>");
  EXPECT_EQ(name_of("pre_aggregate", bf16_n32), "mhc_pre_aggregate<__nv_bfloat16, 32, 256, 4, 1>");
  // F's input is bf16 whatever the residual: one rmsnorm kernel serves both dtypes.
  EXPECT_EQ(name_of("rmsnorm", f32_n4), "mhc_rmsnorm<256, 4, 2, 0>");
  EXPECT_EQ(name_of("rmsnorm", bf16_n32), "mhc_rmsnorm<256, 4, 2, 0>");
  EXPECT_EQ(name_of("pre_rmsnorm_fused", bf16_n32),
            "mhc_pre_rmsnorm_fused<__nv_bfloat16, 32, 256, 4, 2, 0>");
  EXPECT_EQ(name_of("post_mix", f32_n4), "mhc_post_mix<float, 4, 128, 2, 1>");
  EXPECT_EQ(name_of("static_coefficients", bf16_n32), "mhc_static_coefficients<32>");
  EXPECT_EQ(name_of("static_pre_fused", bf16_n32),
            "mhc_static_pre_fused<__nv_bfloat16, 32, 256, 4, 1>");
  EXPECT_EQ(name_of("static_pre_rmsnorm_fused", bf16_n32),
            "mhc_static_pre_rmsnorm_fused<__nv_bfloat16, 32, 256, 4, 2, 0>");
  const auto& rms = find_op("rmsnorm");
  EXPECT_EQ(rms.kernel_name(f32_n4,
                            with(rms, {{"threads", 64}, {"vec", 8}, {"items", 1}, {"mapping", 1}})),
            "mhc_rmsnorm<64, 8, 1, 1>");
}

// Each kernel source declares the template the name expression instantiates, with as many
// parameters as the expression has arguments, and starts with the header comment.
TEST(SharedForwardOps, KernelSourcesDeclareTheNamedTemplates) {
  const Problem p = forward_problem(HPath::static_h, 64, 1280, 8);
  for (const auto* op : my_ops()) {
    std::ifstream in(std::filesystem::path(MHC_SOURCE_DIR) / "kernels" / op->source);
    ASSERT_TRUE(in) << op->source;
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    EXPECT_EQ(source.rfind("// " + op->name + ":", 0), 0u) << op->source << " header comment";
    const std::string expr = op->kernel_name(p, op->default_point());
    const std::string kernel = expr.substr(0, expr.find('<'));
    const auto arguments = std::count(expr.begin(), expr.end(), ',') + 1;
    const std::regex declaration(
        "template <([^>]*)>\\s*__global__ void __launch_bounds__\\([^)]*\\) " + kernel +
        "\\(const MhcLayerArgs args\\)");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(source, match, declaration)) << kernel << " in " << op->source;
    const std::string parameters = match[1];
    EXPECT_EQ(std::count(parameters.begin(), parameters.end(), ',') + 1, arguments) << kernel;
  }
}

TEST(SharedForwardOps, GeometryCoversEveryToken) {
  const Problem p = forward_problem(HPath::dynamic_h, 7, 1280, 4);
  const auto& pre = find_op("pre_aggregate");
  EXPECT_EQ(pre.geometry(p, with(pre, {{"tokens", 4}})).grid[0], 2u);  // 4 + 3 tokens
  EXPECT_EQ(pre.geometry(p, with(pre, {{"tokens", 8}})).grid[0], 1u);
  EXPECT_EQ(pre.geometry(p, with(pre, {{"threads", 512}})).block[0], 512u);

  const auto& rms = find_op("rmsnorm");
  const Problem many = forward_problem(HPath::dynamic_h, 33, 1280, 4);
  EXPECT_EQ(rms.geometry(many, rms.default_point()).grid[0], 33u);  // a block per token
  // A warp per token: 256 threads hold 8 tokens, 33 tokens need 5 blocks.
  EXPECT_EQ(rms.geometry(many, with(rms, {{"mapping", 1}})).grid[0], 5u);
  EXPECT_EQ(rms.geometry(many, with(rms, {{"mapping", 1}, {"threads", 64}})).grid[0], 17u);
  const auto& fused = find_op("static_pre_rmsnorm_fused");
  EXPECT_EQ(
      fused
          .geometry(forward_problem(HPath::static_h, 33, 1280, 4),
                    with(fused, {{"mapping", 1}, {"threads", 1024}, {"vec", 2}, {"items", 1}}))
          .grid[0],
      2u);

  const auto g = find_op("static_coefficients").geometry(p, {});
  EXPECT_EQ(g.grid[0], 1u);
  EXPECT_EQ(g.block[0], 32u);  // one warp: the kernel's shuffles and __syncwarp assume it
}

TEST(SharedForwardOps, ConstraintsRejectWhatWouldSpillOrMisalign) {
  const Problem n32 = forward_problem(HPath::dynamic_h, 64, 1280, 32);
  const Problem n16 = forward_problem(HPath::dynamic_h, 64, 1280, 16);
  // post_mix holds n * vec floats of x per thread.
  EXPECT_NE(invalid("post_mix", n32, {{"vec", 4}}), "");
  EXPECT_EQ(invalid("post_mix", n16, {{"vec", 4}}), "");
  EXPECT_EQ(invalid("post_mix", n32, {{"vec", 2}}), "");
  // The fused kernels cache items * vec floats: at most 4096 / threads.
  for (const char* name : {"pre_rmsnorm_fused", "static_pre_rmsnorm_fused"}) {
    Problem p = n32;
    p.path = HPath::static_h;
    EXPECT_NE(invalid(name, p, {{"threads", 1024}, {"vec", 8}, {"items", 1}}), "") << name;
    EXPECT_EQ(invalid(name, p, {{"threads", 1024}, {"vec", 2}, {"items", 2}}), "") << name;
    EXPECT_NE(invalid(name, p, {{"threads", 512}, {"vec", 8}, {"items", 2}}), "") << name;
    EXPECT_EQ(invalid(name, p, {{"threads", 256}, {"vec", 8}, {"items", 2}}), "") << name;
  }
  // The unfused rmsnorm has no such limit (no aggregation registers beside the cache).
  EXPECT_EQ(invalid("rmsnorm", n32, {{"threads", 1024}, {"vec", 8}, {"items", 4}}), "");
  // vec must divide C (C is a multiple of 8 in every supported shape, so this guards misuse).
  const Problem odd = forward_problem(HPath::dynamic_h, 64, 1284, 4);
  for (const char* name : {"pre_aggregate", "rmsnorm", "pre_rmsnorm_fused", "post_mix"}) {
    EXPECT_NE(invalid(name, odd, {{"vec", 8}}), "") << name;
    EXPECT_EQ(invalid(name, odd, {{"vec", 2}}), "") << name;
  }
}

TEST(SharedForwardOps, SpacesHaveTheExpectedSizes) {
  auto size = [](const char* name) { return find_op(name).all_points().size(); };
  EXPECT_EQ(size("pre_aggregate"), 80u);  // 5 threads x 4 vec x 4 tokens
  EXPECT_EQ(size("static_pre_fused"), 80u);
  EXPECT_EQ(size("rmsnorm"), 90u);  // 5 threads x 3 vec x 3 items x 2 mappings
  EXPECT_EQ(size("pre_rmsnorm_fused"), 90u);
  EXPECT_EQ(size("post_mix"), 48u);
  EXPECT_EQ(size("static_coefficients"), 1u);  // no axes: the empty point
  // The fused register budget (items * vec <= 4096 / threads) leaves 35 of 45 per mapping.
  const auto& fused = find_op("pre_rmsnorm_fused");
  const Problem p = forward_problem(HPath::dynamic_h, 320, 1280, 4);
  const auto points = fused.all_points();
  const auto valid = std::count_if(points.begin(), points.end(), [&](const ParamPoint& q) {
    return fused.invalid_reason(p, q).empty();
  });
  EXPECT_EQ(valid, 70);
}

TEST(SharedForwardOps, MinBytesFollowTheFloor) {
  const Problem f32 = forward_problem(HPath::dynamic_h, 320, 1280, 4);
  const int64_t x = 320 * 4 * 1280 * 4, io = 320 * 1280 * 2;
  EXPECT_EQ(find_op("pre_aggregate").min_bytes(f32), x + io + 320 * 4 * 4);
  EXPECT_EQ(find_op("rmsnorm").min_bytes(f32), 2 * io + 1280 * 4);
  EXPECT_EQ(find_op("pre_rmsnorm_fused").min_bytes(f32), x + 2 * io + 1280 * 4 + 320 * 4 * 4);
  const Problem bf16 = forward_problem(HPath::static_h, 320, 1280, 4, Dtype::bf16);
  const int64_t xb = 320 * 4 * 1280 * 2, m = 24 * 4;
  EXPECT_EQ(find_op("static_coefficients").min_bytes(bf16), 2 * m);
  EXPECT_EQ(find_op("static_pre_fused").min_bytes(bf16), xb + io + 2 * m);
  EXPECT_EQ(find_op("static_pre_rmsnorm_fused").min_bytes(bf16), xb + 2 * io + 1280 * 4 + 2 * m);
}

}  // namespace
}  // namespace mhc
