// TuningDatabase: recording one attempt, with its pipeline members, as one transaction.
#include <fmt/format.h>

#include <cstdint>
#include <stdexcept>

#include "store/identifiers.hpp"
#include "store/tuning_database.hpp"

namespace mhc::store {

namespace {

// The shape of an attempt is the sweep's responsibility; a malformed one is a programming error,
// caught here rather than stored.
void require_well_formed(const AttemptRecord& a) {
  const auto fail = [&](std::string_view why) {
    throw std::invalid_argument(fmt::format("attempt {} ({}): {}", a.uuid, a.subject_name, why));
  };
  if (a.uuid.empty()) fail("no uuid");
  if (a.kind == SubjectKind::op && (!a.variant_id || !a.members.empty()))
    fail("an op attempt needs a variant and no pipeline members");
  if (a.kind == SubjectKind::pipeline && (a.variant_id || a.members.empty()))
    fail("a pipeline attempt needs members and no variant");
  if (a.timing && a.outcome != AttemptOutcome::ok) fail("only a verified attempt is timed");
  if (a.verification.seed && *a.verification.seed > uint64_t{INT64_MAX})
    fail("seed must be below 2^63 to be stored exactly");
}

void bind_verification(Statement& s, const Verification& v) {
  std::optional<int64_t> seed;
  if (v.seed) seed = static_cast<int64_t>(*v.seed);  // below 2^63, checked above
  s.bind(":seed", seed).bind(":rel_norm_error", v.rel_norm_error);
  s.bind(":max_abs_error", v.max_abs_error).bind(":worst_index", v.worst_index);
  s.bind(":error_bound", v.bound);
}

void bind_timing(Statement& s, const std::optional<Timing>& t) {
  if (!t) {
    for (const char* name : {":timer", ":median", ":min", ":max", ":mean", ":stddev",
                             ":kernels_sum", ":repetitions", ":noise", ":noise_met"})
      s.bind_null(name);
    return;
  }
  s.bind(":timer", to_string(t->timer)).bind(":median", t->median_us).bind(":min", t->min_us);
  s.bind(":max", t->max_us).bind(":mean", t->mean_us).bind(":stddev", t->stddev_us);
  s.bind(":kernels_sum", t->kernels_sum_median_us).bind(":repetitions", t->repetitions);
  s.bind(":noise", t->relative_noise).bind(":noise_met", int64_t{t->noise_target_met});
}

}  // namespace

AttemptId TuningDatabase::record_attempt(const AttemptRecord& attempt) {
  const auto id = insert_attempt(attempt);
  if (!id)
    throw std::invalid_argument(fmt::format("attempt {} is already in '{}'", attempt.uuid, path()));
  return *id;
}

std::optional<AttemptId> TuningDatabase::record_attempt_if_new(const AttemptRecord& attempt) {
  return insert_attempt(attempt);
}

std::optional<AttemptId> TuningDatabase::insert_attempt(const AttemptRecord& a) {
  require_well_formed(a);
  WriteTransaction transaction(connection_);
  Statement insert(connection_, R"(
    INSERT INTO attempts (uuid, run_id, problem_id, subject_kind, subject_name, variant_id, role,
      outcome, message, log, seed, rel_norm_error, max_abs_error, worst_index, error_bound,
      timer, cache_mode, median_us, min_us, max_us, mean_us, stddev_us, kernels_sum_median_us,
      repetitions, relative_noise, noise_target_met, bytes_moved, sm_clock_mhz, created_at)
    VALUES (:uuid, :run, :problem, :kind, :name, :variant, :role, :outcome, :message, :log,
      :seed, :rel_norm_error, :max_abs_error, :worst_index, :error_bound, :timer, :cache,
      :median, :min, :max, :mean, :stddev, :kernels_sum, :repetitions, :noise, :noise_met,
      :bytes, :sm_clock, :created)
    ON CONFLICT (uuid) DO NOTHING)");
  insert.bind(":uuid", a.uuid).bind(":run", a.run_id).bind(":problem", a.problem_id);
  insert.bind(":kind", to_string(a.kind)).bind(":name", a.subject_name);
  insert.bind(":variant", a.variant_id).bind(":role", to_string(a.role));
  insert.bind(":outcome", to_string(a.outcome)).bind(":message", a.message).bind(":log", a.log);
  bind_verification(insert, a.verification);
  bind_timing(insert, a.timing);
  insert.bind(":cache", to_string(a.cache_mode)).bind(":bytes", a.bytes_moved);
  insert.bind(":sm_clock", a.sm_clock_mhz);
  insert.bind(":created", a.created_at.empty() ? utc_timestamp() : a.created_at);
  insert.run();
  if (sqlite3_changes(connection_.handle()) == 0) return std::nullopt;  // uuid already stored
  const AttemptId id = sqlite3_last_insert_rowid(connection_.handle());

  Statement member(connection_, R"(
    INSERT INTO pipeline_members (attempt_id, position, op, variant_id)
    VALUES (:attempt, :position, :op, :variant))");
  for (size_t position = 0; position < a.members.size(); ++position) {
    member.bind(":attempt", id).bind(":position", static_cast<int64_t>(position));
    member.bind(":op", a.members[position].op).bind(":variant", a.members[position].variant_id);
    member.run();
    member.reset();
  }
  transaction.commit();
  return id;
}

}  // namespace mhc::store
