// compare_with: this database's tuned layer times against another database's, problem by problem,
// to catch regressions across GPUs and commits.
#include <tuple>

#include "report/report_model.hpp"

namespace mhc::report {

namespace {

bool same_problem(const ProblemResult& a, const ProblemResult& b) {
  return a.problem == b.problem && a.cache_mode == b.cache_mode;
}

// Every result of `model` in the order its tables show them.
std::vector<const ProblemResult*> in_table_order(const ReportModel& model) {
  std::vector<const ProblemResult*> out;
  for (const auto& g : model.groups)
    for (int i : g.problems) out.push_back(&model.problems[i]);
  return out;
}

ComparisonRow row_for(const ProblemResult* mine, const ReportModel& model,
                      const ProblemResult* theirs, const ReportModel& other) {
  const ProblemResult& any = mine != nullptr ? *mine : *theirs;
  ComparisonRow row;
  row.problem = any.problem;
  row.cache_mode = any.cache_mode;
  if (mine != nullptr) {
    row.this_device = model.devices[mine->device].name;
    row.this_us = mine->tuned_us;
    if (mine->tuned) row.this_attempt_uuid = mine->tuned->attempt_uuid;
  } else {
    row.this_us = Quantity::missing(Gap::not_in_this);
  }
  if (theirs != nullptr && theirs->tuned) {
    row.other_device = other.devices[theirs->device].name;
    row.other_us = theirs->tuned_us;
    row.other_attempt_uuid = theirs->tuned->attempt_uuid;
  } else {
    if (theirs != nullptr) row.other_device = other.devices[theirs->device].name;
    row.other_us = Quantity::missing(Gap::not_in_other);
  }
  row.ratio = divide(row.this_us, row.other_us, Gap::not_in_other);
  if (mine != nullptr && mine->tuned && theirs != nullptr && theirs->tuned)
    row.label =
        classify_change(mine->tuned->timing.median_us, mine->tuned->timing.relative_noise,
                        theirs->tuned->timing.median_us, theirs->tuned->timing.relative_noise);
  return row;
}

}  // namespace

void compare_with(ReportModel& model, const ReportModel& other) {
  Comparison c;
  c.other_database = other.database;
  c.other_devices = other.devices;
  c.other_runs = other.runs;
  const auto theirs = in_table_order(other);
  std::vector<bool> matched(theirs.size(), false);
  for (const auto* mine : in_table_order(model)) {
    bool found = false;
    for (size_t i = 0; i < theirs.size(); ++i) {
      if (!same_problem(*mine, *theirs[i])) continue;
      c.rows.push_back(row_for(mine, model, theirs[i], other));
      matched[i] = found = true;
    }
    if (!found) c.rows.push_back(row_for(mine, model, nullptr, other));
  }
  for (size_t i = 0; i < theirs.size(); ++i)
    if (!matched[i]) c.rows.push_back(row_for(nullptr, model, theirs[i], other));
  model.comparison = std::move(c);
}

}  // namespace mhc::report
