#include "jit/compile_many.hpp"

#include <gtest/gtest.h>

#include <set>

#include "jit/kernel_sandbox.hpp"

namespace mhc {
namespace {

using testing::has_elf_magic;
using testing::KernelSandbox;
using testing::scale_request;

// Memoised but cubic: Cube<40, 40, 40> is 68,921 class instantiations, many seconds of NVRTC.
constexpr const char* kSlowKernel = R"(
template <int A, int B, int C> struct Cube {
  static constexpr long value =
      Cube<A - 1, B, C>::value + Cube<A, B - 1, C>::value + Cube<A, B, C - 1>::value;
};
template <int B, int C> struct Cube<0, B, C> { static constexpr long value = 1; };
template <int A, int C> struct Cube<A, 0, C> { static constexpr long value = 1; };
template <int A, int B> struct Cube<A, B, 0> { static constexpr long value = 1; };
template <int C> struct Cube<0, 0, C> { static constexpr long value = 1; };
template <int B> struct Cube<0, B, 0> { static constexpr long value = 1; };
template <int A> struct Cube<A, 0, 0> { static constexpr long value = 1; };
template <> struct Cube<0, 0, 0> { static constexpr long value = 1; };
__global__ void slow(long* out) { *out = Cube<40, 40, 40>::value; }
)";

std::vector<CompileRequest> mixed_requests() {
  return {scale_request("sm_90a"),
          {"broken.cu", {}, {}, "sm_90a", "broken{}"},
          scale_request("sm_80"),
          scale_request("compute_90", "scale<64, float>")};
}

TEST(CompileMany, TwoWorkersReturnOutcomesInRequestOrder) {
  KernelSandbox sandbox;
  const std::vector<CompileRequest> requests = mixed_requests();
  std::vector<CompileProgress> reports;
  const std::vector<CompileOutcome> outcomes =
      compile_many(requests, sandbox.settings(), 2,
                   [&](const CompileProgress& progress) { reports.push_back(progress); });
  ASSERT_EQ(outcomes.size(), 4u);

  ASSERT_TRUE(outcomes[0].ok()) << outcomes[0].failure.message;
  EXPECT_TRUE(has_elf_magic(outcomes[0].kernel->cubin));
  EXPECT_NE(outcomes[0].kernel->log.find("for 'sm_90a'"), std::string::npos);
  EXPECT_FALSE(outcomes[0].kernel->cache_hit);
  EXPECT_GT(outcomes[0].kernel->compile_ms, 0.0);
  EXPECT_GE(outcomes[0].kernel->usage.registers, 1);

  ASSERT_FALSE(outcomes[1].ok());
  EXPECT_EQ(outcomes[1].failure.kind, CompileFailureKind::kCompileError);
  EXPECT_NE(outcomes[1].failure.message.find("broken{}"), std::string::npos);
  EXPECT_NE(outcomes[1].failure.message.find("error"), std::string::npos);
  EXPECT_NE(outcomes[1].failure.log.find("1 error detected"), std::string::npos);

  ASSERT_TRUE(outcomes[2].ok()) << outcomes[2].failure.message;
  EXPECT_NE(outcomes[2].kernel->log.find("for 'sm_80'"), std::string::npos);
  ASSERT_TRUE(outcomes[3].ok()) << outcomes[3].failure.message;
  EXPECT_TRUE(outcomes[3].kernel->cubin.empty());
  EXPECT_TRUE(outcomes[3].kernel->lowered_names.at(0).starts_with("_Z5scaleILi64EfE"));

  ASSERT_EQ(reports.size(), 4u);
  std::set<size_t> indices;
  for (size_t i = 0; i < reports.size(); ++i) {
    EXPECT_EQ(reports[i].finished, i + 1);
    EXPECT_EQ(reports[i].total, 4u);
    EXPECT_EQ(reports[i].outcome, &outcomes[reports[i].index]);
    indices.insert(reports[i].index);
  }
  EXPECT_EQ(indices.size(), 4u);
}

TEST(CompileMany, SecondRunIsServedFromTheCache) {
  KernelSandbox sandbox;
  const std::vector<CompileOutcome> first = compile_many(mixed_requests(), sandbox.settings(), 2);
  const std::vector<CompileOutcome> second = compile_many(mixed_requests(), sandbox.settings(), 2);
  for (size_t i : {0u, 2u, 3u}) {
    ASSERT_TRUE(first[i].ok() && second[i].ok()) << i;
    EXPECT_TRUE(second[i].kernel->cache_hit) << i;
    EXPECT_EQ(second[i].kernel->cubin, first[i].kernel->cubin) << i;
    EXPECT_EQ(second[i].kernel->ptx, first[i].kernel->ptx) << i;
  }
  EXPECT_EQ(second[1].failure.kind, CompileFailureKind::kCompileError);  // failures are not cached
}

TEST(CompileMany, WorksWithTheCacheOffAndLeavesItUntouched) {
  KernelSandbox sandbox;
  CompilerSettings settings = sandbox.settings();
  settings.use_cache = false;
  const std::vector<CompileOutcome> outcomes =
      compile_many({scale_request("sm_90a"), scale_request("compute_90")}, settings, 1);
  ASSERT_TRUE(outcomes[0].ok()) << outcomes[0].failure.message;
  ASSERT_TRUE(outcomes[1].ok()) << outcomes[1].failure.message;
  EXPECT_TRUE(has_elf_magic(outcomes[0].kernel->cubin));
  EXPECT_FALSE(outcomes[0].kernel->cache_hit);
  EXPECT_FALSE(std::filesystem::exists(settings.cache_dir));
}

TEST(CompileMany, BadRequestsBecomeErrorOutcomes) {
  KernelSandbox sandbox;
  const std::vector<CompileOutcome> outcomes = compile_many(
      {{"absent.cu", {}, {}, "sm_90a", "absent"}, scale_request("gfx1100")}, sandbox.settings(), 2);
  ASSERT_FALSE(outcomes[0].ok());
  EXPECT_EQ(outcomes[0].failure.kind, CompileFailureKind::kError);
  EXPECT_NE(outcomes[0].failure.message.find("absent.cu"), std::string::npos);
  ASSERT_FALSE(outcomes[1].ok());
  EXPECT_NE(outcomes[1].failure.message.find("gfx1100"), std::string::npos);
}

TEST(CompileMany, AWorkerPastItsTimeoutIsKilled) {
  KernelSandbox sandbox;
  sandbox.write("slow.cu", kSlowKernel);
  CompilerSettings settings = sandbox.settings();
  settings.worker_timeout = std::chrono::milliseconds(300);
  const std::vector<CompileOutcome> outcomes =
      compile_many({{"slow.cu", {}, {}, "sm_90a", "slow{cube=40}"}}, settings, 2);
  ASSERT_FALSE(outcomes[0].ok());
  EXPECT_EQ(outcomes[0].failure.kind, CompileFailureKind::kTimeout);
  EXPECT_NE(outcomes[0].failure.message.find("slow{cube=40}"), std::string::npos);
  EXPECT_EQ(to_string(outcomes[0].failure.kind), "timeout");
  // A killed worker leaves neither an entry nor staging debris.
  const std::filesystem::path staging = settings.cache_dir / "kernels-v1" / ".staging";
  EXPECT_TRUE(!std::filesystem::exists(staging) || std::filesystem::is_empty(staging));
}

}  // namespace
}  // namespace mhc
