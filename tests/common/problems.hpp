#pragma once
// The problems and parameter points the op tests build.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "ops/registry.hpp"

namespace mhc {

// A problem with the convention's constants.
inline Problem direction_problem(Direction direction, HPath path, int64_t tokens, int64_t hidden,
                                 int64_t streams, Dtype dtype, Convention convention) {
  Problem p;
  p.path = path;
  p.direction = direction;
  p.shape = {tokens, hidden, streams};
  p.residual_dtype = dtype;
  p.convention = convention;
  p.constants = default_constants(convention);
  return p;
}
inline Problem forward_problem(HPath path, int64_t tokens, int64_t hidden, int64_t streams,
                               Dtype dtype = Dtype::f32,
                               Convention convention = Convention::paper) {
  return direction_problem(Direction::forward, path, tokens, hidden, streams, dtype, convention);
}
inline Problem backward_problem(HPath path, int64_t tokens, int64_t hidden, int64_t streams,
                                Dtype dtype = Dtype::f32,
                                Convention convention = Convention::paper) {
  return direction_problem(Direction::backward, path, tokens, hidden, streams, dtype, convention);
}

// The default point with some axes changed; a name the op lacks fails the test.
inline ParamPoint with(const OpDefinition& op,
                       const std::vector<std::pair<std::string, int64_t>>& changes) {
  auto values = op.default_point().values();
  for (const auto& [name, value] : changes) {
    auto it =
        std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
    EXPECT_NE(it, values.end()) << op.name << " has no axis " << name;
    if (it != values.end()) it->second = value;
  }
  return ParamPoint(values);
}

// Why the op rejects its default point with `changes` ("" when it accepts it).
inline std::string invalid(const char* op_name, const Problem& p,
                           const std::vector<std::pair<std::string, int64_t>>& changes) {
  const auto& op = find_op(op_name);
  return op.invalid_reason(p, with(op, changes));
}

}  // namespace mhc
