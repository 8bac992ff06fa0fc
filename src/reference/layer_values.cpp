#include "reference/layer_values.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "core/errors.hpp"

namespace mhc {

namespace {

void require_computable(const Problem& p) {
  const Shape& s = p.shape;
  if (s.tokens < 1 || s.hidden < 1 || s.streams < 1)
    throw UsageError(fmt::format("reference: shape {} needs B, C, n >= 1", to_string(s)));
  const MhcConstants& c = p.constants;
  const int min_iters = p.convention == Convention::production ? 1 : 0;
  if (c.sinkhorn_iters < min_iters)
    throw UsageError(fmt::format("reference: {} convention needs Sinkhorn iterations >= {}, got {}",
                                 to_string(p.convention), min_iters, c.sinkhorn_iters));
  if (c.rms_eps < 0 || c.sinkhorn_eps < 0 || c.pre_eps < 0)
    throw UsageError(fmt::format("reference: eps values must be >= 0 (rms {}, sinkhorn {}, pre {})",
                                 c.rms_eps, c.sinkhorn_eps, c.pre_eps));
}

}  // namespace

LayerValues make_zero_layer(const Problem& problem) {
  require_computable(problem);
  LayerValues v;
  v.problem = problem;
  for (int i = 0; i < kTensorCount; ++i) {
    const auto tensor = static_cast<Tensor>(i);
    if (tensor_used(tensor, problem))
      v[tensor].assign(tensor_info(tensor, problem).elements(), 0.0);
  }
  return v;
}

void require_layer_shapes(const LayerValues& v) {
  for (int i = 0; i < kTensorCount; ++i) {
    const auto tensor = static_cast<Tensor>(i);
    const size_t expected =
        tensor_used(tensor, v.problem) ? tensor_info(tensor, v.problem).elements() : 0;
    if (v[tensor].size() != expected)
      throw std::invalid_argument(fmt::format("reference: tensor {} holds {} values, {} expected",
                                              tensor_name(tensor), v[tensor].size(), expected));
  }
}

}  // namespace mhc
