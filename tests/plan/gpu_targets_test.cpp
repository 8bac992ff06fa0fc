#include "plan/gpu_targets.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace mhc {
namespace {

const GpuTarget& target(const std::string& name) {
  for (const auto& t : known_gpu_targets())
    if (t.name == name) return t;
  throw std::runtime_error("no target " + name);
}

TEST(TargetNames, KnownNamesMapToArchitectures) {
  EXPECT_EQ(resolve_gpu_target("h100", std::nullopt).arch, "sm_90a");
  EXPECT_EQ(resolve_gpu_target("a100", std::nullopt).arch, "sm_80");
  EXPECT_EQ(resolve_gpu_target("l40s", std::nullopt).arch, "sm_89");
  EXPECT_EQ(resolve_gpu_target("b200", std::nullopt).arch, "sm_100a");
}

TEST(TargetNames, MatchesWholeWordsOnly) {
  EXPECT_TRUE(target_matches_device(target("h100"), "NVIDIA H100 80GB HBM3"));
  EXPECT_TRUE(target_matches_device(target("h200"), "NVIDIA H200"));
  EXPECT_FALSE(target_matches_device(target("h20"), "NVIDIA H200"));
  EXPECT_FALSE(target_matches_device(target("h100"), "NVIDIA H200"));
  EXPECT_TRUE(target_matches_device(target("l40s"), "NVIDIA L40S"));
  EXPECT_TRUE(target_matches_device(target("rtx4090"), "NVIDIA GeForce RTX 4090"));
}

TEST(TargetNames, NameMustMatchDetectedDevice) {
  const DetectedDevice h200{"NVIDIA H200", 9, 0};
  EXPECT_EQ(resolve_gpu_target("h200", h200).name, "h200");
  EXPECT_EQ(resolve_gpu_target("auto", h200).name, "h200");
  try {
    resolve_gpu_target("h100", h200);
    FAIL() << "H100 numbers would be recorded for an H200";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'NVIDIA H200'"), std::string::npos);
  }
}

TEST(TargetNames, UnknownNameListsKnownOnes) {
  try {
    resolve_gpu_target("h1000", std::nullopt);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown GPU 'h1000' (known: h100, h200"),
              std::string::npos);
  }
  EXPECT_THROW(resolve_gpu_target("auto", std::nullopt), UsageError);
}

TEST(TargetNames, UnlistedDeviceGetsArchFromComputeCapability) {
  const auto t = resolve_gpu_target("auto", DetectedDevice{"NVIDIA Future GPU", 9, 0});
  EXPECT_EQ(t.arch, "sm_90a");
  EXPECT_EQ(resolve_gpu_target("auto", DetectedDevice{"Tesla T4", 7, 5}).arch, "sm_75");
}

}  // namespace
}  // namespace mhc
