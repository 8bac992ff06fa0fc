#include "reference/post_mix.hpp"

namespace mhc {

int64_t mixing_index(Convention convention, int64_t streams, int64_t to, int64_t from) {
  return convention == Convention::paper ? to * streams + from : from * streams + to;
}

void post_forward(const PostInputs& in, Convention convention, std::span<double> x_next_token) {
  const int64_t n = static_cast<int64_t>(in.h_post.size());
  const int64_t hidden = static_cast<int64_t>(in.f.size());
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t c = 0; c < hidden; ++c) {
      double value = in.h_post[i] * in.f[c];
      for (int64_t j = 0; j < n; ++j)
        value += in.h_res[mixing_index(convention, n, i, j)] * in.x_token[j * hidden + c];
      x_next_token[i * hidden + c] = value;
    }
  }
}

void post_backward(const PostInputs& in, Convention convention,
                   std::span<const double> d_x_next_token, const PostGradients& grads) {
  const int64_t n = static_cast<int64_t>(in.h_post.size());
  const int64_t hidden = static_cast<int64_t>(in.f.size());
  for (int64_t i = 0; i < n; ++i) {
    const auto d_out = d_x_next_token.subspan(i * hidden, hidden);
    double d_h_post = 0.0;
    for (int64_t c = 0; c < hidden; ++c) {
      grads.d_f[c] += in.h_post[i] * d_out[c];
      d_h_post += d_out[c] * in.f[c];
    }
    grads.d_h_post[i] += d_h_post;
    for (int64_t j = 0; j < n; ++j) {
      const int64_t w = mixing_index(convention, n, i, j);
      double d_weight = 0.0;
      for (int64_t c = 0; c < hidden; ++c) {
        grads.d_x_token[j * hidden + c] += in.h_res[w] * d_out[c];
        d_weight += d_out[c] * in.x_token[j * hidden + c];
      }
      grads.d_h_res[w] += d_weight;
    }
  }
}

}  // namespace mhc
