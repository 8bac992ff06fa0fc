#pragma once
// pre, one token: aggregate the n streams into F's input, x_in[c] = sum_i H_pre[i] x[i, c].
#include <span>

namespace mhc {

// x_token: [n, C]; h_pre: [n]; x_in: [C] (written).
void pre_aggregate_forward(std::span<const double> x_token, std::span<const double> h_pre,
                           std::span<double> x_in);

// d_x_token[i, c] += H_pre[i] d_x_in[c];  d_h_pre[i] += sum_c d_x_in[c] x[i, c].
void pre_aggregate_backward(std::span<const double> x_token, std::span<const double> h_pre,
                            std::span<const double> d_x_in, std::span<double> d_x_token,
                            std::span<double> d_h_pre);

}  // namespace mhc
