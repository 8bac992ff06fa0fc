#include <functional>

#include "core/layer_tensors.hpp"
#include "reference/layer_values.hpp"
#include "reference/normal_generator.hpp"
#include "reference/storage_rounding.hpp"

namespace mhc {

namespace {

// Each tensor its own stream, so adding a tensor (or the backward's d_x_next) leaves the others'
// values unchanged.
uint64_t tensor_seed(uint64_t seed, Tensor tensor) {
  uint64_t state = seed ^ (0x6a09e667f3bcc909ULL * (static_cast<uint64_t>(tensor) + 1));
  return splitmix64(state);
}

void fill(LayerValues& v, Tensor tensor, uint64_t seed,
          const std::function<double(NormalGenerator&)>& draw) {
  if (!tensor_used(tensor, v.problem)) return;
  NormalGenerator generator(tensor_seed(seed, tensor));
  const StorageType storage = tensor_info(tensor, v.problem).storage;
  for (double& value : v[tensor]) value = round_to_storage(draw(generator), storage);
}

}  // namespace

// Ranges chosen to exercise the math, not just to look like an initialised model:
// - x, d_x_next ~ N(0, 1): unit-scale activations and incoming gradients.
// - phi ~ N(0, 0.02^2) and alpha ~ 0.01 (1 + N(0, 0.1^2)): the seed implementation's
//   initialisation; the alphas differ a little so a kernel that swaps the groups' scales is caught.
// - bias, h_static ~ N(0, 1): trained-looking logits spread enough that the sigmoids sit away from
//   0.5 and Sinkhorn has real work to do (the init value 0 would give a uniform H_res at once).
// - rms_weight ~ 1 + N(0, 0.1^2): near the init value 1 but not constant, so a kernel that drops
//   or misindexes the weight is caught.
LayerValues make_random_layer(const Problem& problem, uint64_t seed) {
  LayerValues v = make_zero_layer(problem);
  const auto normal = [](double mean, double stddev) {
    return [=](NormalGenerator& g) { return mean + stddev * g.normal(); };
  };
  fill(v, Tensor::x, seed, normal(0.0, 1.0));
  fill(v, Tensor::phi, seed, normal(0.0, 0.02));
  fill(v, Tensor::alpha, seed, [](NormalGenerator& g) { return 0.01 * (1.0 + 0.1 * g.normal()); });
  fill(v, Tensor::bias, seed, normal(0.0, 1.0));
  fill(v, Tensor::h_static, seed, normal(0.0, 1.0));
  fill(v, Tensor::rms_weight, seed, normal(1.0, 0.1));
  fill(v, Tensor::d_x_next, seed, normal(0.0, 1.0));
  return v;
}

}  // namespace mhc
