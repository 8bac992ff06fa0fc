#pragma once
// An op is one kernel's job (ARCHITECTURE.md, "Core nouns"): its source under kernels/, its
// parameter space, its constraints, its launch geometry, and the layer tensors it reads and writes.
// Ops are plain data plus small functions of (Problem, ParamPoint), so planning, compiling,
// verifying and emitting all read the same definition.
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/launch_geometry.hpp"
#include "core/layer_tensors.hpp"
#include "core/problem.hpp"

namespace mhc {

struct ParamAxis {
  std::string name;
  std::vector<int64_t> values;
  int64_t default_value = 0;
  std::string meaning;  // one line for `compile --list`
};

// One point of an op's space: (name, value) in axis order. Its text "threads=128,vec=4" is the
// canonical form stored in the database.
class ParamPoint {
 public:
  ParamPoint() = default;
  explicit ParamPoint(std::vector<std::pair<std::string, int64_t>> values)
      : values_(std::move(values)) {}
  int64_t operator[](const std::string& name) const;  // throws std::out_of_range naming the axis
  const std::vector<std::pair<std::string, int64_t>>& values() const { return values_; }
  std::string to_string() const;
  static ParamPoint parse(
      const std::string& text);  // inverse of to_string; UsageError if malformed
  friend bool operator==(const ParamPoint&, const ParamPoint&) = default;

 private:
  std::vector<std::pair<std::string, int64_t>> values_;
};

// The arithmetic an op's kernels may use, which sets its verification bounds (verify/tolerance).
enum class MathPrecision { f32, tf32, bf16 };

struct OpDefinition {
  std::string name;          // "post_mix"
  std::string description;   // one line: what it computes and the design choice it embodies
  std::string source;        // relative to kernels/, e.g. "post_mix.cu"
  std::vector<HPath> paths;  // the H paths it serves
  Direction direction = Direction::forward;
  std::vector<ParamAxis> axes;
  std::vector<Tensor> reads;
  std::vector<Tensor> writes;
  std::vector<Tensor> zero_before;  // outputs accumulated with atomics: cleared before each launch
  bool deterministic = true;        // false when atomics make results run-to-run different
  // False for ops whose outputs are intermediates in the workspace (the naive baseline's steps):
  // they are verified only as part of a pipeline.
  bool verifiable_alone = true;
  MathPrecision math = MathPrecision::f32;  // tf32 / bf16 tensor-core variants round their inputs

  // Empty when the point is valid for the problem; otherwise why not ("vec=8 does not divide
  // C=1284").
  std::function<std::string(const Problem&, const ParamPoint&)> invalid_reason;
  // The template instantiation NVRTC compiles, e.g. "mhc_post_mix<float, 4, 128, 4>".
  std::function<std::string(const Problem&, const ParamPoint&)> kernel_name;
  std::function<LaunchGeometry(const Problem&, const ParamPoint&)> geometry;
  // Scratch the op needs in MhcLayerArgs::workspace; null means none.
  std::function<int64_t(const Problem&, const ParamPoint&)> workspace_bytes;
  // The bytes the op must move at the least (MATH.md, "The floor"): the roofline numerator.
  std::function<int64_t(const Problem&)> min_bytes;

  bool serves(const Problem& problem) const;
  ParamPoint default_point() const;
  // Every point of the space (all combinations, axis order), valid or not.
  std::vector<ParamPoint> all_points() const;
};

}  // namespace mhc
