// `emit --build` on a fixture database (made-up timings, real ops): the package is written, built
// with CMake once for this binary, exports only the C API, and dispatches as the policy says.
#include "emit/emit_package.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "common/store_fixture.hpp"
#include "ops/registry.hpp"
#include "test_pipelines.hpp"

namespace mhc::emit {
namespace {
namespace fs = std::filesystem;

std::string run_output(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::array<char, 4096> buffer{};
  while (pipe && fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  return out;
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
  bool example_built = false;
};

const BuiltPackage& built_package() {
  static const BuiltPackage package = [] {
    BuiltPackage b;
    const fs::path root = fs::path(MHC_BINARY_DIR) / "tests" / "emit" / "work";
    fs::remove_all(root);
    fs::create_directories(root);
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
    o.build = true;
    b.result = emit_package(o);
    b.out = o.out;
    b.example_build = root / "example";
    b.example_built =
        std::system(("cmake -S " + std::string(MHC_SOURCE_DIR) + "/examples/mhc_tuned_app -B " +
                     b.example_build.string() + " -DCMAKE_PREFIX_PATH=" + o.out.string() +
                     " >/dev/null && cmake --build " + b.example_build.string() + " >/dev/null")
                        .c_str()) == 0;
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
}

void check_exports(const BuiltPackage& b) {
  const auto symbols =
      run_output("nm -D --defined-only " + (b.out / "lib" / "libmhc_tuned.so").string() +
                 " | awk '{print $3}'");
  ASSERT_NE(symbols.find("mhc_tuned_forward"), std::string::npos);
  for (const char* name : {"mhc_tuned_backward", "mhc_tuned_create", "mhc_tuned_query_dispatch",
                           "mhc_tuned_status_string", "mhc_tuned_gpu_name"})
    EXPECT_NE(symbols.find(name), std::string::npos) << name;
  size_t start = 0;
  for (size_t end; (end = symbols.find('\n', start)) != std::string::npos; start = end + 1) {
    const auto symbol = symbols.substr(start, end - start);
    EXPECT_EQ(symbol.rfind("mhc_tuned_", 0), 0u) << "exported: " << symbol;
  }
}

void check_example_dispatch(const BuiltPackage& b) {
  ASSERT_TRUE(b.example_built);
  const auto query = (b.example_build / "mhc_tuned_dispatch").string();
  EXPECT_EQ(run_output(query + " 0 0 320 1280 4").substr(0, 6), "exact ");
  const auto near = run_output(query + " 0 0 640 1280 4");
  EXPECT_EQ(near.substr(0, 8), "nearest ") << near;
  EXPECT_NE(near.find("distance=1 tuned=320,1280"), std::string::npos) << near;
  EXPECT_EQ(run_output(query + " 0 0 320 1284 4").substr(0, 8), "default ");
  EXPECT_EQ(run_output("MHC_TUNED_FORCE_BASELINE=1 " + query + " 0 0 320 1280 4").substr(0, 9),
            "baseline ");
  EXPECT_NE(run_output(query + " 0 0 320 1280 5").find("unsupported"), std::string::npos);
}

TEST(EmitPackage, BuildsExportsOnlyTheCApiAndTheExampleDispatchesAsThePolicySays) {
  const auto& b = built_package();
  {
    SCOPED_TRACE("library files");
    check_library_files(b);
  }
  {
    SCOPED_TRACE("exported symbols");
    check_exports(b);
  }
  SCOPED_TRACE("example app");
  check_example_dispatch(b);
}

}  // namespace
}  // namespace mhc::emit
