#pragma once
// post, one token: mix the streams with H_res, distribute F's output with H_post, add.
//   paper:      x_next[i, c] = sum_j H_res[i, j] x[j, c] + H_post[i] f[c]
//   production: x_next[i, c] = sum_j H_res[j, i] x[j, c] + H_post[i] f[c]   (comb transposed)
#include <cstdint>
#include <span>

#include "core/problem.hpp"

namespace mhc {

struct PostInputs {
  std::span<const double> x_token;  // [n, C]
  std::span<const double> f;        // [C]
  std::span<const double> h_post;   // [n]
  std::span<const double> h_res;    // [n, n] row-major
};

struct PostGradients {          // all accumulated (+=)
  std::span<double> d_x_token;  // [n, C]
  std::span<double> d_f;        // [C]
  std::span<double> d_h_post;   // [n]
  std::span<double> d_h_res;    // [n, n]
};

// The index into h_res of the weight with which output stream `to` reads input stream `from`.
int64_t mixing_index(Convention convention, int64_t streams, int64_t to, int64_t from);

void post_forward(const PostInputs& in, Convention convention, std::span<double> x_next_token);

void post_backward(const PostInputs& in, Convention convention,
                   std::span<const double> d_x_next_token, const PostGradients& grads);

}  // namespace mhc
