#pragma once
// Which op variants a sweep measures for each problem: every valid point of each tunable op that a
// pipeline serving the problem uses (exhaustive), or a seeded random sample of them; the op's
// default point is always among them so reports have their denominator.
#include <cstdint>
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "ops/op.hpp"

namespace mhc {

enum class SearchStrategy { exhaustive, random };

struct SearchOptions {
  SearchStrategy strategy = SearchStrategy::exhaustive;
  // Budget per (problem, op): random samples this many points, exhaustive keeps the first this
  // many; 0 = all valid points. The default point is measured on top of the budget.
  int max_points_per_op = 0;
  uint64_t seed = 1;             // random: the sample is a function of the seed
  std::vector<std::string> ops;  // empty = every op the problem's pipelines use
  bool defaults_only = false;    // each op's default point alone (to warm a compile cache)
};

struct OpCandidate {
  Problem problem;
  const OpDefinition* op = nullptr;
  ParamPoint point;
  bool is_default = false;
  // Measured alone (its inputs from the reference, its outputs checked). False for an op that
  // reads another op's workspace (split-K partials): its points are measured only inside the
  // pipelines that use it.
  bool alone = true;
};

// Tunable ops (verifiable alone, with at least one axis) the problem's pipelines use, in registry
// order.
std::vector<const OpDefinition*> tunable_ops_for(const Problem& problem);
// Ops with axes the problem's pipelines use that cannot be verified alone: tuned inside pipelines.
std::vector<const OpDefinition*> pipeline_tuned_ops_for(const Problem& problem);

// Per problem: the candidates of tunable_ops_for (alone), then of pipeline_tuned_ops_for (not
// alone); each op's default first, then its valid points under the budget.
std::vector<OpCandidate> plan_op_candidates(const std::vector<Problem>& problems,
                                            const SearchOptions& options);

// `--shard K/N`: keeps every N-th problem starting at K-1, so N machines split a sweep without
// talking to each other. UsageError on a malformed or out-of-range shard.
struct Shard {
  int index = 1;  // K, 1-based
  int count = 1;  // N
};
Shard parse_shard(const std::string& text);
std::vector<Problem> select_shard(const std::vector<Problem>& problems, const Shard& shard);

SearchStrategy parse_strategy(const std::string& text);

}  // namespace mhc
