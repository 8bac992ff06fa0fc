#include "core/layer_tensors.hpp"

#include <gtest/gtest.h>

extern "C" {
#include "../kernels/common/mhc_layer_args.h"
}

namespace mhc {
namespace {

TEST(LayerTensors, ArgumentStructHasOneSlotPerTensor) {
  EXPECT_EQ(MHC_TENSOR_COUNT, kTensorCount);
  for (int i = 0; i < kTensorCount; ++i)
    EXPECT_EQ(parse_tensor(tensor_name(static_cast<Tensor>(i))), static_cast<Tensor>(i));
}

TEST(LayerTensors, ShapesFollowTheProblem) {
  Problem p;
  p.shape = {320, 1280, 4};
  p.residual_dtype = Dtype::bf16;
  EXPECT_EQ(tensor_info(Tensor::x, p).bytes(), 320 * 4 * 1280 * 2);
  EXPECT_EQ(tensor_info(Tensor::phi, p).dims, (std::vector<int64_t>{4 * 1280, 24}));
  EXPECT_EQ(tensor_info(Tensor::h_res, p).dims, (std::vector<int64_t>{320, 4, 4}));
  EXPECT_EQ(tensor_info(Tensor::f, p).storage, StorageType::bf16);
  p.path = HPath::static_h;
  EXPECT_EQ(tensor_info(Tensor::h_res, p).dims, (std::vector<int64_t>{1, 4, 4}));
  EXPECT_FALSE(tensor_used(Tensor::phi, p));
  EXPECT_TRUE(tensor_used(Tensor::h_static, p));
  EXPECT_FALSE(tensor_used(Tensor::d_x, p));
  p.direction = Direction::backward;
  EXPECT_TRUE(tensor_used(Tensor::d_h_static, p));
  EXPECT_FALSE(tensor_used(Tensor::d_phi, p));
}

}  // namespace
}  // namespace mhc
