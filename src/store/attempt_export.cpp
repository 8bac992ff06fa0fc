#include "store/attempt_export.hpp"

#include <map>

namespace mhc::store {

namespace {

// The first column is the attempt's row id, used to attach pipeline members and not exported.
constexpr const char* kAttemptRowsSql = R"(
  SELECT a.id,
    a.uuid AS attempt_uuid, r.uuid AS run_uuid, r.started_at AS run_started_at,
    r.status AS run_status, r.mhc_tune_version, r.git_commit, r.host_name,
    d.name AS device_name, d.uuid AS device_uuid, d.compute_capability, d.sm_count,
    d.driver_version, d.cuda_runtime_version, d.nvrtc_version, d.cupti_version,
    r.copy_bandwidth_gbps,
    p.path, p.direction, p.tokens AS B, p.hidden AS C, p.streams AS n, p.residual_dtype,
    p.convention, p.sinkhorn_iters, p.rms_eps, p.sinkhorn_eps, p.post_mult, p.pre_eps,
    a.subject_kind, a.subject_name, v.params AS variant_params, v.arch, v.compile_options,
    v.source_hash, NULL AS pipeline_members,
    a.role, a.outcome, a.message, a.seed, a.rel_norm_error, a.max_abs_error, a.worst_index,
    a.error_bound, a.timer, a.cache_mode, a.median_us, a.min_us, a.max_us, a.mean_us,
    a.stddev_us, a.kernels_sum_median_us, a.repetitions, a.relative_noise, a.noise_target_met,
    a.bytes_moved, a.sm_clock_mhz, a.created_at
  FROM attempts a
    JOIN runs r ON r.id = a.run_id
    JOIN devices d ON d.id = r.device_id
    JOIN problems p ON p.id = a.problem_id
    LEFT JOIN variants v ON v.id = a.variant_id
  ORDER BY a.id)";

std::map<AttemptId, std::string> member_lists(Connection& connection) {
  Statement s(connection, R"(
    SELECT m.attempt_id, m.op, v.params FROM pipeline_members m JOIN variants v
      ON v.id = m.variant_id
    ORDER BY m.attempt_id, m.position)");
  std::map<AttemptId, std::string> lists;
  while (s.step()) {
    std::string& list = lists[s.int_at(0)];
    list += (list.empty() ? "" : " + ") + s.text_at(1) + "{" + s.text_at(2) + "}";
  }
  return lists;
}

CellValue cell(const Statement& s, int column) {
  switch (s.column_type(column)) {
    case SQLITE_NULL:
      return std::monostate{};
    case SQLITE_INTEGER:
      return s.int_at(column);
    case SQLITE_FLOAT:
      return s.double_at(column);
    default:
      return s.text_at(column);
  }
}

}  // namespace

ResultTable export_attempts(TuningDatabase& database) {
  const auto members = member_lists(database.connection());
  Statement s(database.connection(), kAttemptRowsSql);
  ResultTable table;
  int members_column = -1;
  for (int c = 1; c < s.column_count(); ++c) {
    table.columns.push_back(s.column_name(c));
    if (table.columns.back() == "pipeline_members") members_column = c;
  }
  while (s.step()) {
    auto& row = table.rows.emplace_back();
    for (int c = 1; c < s.column_count(); ++c) row.push_back(cell(s, c));
    if (const auto found = members.find(s.int_at(0)); found != members.end())
      row[members_column - 1] = found->second;
  }
  return table;
}

}  // namespace mhc::store
