// TuningDatabase: the questions asked of a stored sweep (resume, winners, sizes).
#include <fmt/format.h>

#include <algorithm>

#include "store/tuning_database.hpp"

namespace mhc::store {

bool TuningDatabase::is_done(const AttemptKey& key) {
  // A skipped attempt never ran, so it must not stop --resume from running it.
  Statement s(connection_, R"(
    SELECT a.id, a.variant_id FROM attempts a JOIN runs r ON r.id = a.run_id
    WHERE r.device_id = :device AND a.problem_id = :problem AND a.subject_kind = :kind
      AND a.subject_name = :name AND a.cache_mode = :cache AND a.outcome <> 'skipped')");
  s.bind(":device", key.device_id).bind(":problem", key.problem_id);
  s.bind(":kind", to_string(key.kind)).bind(":name", key.subject_name);
  s.bind(":cache", to_string(key.cache_mode));
  std::vector<AttemptId> pipelines;
  while (s.step()) {
    if (key.kind == SubjectKind::op) {
      if (key.variant_id && s.optional_int_at(1) == key.variant_id) return true;
    } else {
      pipelines.push_back(s.int_at(0));
    }
  }
  return std::any_of(pipelines.begin(), pipelines.end(), [&](AttemptId attempt) {
    const auto members = members_of(attempt);
    return std::equal(members.begin(), members.end(), key.member_variants.begin(),
                      key.member_variants.end(),
                      [](const PipelineMember& m, VariantId v) { return m.variant_id == v; });
  });
}

std::vector<OpWinner> TuningDatabase::op_winners() {
  Statement s(connection_, R"(
    SELECT w.device_id, w.problem_id, w.cache_mode, w.op, w.variant_id, w.attempt_id, a.uuid,
      w.median_us
    FROM op_winners w JOIN attempts a ON a.id = w.attempt_id
    ORDER BY w.device_id, w.problem_id, w.cache_mode, w.op)");
  std::vector<OpWinner> rows;
  while (s.step())
    rows.push_back({s.int_at(0), s.int_at(1), parse_cache_mode(s.text_at(2)), s.text_at(3),
                    s.int_at(4), s.int_at(5), s.text_at(6), s.double_at(7)});
  return rows;
}

std::vector<PipelineWinner> TuningDatabase::pipeline_winners() {
  Statement s(connection_, R"(
    SELECT w.device_id, w.problem_id, w.cache_mode, w.pipeline, w.attempt_id, a.uuid,
      w.median_us
    FROM pipeline_winners w JOIN attempts a ON a.id = w.attempt_id
    ORDER BY w.device_id, w.problem_id, w.cache_mode)");
  std::vector<PipelineWinner> rows;
  while (s.step())
    rows.push_back({s.int_at(0),
                    s.int_at(1),
                    parse_cache_mode(s.text_at(2)),
                    s.text_at(3),
                    s.int_at(4),
                    s.text_at(5),
                    s.double_at(6),
                    {}});
  for (auto& row : rows) row.members = members_of(row.attempt_id);
  return rows;
}

std::vector<TableCount> TuningDatabase::table_counts() {
  Statement tables(connection_, R"(
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
    ORDER BY rowid)");
  std::vector<TableCount> counts;
  while (tables.step()) counts.push_back({tables.text_at(0), 0});
  for (auto& count : counts)  // the names come from sqlite_master, not from the user
    count.rows = connection_.query_int(fmt::format("SELECT count(*) FROM \"{}\"", count.table));
  return counts;
}

std::map<RunId, int64_t> TuningDatabase::attempts_per_run() {
  Statement s(connection_, "SELECT run_id, count(*) FROM attempts GROUP BY run_id");
  std::map<RunId, int64_t> counts;
  while (s.step()) counts[s.int_at(0)] = s.int_at(1);
  return counts;
}

}  // namespace mhc::store
