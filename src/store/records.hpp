#pragma once
// The rows of the tuning database as plain C++ values: the sweep fills them in, the store writes
// them, and report and emit read them back. A problem row is mhc::Problem itself.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mhc::store {

// Row ids, as returned by the upserts and used to link rows.
using DeviceId = int64_t;
using RunId = int64_t;
using VariantId = int64_t;
using CompilationId = int64_t;
using ProblemId = int64_t;
using AttemptId = int64_t;

enum class RunStatus { running, finished, interrupted, failed };
enum class Timer { cupti, events };
enum class CacheMode { cold, hot };
enum class SubjectKind { op, pipeline };
enum class AttemptRole { candidate, default_variant, baseline, tuned };
enum class AttemptOutcome { ok, compile_error, wrong, fault, timeout, skipped };
enum class CompileOutcome { ok, compile_error, timeout };

// The text each enum has in the database (and in exports); parse_* reverse them and throw
// UsageError naming the allowed values.
std::string_view to_string(RunStatus value);
std::string_view to_string(Timer value);
std::string_view to_string(CacheMode value);
std::string_view to_string(SubjectKind value);
std::string_view to_string(AttemptRole value);  // default_variant is "default"
std::string_view to_string(AttemptOutcome value);
std::string_view to_string(CompileOutcome value);
RunStatus parse_run_status(std::string_view text);
Timer parse_timer(std::string_view text);
CacheMode parse_cache_mode(std::string_view text);
SubjectKind parse_subject_kind(std::string_view text);
AttemptRole parse_attempt_role(std::string_view text);
AttemptOutcome parse_attempt_outcome(std::string_view text);
CompileOutcome parse_compile_outcome(std::string_view text);

struct DeviceRecord {
  std::string uuid;
  std::string name;
  std::string compute_capability;  // "9.0"
  int sm_count = 0;
  int64_t l2_bytes = 0;
  int64_t memory_bytes = 0;
  int memory_bus_bits = 0;
  int sm_clock_mhz = 0;
  int memory_clock_mhz = 0;
  double peak_bandwidth_gbps = 0.0;
  std::string driver_version;        // "13.0"
  std::string cuda_runtime_version;  // "13.0"
  std::string nvrtc_version;         // "13.0"
  std::string cupti_version;         // "unavailable" when CUPTI could not be read
  friend bool operator==(const DeviceRecord&, const DeviceRecord&) = default;
};

struct RunRecord {
  std::string uuid;
  DeviceId device_id = 0;
  std::string started_at;   // ISO-8601 UTC; begin_run fills it in when empty
  std::string finished_at;  // empty while running
  RunStatus status = RunStatus::running;
  std::string command_line;
  std::string mhc_tune_version;
  std::string git_commit;
  std::string host_name;
  Timer timer = Timer::cupti;
  CacheMode cache_mode = CacheMode::cold;
  std::optional<double> copy_bandwidth_gbps;
  friend bool operator==(const RunRecord&, const RunRecord&) = default;
};

struct SourceRecord {
  std::string hash;  // content hash (the caller's choice of function), the natural key
  std::string path;  // relative to kernels/
  std::string text;
  friend bool operator==(const SourceRecord&, const SourceRecord&) = default;
};

struct VariantRecord {
  std::string op;
  std::string params;  // canonical: "threads=128,vec=4"
  std::string source_hash;
  std::string arch;  // "sm_90a"
  std::string compile_options;
  friend bool operator==(const VariantRecord&, const VariantRecord&) = default;
};

struct CompilationRecord {
  VariantId variant_id = 0;
  std::string cache_key;
  CompileOutcome outcome = CompileOutcome::ok;
  std::string log;
  double compile_ms = 0.0;
  std::optional<int64_t> registers;  // resource usage: nullopt when ptxas did not report it
  std::optional<int64_t> spill_store_bytes;
  std::optional<int64_t> spill_load_bytes;
  std::optional<int64_t> stack_bytes;
  std::optional<int64_t> shared_bytes;
  friend bool operator==(const CompilationRecord&, const CompilationRecord&) = default;
};

struct Verification {
  std::optional<uint64_t> seed;          // below 2^63: SQLite integers are signed
  std::optional<double> rel_norm_error;  // ||out - ref|| / ||ref||
  std::optional<double> max_abs_error;
  std::optional<int64_t> worst_index;  // flat index of the largest error
  std::optional<double> bound;         // the rel_norm_error allowed for this dtype
  friend bool operator==(const Verification&, const Verification&) = default;
};

struct Timing {
  Timer timer = Timer::cupti;
  double median_us = 0.0;
  double min_us = 0.0;
  double max_us = 0.0;
  double mean_us = 0.0;
  double stddev_us = 0.0;
  std::optional<double> kernels_sum_median_us;
  int64_t repetitions = 0;
  double relative_noise = 0.0;
  bool noise_target_met = false;
  friend bool operator==(const Timing&, const Timing&) = default;
};

struct PipelineMember {
  std::string op;
  VariantId variant_id = 0;
  friend bool operator==(const PipelineMember&, const PipelineMember&) = default;
};

struct AttemptRecord {
  std::string uuid;
  RunId run_id = 0;
  ProblemId problem_id = 0;
  SubjectKind kind = SubjectKind::op;
  std::string subject_name;             // op or pipeline name
  std::optional<VariantId> variant_id;  // ops only
  std::vector<PipelineMember> members;  // pipelines only, in launch order
  AttemptRole role = AttemptRole::candidate;
  AttemptOutcome outcome = AttemptOutcome::ok;
  std::string message;
  std::string log;
  CacheMode cache_mode = CacheMode::cold;
  Verification verification;
  std::optional<Timing> timing;  // only for attempts that were verified and timed
  std::optional<int64_t> bytes_moved;
  std::optional<double> sm_clock_mhz;
  std::string created_at;  // ISO-8601 UTC; record_attempt fills it in when empty
  friend bool operator==(const AttemptRecord&, const AttemptRecord&) = default;
};

// A row read back with the id it has in the file it was read from.
template <typename Record>
struct Stored {
  int64_t id = 0;
  Record record;
};

}  // namespace mhc::store
