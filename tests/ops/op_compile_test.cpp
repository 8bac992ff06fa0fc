// Every op's kernels compile through the project's NVRTC compiler: n = 4 and 32, the default point
// of both residual dtypes for sm_90a and sm_80, and both ends of every axis (others at their
// defaults, where valid) for sm_90a with the f32 residual. Compiled into a private cache so nothing
// is assumed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "jit/compile_many.hpp"
#include "ops/registry.hpp"
#include "plan/variant_plan.hpp"

namespace mhc {
namespace {

std::vector<ParamPoint> sample_points(const OpDefinition& op) {
  std::vector<ParamPoint> points = {op.default_point()};
  for (size_t a = 0; a < op.axes.size(); ++a)
    for (const auto value : {op.axes[a].values.front(), op.axes[a].values.back()}) {
      auto values = op.default_point().values();
      values[a].second = value;
      points.emplace_back(values);
    }
  return points;
}

// One compile request and every (op, point) that needs it (ops may share a kernel).
struct Sample {
  std::vector<const OpDefinition*> ops;
  bool is_default = false;
};

std::vector<CompileRequest> sample_requests(std::vector<Sample>& samples) {
  std::map<std::string, size_t> seen;
  std::vector<CompileRequest> requests;
  for (const auto& op : op_registry())
    for (const auto dtype : {Dtype::f32, Dtype::bf16})
      for (const int64_t n : {4, 32}) {
        Problem p;
        p.direction = op.direction;
        p.path = op.paths.front();
        p.shape = {64, 1280, n};
        p.residual_dtype = dtype;
        const auto points = sample_points(op);
        for (size_t i = 0; i < points.size(); ++i) {
          if (!op.invalid_reason(p, points[i]).empty()) continue;
          for (const std::string arch : {"sm_90a", "sm_80"}) {
            // Axis ends on Hopper with the f32 residual; defaults everywhere else (CI time).
            if ((arch == "sm_80" || dtype == Dtype::bf16) && i > 0) continue;
            auto request = compile_request_for(op, p, points[i], arch);
            const auto [it, inserted] = seen.emplace(
                request.arch + op.source + request.name_expressions[0], requests.size());
            if (inserted) {
              requests.push_back(request);
              samples.push_back({});
            }
            samples[it->second].ops.push_back(&op);
            samples[it->second].is_default |= i == 0;
          }
        }
      }
  return requests;
}

TEST(OpCompile, SampleOfEverySpaceCompilesForHopperAndAmpere) {
  std::vector<Sample> samples;
  const auto requests = sample_requests(samples);
  ASSERT_FALSE(requests.empty());
  auto settings = default_compiler_settings();
  settings.cache_dir = std::filesystem::path(::testing::TempDir()) /
                       ("mhc-op-compile-cache-" + std::to_string(getpid()));
  std::filesystem::remove_all(settings.cache_dir);
  const auto outcomes = compile_many(requests, settings, 2);
  std::map<std::string, int> compiled_per_op;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    EXPECT_TRUE(outcomes[i].ok()) << requests[i].label << ": " << outcomes[i].failure.message
                                  << "\n"
                                  << outcomes[i].failure.log.substr(0, 2000);
    if (!outcomes[i].ok()) continue;
    const auto& kernel = *outcomes[i].kernel;
    EXPECT_FALSE(kernel.cubin.empty()) << requests[i].label;
    EXPECT_GE(kernel.usage.registers, 1) << requests[i].label;
    // Defaults must not spill: the library falls back to them for every shape.
    if (samples[i].is_default)
      EXPECT_EQ(kernel.usage.spill_stores, 0)
          << requests[i].label << " spills at its default point";
    for (const auto* op : samples[i].ops) ++compiled_per_op[op->name];
  }
  for (const auto& op : op_registry()) EXPECT_GT(compiled_per_op[op.name], 0) << op.name;
  std::filesystem::remove_all(settings.cache_dir);
}

}  // namespace
}  // namespace mhc
