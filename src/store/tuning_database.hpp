#pragma once
// The tuning database: every run, device, kernel source, variant, compilation, problem and attempt
// of mhc-tune, in one SQLite file that is the whole evidence trail. The sweep writes through it;
// report, emit and `mhc-tune db` read through it.
//
// Writes are one transaction each (BEGIN IMMEDIATE, retried while another process writes), so
// several sweeps may share a file and a killed sweep loses nothing it committed. Devices, sources,
// variants, compilations and problems are upserted by natural key; runs and attempts by uuid.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "store/records.hpp"
#include "store/sqlite_connection.hpp"

namespace mhc::store {

// What `--resume` compares: an attempt for the same device, problem, subject, variant (or ordered
// pipeline members) and cache mode counts as done.
struct AttemptKey {
  DeviceId device_id = 0;
  ProblemId problem_id = 0;
  SubjectKind kind = SubjectKind::op;
  std::string subject_name;
  std::optional<VariantId> variant_id;     // ops
  std::vector<VariantId> member_variants;  // pipelines, in launch order
  CacheMode cache_mode = CacheMode::cold;
};

// Rows of the op_winners / pipeline_winners views (db/schema.sql).
struct OpWinner {
  DeviceId device_id = 0;
  ProblemId problem_id = 0;
  CacheMode cache_mode = CacheMode::cold;
  std::string op;
  VariantId variant_id = 0;
  AttemptId attempt_id = 0;
  std::string attempt_uuid;
  double median_us = 0.0;
};

struct PipelineWinner {
  DeviceId device_id = 0;
  ProblemId problem_id = 0;
  CacheMode cache_mode = CacheMode::cold;
  std::string pipeline;
  AttemptId attempt_id = 0;
  std::string attempt_uuid;
  double median_us = 0.0;
  std::vector<PipelineMember> members;
};

struct TableCount {
  std::string table;
  int64_t rows = 0;
};

class TuningDatabase {
 public:
  // See store/database_file.hpp: a writer creates and migrates; a reader never changes the file.
  static TuningDatabase open_for_write(const std::filesystem::path& path);
  static TuningDatabase open_for_read(const std::filesystem::path& path);
  explicit TuningDatabase(Connection connection) : connection_(std::move(connection)) {}

  Connection& connection() { return connection_; }
  const std::string& path() const { return connection_.path(); }
  int schema_version();

  // Writes (tuning_database_writes.cpp). Upserts return the row's id, new or existing.
  DeviceId upsert_device(const DeviceRecord& device);
  void upsert_source(const SourceRecord& source);
  VariantId upsert_variant(const VariantRecord& variant);
  // A stored failed compilation is replaced by a newer result for the same key; an 'ok' one stays.
  CompilationId upsert_compilation(const CompilationRecord& compilation);
  ProblemId upsert_problem(const Problem& problem);
  RunId begin_run(const RunRecord& run);  // throws if the uuid is already stored
  void finish_run(RunId run, RunStatus status, std::optional<double> copy_bandwidth_gbps);
  // Inserts an unknown uuid; completes a stored run still marked 'running'. Used by merge.
  RunId upsert_run(const RunRecord& run);
  // The attempt and its pipeline members in one transaction. Throws if the uuid is stored.
  AttemptId record_attempt(const AttemptRecord& attempt);
  // As record_attempt, but an already stored uuid is left alone: nullopt. Used by merge.
  std::optional<AttemptId> record_attempt_if_new(const AttemptRecord& attempt);

  // Whole tables, with their ids in this file (tuning_database_reads.cpp).
  std::vector<Stored<DeviceRecord>> devices();
  std::vector<Stored<RunRecord>> runs();
  std::vector<SourceRecord> sources();
  std::vector<Stored<VariantRecord>> variants();
  std::vector<Stored<CompilationRecord>> compilations();
  std::vector<Stored<Problem>> problems();
  std::vector<Stored<AttemptRecord>> attempts();  // members included, ordered by id

  // Questions the sweep, report and emit ask (tuning_database_queries.cpp).
  bool is_done(const AttemptKey& key);  // 'skipped' attempts do not count: they never ran
  std::vector<OpWinner> op_winners();
  std::vector<PipelineWinner> pipeline_winners();
  std::vector<TableCount> table_counts();  // every table, in schema order
  std::map<RunId, int64_t> attempts_per_run();

 private:
  std::optional<AttemptId> insert_attempt(const AttemptRecord& attempt);
  std::vector<PipelineMember> members_of(AttemptId attempt);

  Connection connection_;
};

}  // namespace mhc::store
