// The device-side slot enum in kernels/common/mhc_device.cuh must list tensors in mhc::Tensor
// order.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "core/layer_tensors.hpp"

namespace mhc {
namespace {

TEST(KernelSlots, MatchTensorOrder) {
  std::ifstream in(std::string(MHC_SOURCE_DIR) + "/kernels/common/mhc_device.cuh");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string source = text.str();
  const auto begin = source.find("enum Slot {");
  const auto end = source.find("kSlotCount", begin);
  ASSERT_NE(begin, std::string::npos);
  std::string body = source.substr(begin, end - begin);
  std::regex slot_name("k([A-Z][A-Za-z]*)");
  std::vector<std::string> slots;
  for (std::sregex_iterator it(body.begin(), body.end(), slot_name), stop; it != stop; ++it)
    slots.push_back((*it)[1]);
  ASSERT_EQ(static_cast<int>(slots.size()), kTensorCount);
  for (int i = 0; i < kTensorCount; ++i) {
    // kDHRes <-> d_h_res: drop underscores and compare case-insensitively.
    std::string expected;
    for (char c : tensor_name(static_cast<Tensor>(i)))
      if (c != '_') expected += static_cast<char>(std::tolower(c));
    std::string got;
    for (char c : slots[i]) got += static_cast<char>(std::tolower(c));
    EXPECT_EQ(got, expected) << "slot " << i;
  }
}

}  // namespace
}  // namespace mhc
