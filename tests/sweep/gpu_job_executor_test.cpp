// On a GPU (suites Gpu*, ctest label `gpu`; they skip without one): every op's default variant,
// and every pipeline with default variants, verifies against the float64 reference on every paper
// shape; a deliberately wrong kernel (a test fixture under tests/sweep/fixtures) is caught.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/gpu_available.hpp"
#include "jit/compiler.hpp"
#include "ops/registry.hpp"
#include "plan/shape_catalog.hpp"
#include "plan/variant_plan.hpp"
#include "sweep/job_builder.hpp"
#include "sweep/job_executor.hpp"

namespace mhc {
namespace {

class GpuJobExecutor : public testing::GpuTest {
 protected:
  static CompilerSettings settings() { return default_compiler_settings(); }
  static std::string arch() {
    const auto& d = testing::host_environment().devices.front();
    return generic_target(d.detected()).arch;
  }
  static VariantChoice compiled(const OpDefinition& op, const Problem& p, const ParamPoint& point) {
    const auto k = compile_kernel(compile_request_for(op, p, point, arch()), settings());
    return {point, {k.key, k.lowered_names.at(0)}};
  }
  static std::vector<Problem> paper_problems(Direction direction) {
    std::vector<Problem> problems;
    for (const auto& shape : find_shape_set("paper").shapes)
      for (const auto path : {HPath::static_h, HPath::dynamic_h})
        for (const auto dtype : {Dtype::f32, Dtype::bf16}) {
          Problem p;
          p.shape = shape;
          p.path = path;
          p.direction = direction;
          p.residual_dtype = dtype;
          problems.push_back(p);
        }
    return problems;
  }
};

TEST_F(GpuJobExecutor, EveryOpDefaultVerifiesOnEveryPaperShape) {
  JobExecutor executor(0, settings().cache_dir);
  for (const auto direction : {Direction::forward, Direction::backward})
    for (const auto& p : paper_problems(direction))
      for (const auto& op : op_registry()) {
        if (!op.serves(p) || !op.verifiable_alone) continue;
        RunJob job = op_job(p, op, compiled(op, p, op.default_point()));
        job.measure = false;
        job.seed = 11;
        const auto r = executor.execute(job);
        EXPECT_EQ(r.outcome, JobOutcome::ok)
            << job.subject << " on " << to_string(p) << ": " << r.message;
      }
}

TEST_F(GpuJobExecutor, EveryPipelineWithDefaultsVerifiesOnEveryPaperShape) {
  JobExecutor executor(0, settings().cache_dir);
  for (const auto direction : {Direction::forward, Direction::backward})
    for (const auto& p : paper_problems(direction))
      for (const auto* pipeline : pipelines_for(p)) {
        std::map<std::string, VariantChoice> choices;
        for (const auto& name : pipeline->op_names()) {
          const auto& op = find_op(name);
          choices[name] = compiled(op, p, op.default_point());
        }
        RunJob job = pipeline_job(p, *pipeline, choices);
        job.measure = false;
        job.seed = 12;
        const auto r = executor.execute(job);
        EXPECT_EQ(r.outcome, JobOutcome::ok)
            << pipeline->name << " on " << to_string(p) << ": " << r.message;
      }
}

// A post_mix that forgets the last stream's contribution: the verifier must call it wrong.
TEST_F(GpuJobExecutor, DeliberatelyWrongKernelIsCaught) {
  namespace fs = std::filesystem;
  auto s = settings();
  const fs::path dir = fs::path(::testing::TempDir()) / "mhc-wrong-kernel";
  fs::create_directories(dir);
  fs::copy(s.kernels_dir / "common", dir / "common",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  {
    std::ofstream out(dir / "wrong_post_mix.cu");
    out << "#include \"common/mhc_device.cuh\"\nusing namespace mhc_dev;\n"
           "template <int N> __global__ void fixture_wrong_post_mix(const MhcLayerArgs a) {\n"
           "  const long long C = a.hidden, b = blockIdx.x;\n"
           "  const float* x = slot<float>(a, kX); float* y = slot<float>(a, kXNext);\n"
           "  const float* h = slot<float>(a, kHRes) + h_row(a, b) * N * N;\n"
           "  const float* hp = slot<float>(a, kHPost) + h_row(a, b) * N;\n"
           "  const __nv_bfloat16* f = slot<__nv_bfloat16>(a, kF);\n"
           "  for (long long c = threadIdx.x; c < C; c += blockDim.x)\n"
           "    for (int i = 0; i < N; ++i) { float acc = hp[i] * __bfloat162float(f[b * C + c]);\n"
           "      for (int j = 0; j + 1 < N; ++j) acc += h[i * N + j] * x[(b * N + j) * C + c];\n"
           "      y[(b * N + i) * C + c] = acc; } }\n";
  }
  s.kernels_dir = dir;
  CompileRequest request{"wrong_post_mix.cu", {"fixture_wrong_post_mix<4>"}, {}, arch(), "fixture"};
  const auto k = compile_kernel(request, s);
  Problem p;
  p.path = HPath::dynamic_h;
  p.shape = {64, 256, 4};
  RunJob job = op_job(p, find_op("post_mix"),
                      {find_op("post_mix").default_point(), {k.key, k.lowered_names[0]}});
  job.launches[0].geometry.grid[0] = 64;
  job.launches[0].geometry.block[0] = 128;
  job.measure = false;
  JobExecutor executor(0, s.cache_dir);
  const auto r = executor.execute(job);
  EXPECT_EQ(r.outcome, JobOutcome::wrong) << r.message;
  EXPECT_NE(r.message.find("x_next"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace mhc
