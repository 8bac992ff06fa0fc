#pragma once
// The core nouns every stage shares: what an mHC problem is (ARCHITECTURE.md, "Core nouns").
#include <cstdint>
#include <string>
#include <string_view>

namespace mhc {

enum class HPath { static_h, dynamic_h };  // H learned per layer, or computed per token
enum class Direction { forward, backward };
enum class Dtype { f32, bf16 };
// paper: mHC.cu and most reimplementations; production: DeepSeek's released kernels (FlashInfer,
// DeepGEMM). ../shared/mhc/MATH.md, "Two conventions".
enum class Convention { paper, production };

// One layer's residual stream [B, n, C].
struct Shape {
  int64_t tokens = 0;   // B (batch x sequence)
  int64_t hidden = 0;   // C
  int64_t streams = 0;  // n
  int64_t elements() const { return tokens * streams * hidden; }
  friend bool operator==(const Shape&, const Shape&) = default;
};

// The constants of the layer. Defaults are the paper convention's (mHC.cu); production_constants()
// gives the ones FlashInfer's tests and DeepSeek's module use.
struct MhcConstants {
  int sinkhorn_iters = 20;     // t_max
  double rms_eps = 1e-5;       // inside the RMS of the dynamic path and of the RMSNorm stand-in
  double sinkhorn_eps = 1e-5;  // added to every Sinkhorn denominator
  double post_mult = 2.0;      // H_post = post_mult * sigmoid(.)
  double pre_eps = 0.0;        // H_pre = sigmoid(.) + pre_eps (production only)
  friend bool operator==(const MhcConstants&, const MhcConstants&) = default;
};
MhcConstants paper_constants();
MhcConstants production_constants();
MhcConstants default_constants(Convention convention);

struct Problem {
  HPath path = HPath::dynamic_h;
  Direction direction = Direction::forward;
  Shape shape;
  Dtype residual_dtype = Dtype::f32;  // F's input/output is always bf16; H and accumulation f32
  Convention convention = Convention::paper;
  MhcConstants constants;
  friend bool operator==(const Problem&, const Problem&) = default;
};

std::string_view to_string(HPath path);
std::string_view to_string(Direction direction);
std::string_view to_string(Dtype dtype);
std::string_view to_string(Convention convention);
std::string to_string(const Shape& shape);      // "B,C,n"
std::string to_string(const Problem& problem);  // "dynamic/forward/f32/paper/320,1280,4"

// Parsers accept exactly what to_string writes; anything else is a UsageError naming the value
// and the allowed set.
HPath parse_path(std::string_view text);
Direction parse_direction(std::string_view text);
Dtype parse_dtype(std::string_view text);
Convention parse_convention(std::string_view text);

int64_t dtype_bytes(Dtype dtype);

}  // namespace mhc
