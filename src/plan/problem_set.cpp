#include "plan/problem_set.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/errors.hpp"

namespace mhc {

std::vector<Problem> expand_problems(const ProblemAxes& axes) {
  if (axes.sinkhorn_iters < 1 || axes.sinkhorn_iters > 100)
    throw UsageError(
        fmt::format("Sinkhorn iterations {} must be in [1, 100]", axes.sinkhorn_iters));
  std::vector<Problem> problems;
  for (const auto& shape : axes.shapes)
    for (const auto path : axes.paths)
      for (const auto direction : axes.directions)
        for (const auto dtype : axes.dtypes)
          for (const auto convention : axes.conventions) {
            Problem p;
            p.shape = shape;
            p.path = path;
            p.direction = direction;
            p.residual_dtype = dtype;
            p.convention = convention;
            p.constants = default_constants(convention);
            p.constants.sinkhorn_iters = axes.sinkhorn_iters;
            problems.push_back(p);
          }
  return problems;
}

namespace {

template <typename T, typename Parse>
std::vector<T> parse_list(const std::string& text, Parse parse, std::string_view what) {
  std::vector<T> items;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, end - start);
    const T value = parse(item);
    if (std::find(items.begin(), items.end(), value) == items.end()) items.push_back(value);
    start = end + 1;
  }
  if (items.empty()) throw UsageError(fmt::format("empty {} list", what));
  return items;
}

}  // namespace

std::vector<HPath> parse_path_list(const std::string& text) {
  return parse_list<HPath>(
      text, [](const std::string& s) { return parse_path(s); }, "path");
}
std::vector<Direction> parse_direction_list(const std::string& text) {
  return parse_list<Direction>(
      text, [](const std::string& s) { return parse_direction(s); }, "direction");
}
std::vector<Dtype> parse_dtype_list(const std::string& text) {
  return parse_list<Dtype>(
      text, [](const std::string& s) { return parse_dtype(s); }, "dtype");
}
std::vector<Convention> parse_convention_list(const std::string& text) {
  return parse_list<Convention>(
      text, [](const std::string& s) { return parse_convention(s); }, "convention");
}

}  // namespace mhc
