#pragma once
// Test helper: compares text with a file under tests/report/golden/. With MHC_UPDATE_GOLDEN=1 in
// the environment it rewrites the file instead (then read the diff, and the markdown by eye).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace mhc::testing {

inline std::filesystem::path golden_path(const std::string& name) {
  return std::filesystem::path(MHC_SOURCE_DIR) / "tests" / "report" / "golden" / name;
}

inline void expect_golden(const std::string& name, const std::string& actual) {
  const auto path = golden_path(name);
  const char* update = std::getenv("MHC_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "no golden file " << path << " (run with MHC_UPDATE_GOLDEN=1 to create it)";
  const std::string expected{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_EQ(actual, expected) << "differs from " << path
                              << " (if the change is intended: MHC_UPDATE_GOLDEN=1, then review)";
}

}  // namespace mhc::testing
