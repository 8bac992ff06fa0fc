// TuningDatabase: whole tables read back as records, for merge, export, report and emit.
#include <map>

#include "store/tuning_database.hpp"

namespace mhc::store {

namespace {

// Every row of `sql`, each made by read(statement) while the statement stands on it.
template <typename Read>
auto read_rows(Connection& connection, std::string_view sql, Read read) {
  Statement s(connection, sql);
  std::vector<decltype(read(s))> rows;
  while (s.step()) rows.push_back(read(s));
  return rows;
}

}  // namespace

std::vector<Stored<DeviceRecord>> TuningDatabase::devices() {
  const char* sql = R"(
    SELECT id, uuid, name, compute_capability, sm_count, l2_bytes, memory_bytes, memory_bus_bits,
      sm_clock_mhz, memory_clock_mhz, peak_bandwidth_gbps, driver_version, cuda_runtime_version,
      nvrtc_version, cupti_version
    FROM devices ORDER BY id)";
  return read_rows(connection_, sql, [](Statement& s) {
    DeviceRecord d;
    d.uuid = s.text_at(1);
    d.name = s.text_at(2);
    d.compute_capability = s.text_at(3);
    d.sm_count = static_cast<int>(s.int_at(4));
    d.l2_bytes = s.int_at(5);
    d.memory_bytes = s.int_at(6);
    d.memory_bus_bits = static_cast<int>(s.int_at(7));
    d.sm_clock_mhz = static_cast<int>(s.int_at(8));
    d.memory_clock_mhz = static_cast<int>(s.int_at(9));
    d.peak_bandwidth_gbps = s.double_at(10);
    d.driver_version = s.text_at(11);
    d.cuda_runtime_version = s.text_at(12);
    d.nvrtc_version = s.text_at(13);
    d.cupti_version = s.text_at(14);
    return Stored<DeviceRecord>{s.int_at(0), std::move(d)};
  });
}

std::vector<Stored<RunRecord>> TuningDatabase::runs() {
  const char* sql = R"(
    SELECT id, uuid, device_id, started_at, finished_at, status, command_line, mhc_tune_version,
      git_commit, host_name, timer, cache_mode, copy_bandwidth_gbps
    FROM runs ORDER BY id)";
  return read_rows(connection_, sql, [](Statement& s) {
    RunRecord r;
    r.uuid = s.text_at(1);
    r.device_id = s.int_at(2);
    r.started_at = s.text_at(3);
    r.finished_at = s.text_at(4);  // NULL reads as ""
    r.status = parse_run_status(s.text_at(5));
    r.command_line = s.text_at(6);
    r.mhc_tune_version = s.text_at(7);
    r.git_commit = s.text_at(8);
    r.host_name = s.text_at(9);
    r.timer = parse_timer(s.text_at(10));
    r.cache_mode = parse_cache_mode(s.text_at(11));
    r.copy_bandwidth_gbps = s.optional_double_at(12);
    return Stored<RunRecord>{s.int_at(0), std::move(r)};
  });
}

std::vector<SourceRecord> TuningDatabase::sources() {
  return read_rows(connection_, "SELECT hash, path, text FROM kernel_sources ORDER BY hash",
                   [](Statement& s) {
                     return SourceRecord{s.text_at(0), s.text_at(1), s.text_at(2)};
                   });
}

std::vector<Stored<VariantRecord>> TuningDatabase::variants() {
  const char* sql = R"(
    SELECT id, op, params, source_hash, arch, compile_options FROM variants ORDER BY id)";
  return read_rows(connection_, sql, [](Statement& s) {
    return Stored<VariantRecord>{
        s.int_at(0), {s.text_at(1), s.text_at(2), s.text_at(3), s.text_at(4), s.text_at(5)}};
  });
}

std::vector<Stored<CompilationRecord>> TuningDatabase::compilations() {
  const char* sql = R"(
    SELECT id, variant_id, cache_key, outcome, log, compile_ms, registers, spill_store_bytes,
      spill_load_bytes, stack_bytes, shared_bytes
    FROM compilations ORDER BY id)";
  return read_rows(connection_, sql, [](Statement& s) {
    CompilationRecord c;
    c.variant_id = s.int_at(1);
    c.cache_key = s.text_at(2);
    c.outcome = parse_compile_outcome(s.text_at(3));
    c.log = s.text_at(4);
    c.compile_ms = s.double_at(5);
    c.registers = s.optional_int_at(6);
    c.spill_store_bytes = s.optional_int_at(7);
    c.spill_load_bytes = s.optional_int_at(8);
    c.stack_bytes = s.optional_int_at(9);
    c.shared_bytes = s.optional_int_at(10);
    return Stored<CompilationRecord>{s.int_at(0), std::move(c)};
  });
}

std::vector<Stored<Problem>> TuningDatabase::problems() {
  const char* sql = R"(
    SELECT id, path, direction, tokens, hidden, streams, residual_dtype, convention,
      sinkhorn_iters, rms_eps, sinkhorn_eps, post_mult, pre_eps
    FROM problems ORDER BY id)";
  return read_rows(connection_, sql, [](Statement& s) {
    Problem p;
    p.path = parse_path(s.text_at(1));
    p.direction = parse_direction(s.text_at(2));
    p.shape = {s.int_at(3), s.int_at(4), s.int_at(5)};
    p.residual_dtype = parse_dtype(s.text_at(6));
    p.convention = parse_convention(s.text_at(7));
    p.constants.sinkhorn_iters = static_cast<int>(s.int_at(8));
    p.constants.rms_eps = s.double_at(9);
    p.constants.sinkhorn_eps = s.double_at(10);
    p.constants.post_mult = s.double_at(11);
    p.constants.pre_eps = s.double_at(12);
    return Stored<Problem>{s.int_at(0), p};
  });
}

std::vector<PipelineMember> TuningDatabase::members_of(AttemptId attempt) {
  Statement s(connection_, R"(
    SELECT op, variant_id FROM pipeline_members WHERE attempt_id = :attempt ORDER BY position)");
  s.bind(":attempt", attempt);
  std::vector<PipelineMember> members;
  while (s.step()) members.push_back({s.text_at(0), s.int_at(1)});
  return members;
}

std::vector<Stored<AttemptRecord>> TuningDatabase::attempts() {
  std::map<AttemptId, std::vector<PipelineMember>> members;
  Statement m(connection_, R"(
    SELECT attempt_id, op, variant_id FROM pipeline_members ORDER BY attempt_id, position)");
  while (m.step()) members[m.int_at(0)].push_back({m.text_at(1), m.int_at(2)});

  const char* sql = R"(
    SELECT id, uuid, run_id, problem_id, subject_kind, subject_name, variant_id, role, outcome,
      message, log, seed, rel_norm_error, max_abs_error, worst_index, error_bound, timer,
      cache_mode, median_us, min_us, max_us, mean_us, stddev_us, kernels_sum_median_us,
      repetitions, relative_noise, noise_target_met, bytes_moved, sm_clock_mhz, created_at
    FROM attempts ORDER BY id)";
  return read_rows(connection_, sql, [&members](Statement& s) {
    AttemptRecord a;
    const AttemptId id = s.int_at(0);
    a.uuid = s.text_at(1);
    a.run_id = s.int_at(2);
    a.problem_id = s.int_at(3);
    a.kind = parse_subject_kind(s.text_at(4));
    a.subject_name = s.text_at(5);
    a.variant_id = s.optional_int_at(6);
    a.role = parse_attempt_role(s.text_at(7));
    a.outcome = parse_attempt_outcome(s.text_at(8));
    a.message = s.text_at(9);
    a.log = s.text_at(10);
    if (!s.is_null(11)) a.verification.seed = static_cast<uint64_t>(s.int_at(11));
    a.verification.rel_norm_error = s.optional_double_at(12);
    a.verification.max_abs_error = s.optional_double_at(13);
    a.verification.worst_index = s.optional_int_at(14);
    a.verification.bound = s.optional_double_at(15);
    if (!s.is_null(16)) {
      Timing t;
      t.timer = parse_timer(s.text_at(16));
      t.median_us = s.double_at(18);
      t.min_us = s.double_at(19);
      t.max_us = s.double_at(20);
      t.mean_us = s.double_at(21);
      t.stddev_us = s.double_at(22);
      t.kernels_sum_median_us = s.optional_double_at(23);
      t.repetitions = s.int_at(24);
      t.relative_noise = s.double_at(25);
      t.noise_target_met = s.int_at(26) != 0;
      a.timing = t;
    }
    a.cache_mode = parse_cache_mode(s.text_at(17));
    a.bytes_moved = s.optional_int_at(27);
    a.sm_clock_mhz = s.optional_double_at(28);
    a.created_at = s.text_at(29);
    if (auto found = members.find(id); found != members.end()) a.members = found->second;
    return Stored<AttemptRecord>{id, std::move(a)};
  });
}

}  // namespace mhc::store
