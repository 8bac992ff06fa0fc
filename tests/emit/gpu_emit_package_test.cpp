// GPU: a package emitted by the mhc-tune binary from a fixture database whose "winners" are the
// registry's fused pipelines at their default points (a different one per shape, so every fused
// pipeline is used) on every paper shape, both H paths, forward and backward, float32 (and bf16 on
// the first shape). The example app runs each layer forward then backward through the C API and
// must match the float64 reference; the C API must refuse host and missing pointers.
#include <cuda_runtime_api.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <future>
#include <vector>

#include "c_api_library.hpp"
#include "common/gpu_available.hpp"
#include "common/store_fixture.hpp"
#include "ops/registry.hpp"
#include "package_commands.hpp"
#include "plan/shape_catalog.hpp"

namespace mhc::emit {
namespace {
namespace fs = std::filesystem;

using testing::quote;
using testing::run_process;

std::vector<Shape> paper_shapes() {
  return find_shape_set("paper").shapes;
}

// The fused (non-baseline) pipelines serving `problem`, in registry order.
std::vector<const PipelineDefinition*> fused_pipelines(const Problem& problem) {
  std::vector<const PipelineDefinition*> out;
  for (const auto* p : pipelines_for(problem))
    if (!p->baseline) out.push_back(p);
  return out;
}

// TEST-FIXTURE database: made-up timings; only which pipeline and variants "won" matters here.
void write_paper_fixture_db(const fs::path& path) {
  auto db = store::TuningDatabase::open_for_write(path);
  const auto device = db.upsert_device(testing::fixture_device());
  const auto run = db.begin_run(testing::fixture_run(device, "run-gpu-emit-fixture"));
  db.upsert_source({"fixture-hash", "fixture.cu", "// TEST-FIXTURE\n"});
  const auto shapes = paper_shapes();
  for (size_t s = 0; s < shapes.size(); ++s)
    for (auto dtype : {Dtype::f32, Dtype::bf16})
      for (auto path : {HPath::static_h, HPath::dynamic_h})
        for (auto direction : {Direction::forward, Direction::backward}) {
          if (dtype == Dtype::bf16 && s != 0) continue;
          Problem problem{path,  direction,         shapes[s],
                          dtype, Convention::paper, default_constants(Convention::paper)};
          const auto candidates = fused_pipelines(problem);
          ASSERT_FALSE(candidates.empty()) << to_string(problem);
          const PipelineDefinition& pipeline = *candidates[s % candidates.size()];
          std::vector<store::PipelineMember> members;
          for (const auto& name : pipeline.op_names()) {
            const auto point = find_op(name).default_point().to_string();
            members.push_back(
                {name, db.upsert_variant({name, point, "fixture-hash", "sm_90a", ""})});
          }
          db.record_attempt(testing::fixture_pipeline_attempt(run, db.upsert_problem(problem),
                                                              pipeline.name, members, 10.0));
        }
  db.finish_run(run, store::RunStatus::finished, 3000.0);
}

struct GpuPackage {
  fs::path out, example_build;
  testing::ProcessResult emit, example;
};

// Built once per process, and only where a GPU test runs (the fixture needs about 200 kernels).
const GpuPackage& gpu_package() {
  static const GpuPackage package = [] {
    GpuPackage p;
    const fs::path root = testing::fresh_work_dir("gpu-work");
    write_paper_fixture_db(root / "fixture.db");
    p.out = root / "package";
    // The PTX path is for other GPUs; the device here runs the CUBINs.
    p.emit = run_process(std::string(MHC_TUNE_EXE) + " emit --db " + quote(root / "fixture.db") +
                         " --out " + quote(p.out) + " --fallback tuned --ptx-arch none --build");
    p.example_build = root / "example";
    if (p.emit.exit_code == 0) p.example = testing::build_example(p.out, p.example_build);
    return p;
  }();
  return package;
}

void check_example_layers() {
  const auto check = quote(gpu_package().example_build / "mhc_tuned_layer_check");
  std::vector<std::string> runs;
  for (const auto& s : paper_shapes())
    for (const char* path : {"static", "dynamic"})
      runs.push_back(fmt::format("{} {} {} {} {} f32", check, path, s.tokens, s.hidden, s.streams));
  const Shape first = paper_shapes().front();
  for (const char* path : {"static", "dynamic"}) {
    const auto shape = fmt::format("{} {} {} {}", path, first.tokens, first.hidden, first.streams);
    runs.push_back(check + " " + shape + " bf16");
    runs.push_back("MHC_TUNED_FORCE_BASELINE=1 " + check + " " + shape + " f32");
  }
  // Concurrently: the float64 reference of the larger shapes takes seconds each on the CPU.
  std::vector<std::future<testing::ProcessResult>> results;
  for (const auto& command : runs)
    results.push_back(std::async(std::launch::async, [command] { return run_process(command); }));
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto r = results[i].get();
    EXPECT_EQ(r.exit_code, 0) << runs[i] << "\n" << r.output;
    EXPECT_NE(r.output.find("PASS"), std::string::npos) << runs[i] << "\n" << r.output;
  }
}

// Device buffers for every tensor of a problem, freed at the end of the test.
struct DeviceTensors {
  explicit DeviceTensors(const Problem& problem) {
    for (int i = 0; i < kTensorCount; ++i) {
      const auto t = static_cast<Tensor>(i);
      if (!tensor_used(t, problem)) continue;
      EXPECT_EQ(cudaMalloc(&tensors.ptr[i], tensor_info(t, problem).bytes()), cudaSuccess);
      EXPECT_EQ(cudaMemset(tensors.ptr[i], 0, tensor_info(t, problem).bytes()), cudaSuccess);
    }
  }
  ~DeviceTensors() {
    for (void* p : tensors.ptr) cudaFree(p);
  }
  mhc_tuned_tensors tensors{};
};

void check_c_api_pointers() {
  const testing::CApiLibrary api(gpu_package().out / "lib" / "libmhc_tuned.so");
  mhc_tuned_handle handle = nullptr;
  ASSERT_EQ(api.create(0, &handle), MHC_TUNED_OK);
  const Shape s = paper_shapes().front();
  const auto c = testing::c_problem(MHC_TUNED_STATIC_H, s.tokens, s.hidden, s.streams);
  Problem problem{HPath::static_h, Direction::backward, s,
                  Dtype::f32,      Convention::paper,   default_constants(Convention::paper)};
  DeviceTensors device(problem);
  EXPECT_EQ(api.forward(handle, &c, &device.tensors, nullptr), MHC_TUNED_OK);
  EXPECT_EQ(api.backward(handle, &c, &device.tensors, nullptr), MHC_TUNED_OK);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);

  mhc_tuned_tensors host = device.tensors;
  std::vector<char> host_x(tensor_info(Tensor::x, problem).bytes());
  host.ptr[static_cast<int>(Tensor::x)] = host_x.data();
  EXPECT_EQ(api.forward(handle, &c, &host, nullptr), MHC_TUNED_ERROR_DEVICE_MISMATCH);
  mhc_tuned_tensors missing = device.tensors;
  missing.ptr[static_cast<int>(Tensor::h_res)] = nullptr;
  EXPECT_EQ(api.forward(handle, &c, &missing, nullptr), MHC_TUNED_ERROR_NULL_POINTER);
  const auto odd = testing::c_problem(MHC_TUNED_STATIC_H, s.tokens, s.hidden, 6);
  EXPECT_EQ(api.forward(handle, &odd, &device.tensors, nullptr), MHC_TUNED_ERROR_UNSUPPORTED_SHAPE);
  EXPECT_EQ(api.destroy(handle), MHC_TUNED_OK);
}

class GpuEmitPackage : public testing::GpuTest {};

// One test, as in the CPU emit test: ctest runs each test in its own process, and the package
// (hundreds of kernels, two CMake builds) is built once and shared by both checks.
TEST_F(GpuEmitPackage, ExampleAndCApiMatchTheReferenceOnEveryPaperShape) {
  ASSERT_EQ(gpu_package().emit.exit_code, 0) << gpu_package().emit.output;
  ASSERT_EQ(gpu_package().example.exit_code, 0) << gpu_package().example.output;
  {
    SCOPED_TRACE("example layer check on every paper shape");
    check_example_layers();
  }
  SCOPED_TRACE("C API pointers");
  check_c_api_pointers();
}

}  // namespace
}  // namespace mhc::emit
