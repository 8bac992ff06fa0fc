// `emit --build` on a fixture database (made-up timings, real ops): the package is written, built
// with CMake once for this binary, embeds CUBIN and portable PTX, exports only the C API, checks
// the C API's arguments, and dispatches as the policy says; the example apps build against it.
#include "emit/emit_package.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "c_api_library.hpp"
#include "common/gpu_available.hpp"
#include "common/store_fixture.hpp"
#include "ops/registry.hpp"
#include "package_commands.hpp"
#include "test_pipelines.hpp"

namespace mhc::emit {
namespace {
namespace fs = std::filesystem;

using testing::c_problem;
using testing::run_process;

std::string run_output(const std::string& command) {
  return run_process(command).output;
}

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// TEST-FIXTURE database: (320,1280,4) and (2560,1280,4) static forward, won by test_static_fused
// with post_mix threads=256,vec=8.
void write_fixture_db(const fs::path& path) {
  auto db = store::TuningDatabase::open_for_write(path);
  const auto device = db.upsert_device(testing::fixture_device());
  const auto run = db.begin_run(testing::fixture_run(device, "run-emit-fixture"));
  db.upsert_source({"fixture-hash", "fixture.cu", "// TEST-FIXTURE\n"});
  const auto variant = [&](const std::string& op, const std::string& params) {
    return db.upsert_variant({op, params, "fixture-hash", "sm_90a", ""});
  };
  const auto pre =
      variant("static_pre_fused", find_op("static_pre_fused").default_point().to_string());
  const auto post = variant("post_mix", "threads=256,vec=8,tokens=1");
  for (int64_t tokens : {320, 2560}) {
    const auto problem = db.upsert_problem(testing::static_problem(tokens, 1280));
    db.record_attempt(testing::fixture_pipeline_attempt(
        run, problem, "test_static_fused", {{"static_pre_fused", pre}, {"post_mix", post}}, 20.0));
  }
  db.finish_run(run, store::RunStatus::finished, 3000.0);
}

// The one package build and one example build of this binary.
struct BuiltPackage {
  fs::path out, example_build;
  EmitResult result;
  testing::ProcessResult example;
};

const BuiltPackage& built_package() {
  static const BuiltPackage package = [] {
    BuiltPackage b;
    const fs::path root = testing::fresh_work_dir("work");
    write_fixture_db(root / "fixture.db");
    EmitOptions o;
    o.database = root / "fixture.db";
    o.out = root / "package";
    o.project_dir = MHC_SOURCE_DIR;
    o.version = "0.0.1";
    o.model.fallback = FallbackScope::tuned;
    o.model.pipelines = testing::test_pipelines();
    o.compiler = default_compiler_settings();
    o.compiler.cache_dir = root / "cache";
    o.embed.jobs = 2;
    o.build = true;
    b.result = emit_package(o);
    b.out = o.out;
    b.example_build = root / "example";
    b.example = testing::build_example(o.out, b.example_build);
    return b;
  }();
  return package;
}

// One test, not three: ctest runs every test in its own process, and the package build (two CMake
// builds, about a minute here) is made once and shared by the three checks below.
void check_library_files(const BuiltPackage& b) {
  EXPECT_EQ(b.result.entries, 2u);
  EXPECT_EQ(b.result.kernels, 5u);  // tuned post_mix + 4 default-point kernels
  EXPECT_TRUE(fs::exists(b.out / "lib" / "libmhc_tuned.so"));
  EXPECT_TRUE(fs::exists(b.out / "lib" / "libmhc_tuned.a"));
  EXPECT_TRUE(fs::exists(b.out / "include" / "mhc_tuned.h"));
  EXPECT_TRUE(fs::exists(b.out / "lib" / "cmake" / "mhc_tuned" / "mhc_tunedConfig.cmake"));
  EXPECT_TRUE(fs::exists(b.out / "lib" / "libmhc_tuned_reference.a"));
  EXPECT_TRUE(fs::exists(b.out / "build.log"));  // what the CMake steps printed
  EXPECT_TRUE(
      fs::exists(b.out / "include" / "mhc_tuned_reference" / "reference" / "layer_values.hpp"));
}

// Every kernel as a CUBIN for the tuned arch and as PTX for compute_80, pulled in by the assembly.
void check_embedded_kernels(const BuiltPackage& b) {
  const fs::path generated = b.out / "source" / "generated";
  const auto assembly = read_text(generated / "embedded_kernels.S.in");
  const auto table = read_text(generated / "dispatch_table.cpp");
  EXPECT_NE(table.find(".ptx_arch = \"compute_80\""), std::string::npos);
  for (size_t i = 0; i < b.result.kernels; ++i) {
    SCOPED_TRACE("kernel " + std::to_string(i));
    const auto cubin =
        read_text(generated / "kernels" / ("kernel_" + std::to_string(i) + ".cubin"));
    const auto ptx = read_text(generated / "kernels" / ("kernel_" + std::to_string(i) + ".ptx"));
    EXPECT_EQ(cubin.substr(0, 4),
              "\x7f"
              "ELF");
    EXPECT_NE(ptx.find(".target sm_80"), std::string::npos);
    ASSERT_FALSE(ptx.empty());
    EXPECT_EQ(ptx.back(), '\0');  // the driver reads PTX as a C string
    for (const char* kind : {"cubin", "ptx"}) {
      const auto symbol = "mhc_tuned_kernel_" + std::to_string(i) + "_" + kind;
      EXPECT_NE(assembly.find(".hidden " + symbol), std::string::npos) << symbol;
      EXPECT_NE(table.find(symbol), std::string::npos) << symbol;
    }
  }
}

void check_exports(const BuiltPackage& b) {
  const auto symbols =
      run_output("nm -D --defined-only " + (b.out / "lib" / "libmhc_tuned.so").string() +
                 " | awk '{print $3}'");
  ASSERT_NE(symbols.find("mhc_tuned_forward"), std::string::npos);
  for (const char* name : {"mhc_tuned_backward", "mhc_tuned_create", "mhc_tuned_query_dispatch",
                           "mhc_tuned_status_string", "mhc_tuned_gpu_name"})
    EXPECT_NE(symbols.find(name), std::string::npos) << name;
  // No compiler at the app's run time: the CUBINs need only the driver.
  const auto needed = run_output("readelf -d " + (b.out / "lib" / "libmhc_tuned.so").string());
  EXPECT_NE(needed.find("NEEDED"), std::string::npos) << needed;
  EXPECT_EQ(needed.find("nvrtc"), std::string::npos) << needed;
  size_t start = 0;
  for (size_t end; (end = symbols.find('\n', start)) != std::string::npos; start = end + 1) {
    const auto symbol = symbols.substr(start, end - start);
    EXPECT_EQ(symbol.rfind("mhc_tuned_", 0), 0u) << "exported: " << symbol;
  }
}

// Argument checks and queries that need no GPU, through the built library itself.
void check_c_api_arguments(const BuiltPackage& b) {
  const testing::CApiLibrary api(b.out / "lib" / "libmhc_tuned.so");
  EXPECT_STREQ(api.version(), "0.0.1");
  EXPECT_STREQ(api.gpu_name(), "TEST-FIXTURE GPU");
  EXPECT_STREQ(api.arch(), "sm_90a");
  EXPECT_STREQ(api.status_string(MHC_TUNED_OK), "success");
  EXPECT_NE(std::string(api.status_string(MHC_TUNED_ERROR_UNSUPPORTED_SHAPE)).find("n must be"),
            std::string::npos);
  EXPECT_STREQ(api.status_string(static_cast<mhc_tuned_status>(99)), "unknown mhc_tuned_status");

  mhc_tuned_dispatch_info info;
  const auto query = [&](mhc_tuned_problem p, int direction = MHC_TUNED_FORWARD) {
    return api.query_dispatch(&p, direction, &info);
  };
  EXPECT_EQ(query(c_problem(MHC_TUNED_STATIC_H, 320, 1280, 4)), MHC_TUNED_OK);
  EXPECT_EQ(info.kind, MHC_TUNED_DISPATCH_EXACT);
  EXPECT_STREQ(info.pipeline, "test_static_fused");
  EXPECT_EQ(api.query_dispatch(nullptr, MHC_TUNED_FORWARD, &info), MHC_TUNED_ERROR_NULL_POINTER);
  const auto p = c_problem(MHC_TUNED_STATIC_H, 320, 1280, 4);
  EXPECT_EQ(api.query_dispatch(&p, MHC_TUNED_FORWARD, nullptr), MHC_TUNED_ERROR_NULL_POINTER);
  EXPECT_EQ(query(c_problem(7, 320, 1280, 4)), MHC_TUNED_ERROR_INVALID_VALUE);
  EXPECT_EQ(query(c_problem(MHC_TUNED_STATIC_H, 0, 1280, 4)), MHC_TUNED_ERROR_INVALID_VALUE);
  EXPECT_EQ(query(c_problem(MHC_TUNED_STATIC_H, 320, 1280, 4), 2), MHC_TUNED_ERROR_INVALID_VALUE);
  EXPECT_EQ(query(c_problem(MHC_TUNED_STATIC_H, 320, 1280, 6)), MHC_TUNED_ERROR_UNSUPPORTED_SHAPE);
  EXPECT_EQ(query(c_problem(MHC_TUNED_STATIC_H, 320, 1284, 4)), MHC_TUNED_ERROR_UNSUPPORTED_SHAPE);
  EXPECT_EQ(query(c_problem(MHC_TUNED_STATIC_H, 131072, 4096, 4)),
            MHC_TUNED_ERROR_UNSUPPORTED_SHAPE);
  EXPECT_EQ(info.kind, MHC_TUNED_DISPATCH_NONE);
  // Nothing embedded runs the dynamic path in this package: unsupported, never a wrong kernel.
  EXPECT_EQ(query(c_problem(MHC_TUNED_DYNAMIC_H, 320, 1280, 4)), MHC_TUNED_ERROR_UNSUPPORTED_SHAPE);

  mhc_tuned_tensors tensors{};
  EXPECT_EQ(api.forward(nullptr, &p, &tensors, nullptr), MHC_TUNED_ERROR_NULL_POINTER);
  EXPECT_EQ(api.backward(nullptr, &p, &tensors, nullptr), MHC_TUNED_ERROR_NULL_POINTER);
  EXPECT_EQ(api.create(0, nullptr), MHC_TUNED_ERROR_NULL_POINTER);
  EXPECT_EQ(api.destroy(nullptr), MHC_TUNED_ERROR_NULL_POINTER);
  mhc_tuned_handle handle = reinterpret_cast<mhc_tuned_handle>(1);
  if (testing::host_environment().devices.empty()) {
    EXPECT_EQ(api.create(0, &handle), MHC_TUNED_ERROR_CUDA);
    EXPECT_EQ(handle, nullptr);
  } else {
    EXPECT_EQ(api.create(-1, &handle), MHC_TUNED_ERROR_INVALID_VALUE);
  }
}

// Without a GPU the layer check says so and exits 3, and bad arguments exit 2.
void check_example_layer_check(const BuiltPackage& b) {
  const auto check = (b.example_build / "mhc_tuned_layer_check").string();
  EXPECT_EQ(run_process(check + " sideways 320 1280 4").exit_code, 2);
  EXPECT_EQ(run_process(check + " static 320").exit_code, 2);
  if (!testing::host_environment().devices.empty()) return;  // the GPU test runs it there
  const auto result = run_process(check + " static 320 1280 4");
  EXPECT_EQ(result.exit_code, 3) << result.output;
  EXPECT_NE(result.output.find("no CUDA device"), std::string::npos) << result.output;
}

void check_example_dispatch(const BuiltPackage& b) {
  const auto query = (b.example_build / "mhc_tuned_dispatch").string();
  EXPECT_EQ(run_output(query + " 0 0 320 1280 4").substr(0, 6), "exact ");
  const auto near = run_output(query + " 0 0 640 1280 4");
  EXPECT_EQ(near.substr(0, 8), "nearest ") << near;
  EXPECT_NE(near.find("distance=1 tuned=320,1280"), std::string::npos) << near;
  // 32 x 1280 channels: distance 5 from every tuned shape, beyond the nearest-match limit of 4.
  EXPECT_EQ(run_output(query + " 0 0 320 40960 4").substr(0, 8), "default ");
  EXPECT_NE(run_output(query + " 0 0 320 1284 4").find("unsupported"), std::string::npos);
  EXPECT_EQ(run_output("MHC_TUNED_FORCE_BASELINE=1 " + query + " 0 0 320 1280 4").substr(0, 9),
            "baseline ");
  EXPECT_NE(run_output(query + " 0 0 320 1280 5").find("unsupported"), std::string::npos);
}

TEST(EmitPackage, BuildsEmbedsExportsOnlyTheCApiAndTheExamplesWork) {
  const auto& b = built_package();
  {
    SCOPED_TRACE("library files");
    check_library_files(b);
  }
  {
    SCOPED_TRACE("embedded kernels");
    check_embedded_kernels(b);
  }
  {
    SCOPED_TRACE("exported symbols");
    check_exports(b);
  }
  {
    SCOPED_TRACE("C API arguments");
    check_c_api_arguments(b);
  }
  ASSERT_EQ(b.example.exit_code, 0) << b.example.output;
  {
    SCOPED_TRACE("example dispatch");
    check_example_dispatch(b);
  }
  SCOPED_TRACE("example layer check");
  check_example_layer_check(b);
}

}  // namespace
}  // namespace mhc::emit
