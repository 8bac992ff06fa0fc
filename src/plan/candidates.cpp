#include "plan/candidates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <random>

#include "core/errors.hpp"
#include "ops/registry.hpp"

namespace mhc {

namespace {

// Ops with axes that the problem's pipelines use, verifiable alone or not.
std::vector<const OpDefinition*> ops_with_axes_for(const Problem& problem, bool verifiable_alone) {
  std::vector<std::string> used;
  for (const auto* pipeline : pipelines_for(problem))
    for (const auto& name : pipeline->op_names()) used.push_back(name);
  std::vector<const OpDefinition*> ops;
  for (const auto& op : op_registry())
    if (op.serves(problem) && op.verifiable_alone == verifiable_alone && !op.axes.empty() &&
        std::find(used.begin(), used.end(), op.name) != used.end())
      ops.push_back(&op);
  return ops;
}

}  // namespace

std::vector<const OpDefinition*> tunable_ops_for(const Problem& problem) {
  return ops_with_axes_for(problem, true);
}

std::vector<const OpDefinition*> pipeline_tuned_ops_for(const Problem& problem) {
  return ops_with_axes_for(problem, false);
}

namespace {

std::vector<ParamPoint> valid_points(const Problem& problem, const OpDefinition& op) {
  std::vector<ParamPoint> points;
  for (auto& point : op.all_points())
    if (op.invalid_reason(problem, point).empty()) points.push_back(std::move(point));
  return points;
}

// A deterministic sample: std::mt19937_64's sequence is fixed by the standard, unlike the
// distributions, so the choice is made with plain modulo arithmetic.
std::vector<ParamPoint> sample_points(std::vector<ParamPoint> points, size_t count, uint64_t seed) {
  std::mt19937_64 engine(seed);
  for (size_t i = 0; i + 1 < points.size(); ++i) {
    const size_t j = i + static_cast<size_t>(engine() % (points.size() - i));
    std::swap(points[i], points[j]);
  }
  points.resize(std::min(count, points.size()));
  return points;
}

// The sample depends on what is sampled, not on its position in a list, so planning one problem
// alone (the sweep) picks the same points as planning many (compile). FNV-1a.
uint64_t content_seed(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

std::vector<OpCandidate> plan_op_candidates(const std::vector<Problem>& problems,
                                            const SearchOptions& options) {
  std::vector<OpCandidate> candidates;
  for (const Problem& problem : problems) {
    auto ops = tunable_ops_for(problem);
    const size_t alone = ops.size();
    for (const auto* op : pipeline_tuned_ops_for(problem)) ops.push_back(op);
    for (size_t i = 0; i < ops.size(); ++i) {
      const OpDefinition* op = ops[i];
      if (!options.ops.empty() &&
          std::find(options.ops.begin(), options.ops.end(), op->name) == options.ops.end())
        continue;
      const ParamPoint default_point = op->default_point();
      candidates.push_back({problem, op, default_point, true, i < alone});
      if (options.defaults_only) continue;
      auto points = valid_points(problem, *op);
      if (options.strategy == SearchStrategy::random && options.max_points_per_op > 0)
        points = sample_points(std::move(points), static_cast<size_t>(options.max_points_per_op),
                               options.seed ^ content_seed(to_string(problem) + op->name));
      else if (options.max_points_per_op > 0)
        points.resize(std::min(points.size(), static_cast<size_t>(options.max_points_per_op)));
      // The default goes first (pushed above): it is the denominator every report needs, and it is
      // measured even when a budget cuts the rest short.
      for (auto& point : points)
        if (!(point == default_point))
          candidates.push_back({problem, op, std::move(point), false, i < alone});
    }
  }
  return candidates;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard shard;
  auto parse_int = [&](std::string_view part, int& out) {
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return ec == std::errc() && ptr == part.data() + part.size();
  };
  const std::string_view view(text);
  if (slash == std::string::npos || !parse_int(view.substr(0, slash), shard.index) ||
      !parse_int(view.substr(slash + 1), shard.count) || shard.count < 1 || shard.index < 1 ||
      shard.index > shard.count)
    throw UsageError(fmt::format("shard '{}' must be K/N with 1 <= K <= N (e.g. 2/4)", text));
  return shard;
}

std::vector<Problem> select_shard(const std::vector<Problem>& problems, const Shard& shard) {
  std::vector<Problem> selected;
  for (size_t i = 0; i < problems.size(); ++i)
    if (static_cast<int>(i % shard.count) == shard.index - 1) selected.push_back(problems[i]);
  return selected;
}

SearchStrategy parse_strategy(const std::string& text) {
  if (text == "exhaustive") return SearchStrategy::exhaustive;
  if (text == "random") return SearchStrategy::random;
  throw UsageError(fmt::format("unknown strategy '{}' (allowed: exhaustive, random)", text));
}

}  // namespace mhc
