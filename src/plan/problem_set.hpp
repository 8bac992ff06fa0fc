#pragma once
// The problems a sweep covers: shapes x H paths x directions x residual dtypes x conventions.
#include <string>
#include <vector>

#include "core/problem.hpp"

namespace mhc {

struct ProblemAxes {
  std::vector<Shape> shapes;
  std::vector<HPath> paths = {HPath::static_h, HPath::dynamic_h};
  std::vector<Direction> directions = {Direction::forward, Direction::backward};
  std::vector<Dtype> dtypes = {Dtype::f32, Dtype::bf16};
  std::vector<Convention> conventions = {Convention::paper};
  int sinkhorn_iters = 20;  // t_max; the conventions' own eps and multipliers apply
};

// Every combination, shape-major so a sweep finishes one shape before the next.
std::vector<Problem> expand_problems(const ProblemAxes& axes);

// Parses comma-separated lists such as "static,dynamic"; UsageError names a bad item.
std::vector<HPath> parse_path_list(const std::string& text);
std::vector<Direction> parse_direction_list(const std::string& text);
std::vector<Dtype> parse_dtype_list(const std::string& text);
std::vector<Convention> parse_convention_list(const std::string& text);

}  // namespace mhc
