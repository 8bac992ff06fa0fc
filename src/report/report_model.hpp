#pragma once
// The report model: everything `mhc-tune report` says, computed from a tuning database alone
// (ARCHITECTURE.md: report reads only the database). The printers beside this file only format
// it; none of them computes a number.
//
// Which attempts count: a database may hold several measurements of the same thing (same device,
// L2 mode, problem, op or pipeline, and parameters of every op), from re-runs and resumed sweeps.
// The model keeps the latest of each (by attempt time) and ignores the older ones, so a re-run
// supersedes and a resumed run completes an interrupted one. Among what is kept:
//   tuned    = the fastest verified, timed pipeline attempt (any role; the baseline may win),
//   baseline = the fastest verified, timed baseline-role pipeline attempt,
//   default  = the fastest verified, timed default-role pipeline attempt.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"
#include "report/change_label.hpp"
#include "report/quantity.hpp"
#include "store/records.hpp"
#include "store/tuning_database.hpp"

namespace mhc::report {

struct OpChoice {
  std::string op;
  std::string params;  // canonical "threads=128,vec=4"
};

// One verified, timed pipeline attempt as the report cites it.
struct TimedAttempt {
  std::string attempt_uuid;
  int run = 0;  // index into ReportModel::runs
  std::string pipeline;
  store::AttemptRole role = store::AttemptRole::candidate;
  store::Timing timing;
  std::optional<int64_t> bytes_moved;
  std::vector<OpChoice> members;  // launch order
};

// One problem on one device in one L2 mode: the layer's numbers.
struct ProblemResult {
  Problem problem;
  int device = 0;  // index into ReportModel::devices
  store::CacheMode cache_mode = store::CacheMode::cold;
  std::optional<TimedAttempt> tuned, baseline, default_pipeline;
  Quantity tuned_us, baseline_us, default_us;
  Quantity speedup;      // baseline / tuned
  Quantity tuning_gain;  // default / tuned: what tuning itself bought
  std::optional<ChangeLabel> tuned_vs_default;
  Quantity floor_bytes;    // the layer's minimum bytes (MATH.md, "The floor")
  Quantity achieved_gbps;  // floor bytes / tuned time
  Quantity share_of_copy;  // achieved / copy bandwidth measured in the tuned attempt's run
  Quantity share_of_peak;  // achieved / the device's peak bandwidth
};

// A cell of the seed's tables: the speedup and, beside it, the two times it divides.
struct SpeedupCell {
  Quantity speedup, baseline_us, tuned_us;
};
struct SpeedupRow {
  Shape shape;
  SpeedupCell forward, backward;
};
struct SpeedupTable {
  HPath path = HPath::static_h;
  bool swept = false;  // some problem of this path is in the group
  std::vector<SpeedupRow> rows;
};

// Problems that share device, L2 mode, residual dtype and convention: one set of seed tables.
struct ResultGroup {
  int device = 0;
  store::CacheMode cache_mode = store::CacheMode::cold;
  Dtype residual_dtype = Dtype::f32;
  Convention convention = Convention::paper;
  std::vector<int> problems;         // indexes into ReportModel::problems, in table order
  SpeedupTable static_h, dynamic_h;  // the same rows (shapes), paper shapes first
  std::vector<Shape> paper_shapes_not_swept;
  std::vector<store::Timer> timers;  // the timers behind this group's numbers
};

// What was tried for one op or pipeline, counted over the kept attempts.
struct OutcomeCounts {
  store::SubjectKind kind = store::SubjectKind::op;
  std::string name;
  std::array<int64_t, 6> by_outcome{};  // indexed by store::AttemptOutcome
  int64_t total() const;
  int64_t count(store::AttemptOutcome outcome) const {
    return by_outcome[static_cast<size_t>(outcome)];
  }
};

struct RunSummary {
  store::RunRecord run;
  int device = 0;  // index into ReportModel::devices
  int64_t attempts = 0;
};

// Repetitions, noise and clocks over the verified, timed attempts the report uses.
struct TimingSummary {
  int64_t timed_attempts = 0;
  int64_t min_repetitions = 0, max_repetitions = 0;
  double median_noise = 0.0, max_noise = 0.0;  // relative noise: stddev / mean
  int64_t noise_target_missed = 0;
  std::optional<double> min_sm_clock_mhz, max_sm_clock_mhz;
  std::vector<store::Timer> timers;
};

struct PipelineNote {
  std::string name;
  std::string description;
};

// --compare: this database's tuned times against another's, per problem.
struct ComparisonRow {
  Problem problem;
  store::CacheMode cache_mode = store::CacheMode::cold;
  std::string this_device, other_device;  // empty on the side that lacks the problem
  Quantity this_us, other_us;
  Quantity ratio;  // this / other: below 1 is faster here
  std::optional<ChangeLabel> label;
  std::string this_attempt_uuid, other_attempt_uuid;
};
struct Comparison {
  std::string other_database;
  std::vector<store::DeviceRecord> other_devices;
  std::vector<RunSummary> other_runs;
  std::vector<ComparisonRow> rows;
};

struct ReportModel {
  std::string database;  // as the user named it
  std::vector<store::DeviceRecord> devices;
  std::vector<RunSummary> runs;
  int64_t attempts_stored = 0;  // on the selected devices
  int64_t attempts_used = 0;    // after keeping the latest of each repeated measurement
  TimingSummary timing;
  std::vector<ProblemResult> problems;
  std::vector<ResultGroup> groups;
  std::vector<OutcomeCounts> outcomes;
  std::vector<PipelineNote> pipelines;  // the pipelines named in the report that this build knows
  std::optional<Comparison> comparison;
};

struct ReportOptions {
  std::string database_label{};  // how the report names the database
  std::string gpu{};  // --gpu: a case-insensitive part of a device name, or a uuid prefix
  // The one-line description of a pipeline, empty if unknown. Default: this build's registry.
  std::function<std::string(std::string_view)> describe_pipeline{};
};

// Reads `db` and computes the model. Throws UsageError when --gpu matches no stored device.
ReportModel build_report_model(store::TuningDatabase& db, const ReportOptions& options);

// Adds model.comparison: every problem of either model, matched by problem and L2 mode.
void compare_with(ReportModel& model, const ReportModel& other);

}  // namespace mhc::report
