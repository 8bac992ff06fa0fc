// Runs the mhc-tune binary as a user would: help, versions, exit codes, messages.
#include <gtest/gtest.h>

#include "common/gpu_available.hpp"
#include "common/run_process.hpp"

namespace mhc {
namespace {

using testing::run_process;

testing::ProcessResult mhc_tune(const std::string& args) {
  return run_process(std::string(MHC_TUNE_EXE) + " " + args);
}

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

TEST(Cli, HelpListsOnlyRealCommands) {
  const auto r = mhc_tune("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.output, "info")) << r.output;
  EXPECT_TRUE(contains(r.output, "shapes")) << r.output;
  EXPECT_TRUE(contains(r.output, "Exit codes")) << r.output;
}

TEST(Cli, VersionEverywhere) {
  for (const std::string args : {"--version", "info --version", "shapes --version"}) {
    const auto r = mhc_tune(args);
    EXPECT_EQ(r.exit_code, 0) << args;
    EXPECT_TRUE(contains(r.output, "mhc-tune 0.")) << args << ": " << r.output;
  }
}

TEST(Cli, UnknownOptionIsUsageError) {
  EXPECT_EQ(mhc_tune("shapes --bogus").exit_code, 2);
  EXPECT_EQ(mhc_tune("nosuchcommand").exit_code, 2);
  EXPECT_EQ(mhc_tune("").exit_code, 2);
}

TEST(Cli, InfoWithoutGpuNamesReasonAndExits3) {
  if (!testing::host_environment().devices.empty()) GTEST_SKIP() << "this host has a GPU";
  for (const std::string args : {"info", "info --json"}) {
    const auto r = mhc_tune(args);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_TRUE(contains(r.output, "NVRTC") || contains(r.output, "\"nvrtc\"")) << r.output;
    EXPECT_TRUE(contains(r.output, "no CUDA")) << r.output;
  }
  EXPECT_TRUE(contains(mhc_tune("info --json").output, "\"no_device_reason\": \"no CUDA"));
}

TEST(Cli, ShapesListsPaperSet) {
  const auto r = mhc_tune("shapes");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.output, "paper:")) << r.output;
  EXPECT_TRUE(contains(r.output, "   2560   1280    4")) << r.output;
  const auto j = mhc_tune("shapes --set paper --json");
  EXPECT_EQ(j.exit_code, 0);
  EXPECT_TRUE(contains(j.output, "\"B\": 320")) << j.output;
}

TEST(Cli, ShapesBadInputExits2NamingValue) {
  const auto r = mhc_tune("shapes --shape 320,1281,4");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.output, "C = 1281")) << r.output;
  const auto s = mhc_tune("shapes --set nope");
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_TRUE(contains(s.output, "unknown shape set 'nope'")) << s.output;
  const auto f = mhc_tune("shapes --shapes-file /nonexistent/shapes.txt");
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_TRUE(contains(f.output, "/nonexistent/shapes.txt")) << f.output;
}

}  // namespace
}  // namespace mhc

namespace mhc {
namespace {

TEST(CliSweep, WithoutGpuExits3AndWritesNothing) {
  if (!testing::host_environment().devices.empty()) GTEST_SKIP() << "this host has a GPU";
  const std::string db = ::testing::TempDir() + "/never-created.db";
  std::remove(db.c_str());
  const auto r = run_process(std::string(MHC_TUNE_EXE) + " sweep --shapes smoke --db " + db);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("no CUDA driver"), std::string::npos) << r.output;
  FILE* f = std::fopen(db.c_str(), "r");
  EXPECT_EQ(f, nullptr) << "the sweep created a database without a GPU";
  if (f) std::fclose(f);
}

TEST(CliSweep, BadInputIsAUsageErrorEvenWithoutGpu) {
  EXPECT_EQ(run_process(std::string(MHC_TUNE_EXE) + " sweep --shape 1,7,4").exit_code, 2);
  EXPECT_EQ(run_process(std::string(MHC_TUNE_EXE) + " sweep --shard 3/2").exit_code, 2);
  EXPECT_EQ(run_process(std::string(MHC_TUNE_EXE) + " sweep --ops nope").exit_code, 2);
  EXPECT_EQ(run_process(std::string(MHC_TUNE_EXE) + " sweep --gpu h1000").exit_code, 2);
  EXPECT_EQ(
      run_process(std::string(MHC_TUNE_EXE) + " compile --gpu h100 --paths sideways").exit_code, 2);
}

}  // namespace
}  // namespace mhc
