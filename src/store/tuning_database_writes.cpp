// TuningDatabase: the writes. Every upsert inserts with ON CONFLICT on the natural key and then
// reads the id back, inside one write transaction, so concurrent writers agree on one row.
#include <fmt/format.h>

#include <stdexcept>

#include "store/database_file.hpp"
#include "store/identifiers.hpp"
#include "store/tuning_database.hpp"

namespace mhc::store {

TuningDatabase TuningDatabase::open_for_write(const std::filesystem::path& path) {
  return TuningDatabase(store::open_for_write(path));
}

TuningDatabase TuningDatabase::open_for_read(const std::filesystem::path& path) {
  return TuningDatabase(store::open_for_read(path));
}

int TuningDatabase::schema_version() {
  return static_cast<int>(connection_.query_int("PRAGMA user_version"));
}

namespace {

// Steps `find` (already bound) and returns the id it selects; the row must exist.
int64_t found_id(Statement& find, std::string_view what) {
  if (!find.step()) throw std::logic_error(fmt::format("{} vanished after its upsert", what));
  return find.int_at(0);
}

}  // namespace

DeviceId TuningDatabase::upsert_device(const DeviceRecord& d) {
  WriteTransaction transaction(connection_);
  Statement insert(connection_, R"(
    INSERT INTO devices (uuid, name, compute_capability, sm_count, l2_bytes, memory_bytes,
      memory_bus_bits, sm_clock_mhz, memory_clock_mhz, peak_bandwidth_gbps, driver_version,
      cuda_runtime_version, nvrtc_version, cupti_version)
    VALUES (:uuid, :name, :cc, :sms, :l2, :memory, :bus, :sm_clock, :memory_clock, :peak,
      :driver, :runtime, :nvrtc, :cupti)
    ON CONFLICT (uuid, driver_version, cuda_runtime_version, nvrtc_version) DO NOTHING)");
  insert.bind(":uuid", d.uuid).bind(":name", d.name).bind(":cc", d.compute_capability);
  insert.bind(":sms", d.sm_count).bind(":l2", d.l2_bytes).bind(":memory", d.memory_bytes);
  insert.bind(":bus", d.memory_bus_bits).bind(":sm_clock", d.sm_clock_mhz);
  insert.bind(":memory_clock", d.memory_clock_mhz).bind(":peak", d.peak_bandwidth_gbps);
  insert.bind(":driver", d.driver_version).bind(":runtime", d.cuda_runtime_version);
  insert.bind(":nvrtc", d.nvrtc_version).bind(":cupti", d.cupti_version).run();
  Statement find(connection_, R"(
    SELECT id FROM devices WHERE uuid = :uuid AND driver_version = :driver
      AND cuda_runtime_version = :runtime AND nvrtc_version = :nvrtc)");
  find.bind(":uuid", d.uuid).bind(":driver", d.driver_version);
  find.bind(":runtime", d.cuda_runtime_version).bind(":nvrtc", d.nvrtc_version);
  const DeviceId id = found_id(find, "device");
  transaction.commit();
  return id;
}

void TuningDatabase::upsert_source(const SourceRecord& s) {
  WriteTransaction transaction(connection_);
  Statement insert(connection_, R"(
    INSERT INTO kernel_sources (hash, path, text) VALUES (:hash, :path, :text)
    ON CONFLICT (hash) DO NOTHING)");
  insert.bind(":hash", s.hash).bind(":path", s.path).bind(":text", s.text).run();
  transaction.commit();
}

VariantId TuningDatabase::upsert_variant(const VariantRecord& v) {
  WriteTransaction transaction(connection_);
  Statement insert(connection_, R"(
    INSERT INTO variants (op, params, source_hash, arch, compile_options)
    VALUES (:op, :params, :source, :arch, :options)
    ON CONFLICT (op, params, source_hash, arch, compile_options) DO NOTHING)");
  Statement find(connection_, R"(
    SELECT id FROM variants WHERE op = :op AND params = :params AND source_hash = :source
      AND arch = :arch AND compile_options = :options)");
  for (Statement* s : {&insert, &find}) {
    s->bind(":op", v.op).bind(":params", v.params).bind(":source", v.source_hash);
    s->bind(":arch", v.arch).bind(":options", v.compile_options);
  }
  insert.run();
  const VariantId id = found_id(find, "variant");
  transaction.commit();
  return id;
}

CompilationId TuningDatabase::upsert_compilation(const CompilationRecord& c) {
  WriteTransaction transaction(connection_);
  Statement insert(connection_, R"(
    INSERT INTO compilations (variant_id, cache_key, outcome, log, compile_ms, registers,
      spill_store_bytes, spill_load_bytes, stack_bytes, shared_bytes)
    VALUES (:variant, :key, :outcome, :log, :ms, :registers, :spill_stores, :spill_loads,
      :stack, :shared)
    ON CONFLICT (variant_id, cache_key) DO UPDATE SET
      outcome = excluded.outcome, log = excluded.log, compile_ms = excluded.compile_ms,
      registers = excluded.registers, spill_store_bytes = excluded.spill_store_bytes,
      spill_load_bytes = excluded.spill_load_bytes, stack_bytes = excluded.stack_bytes,
      shared_bytes = excluded.shared_bytes
    WHERE compilations.outcome <> 'ok')");
  insert.bind(":variant", c.variant_id).bind(":key", c.cache_key);
  insert.bind(":outcome", to_string(c.outcome)).bind(":log", c.log).bind(":ms", c.compile_ms);
  insert.bind(":registers", c.registers).bind(":spill_stores", c.spill_store_bytes);
  insert.bind(":spill_loads", c.spill_load_bytes).bind(":stack", c.stack_bytes);
  insert.bind(":shared", c.shared_bytes).run();
  Statement find(connection_,
                 "SELECT id FROM compilations WHERE variant_id = :variant AND cache_key = :key");
  find.bind(":variant", c.variant_id).bind(":key", c.cache_key);
  const CompilationId id = found_id(find, "compilation");
  transaction.commit();
  return id;
}

ProblemId TuningDatabase::upsert_problem(const Problem& p) {
  WriteTransaction transaction(connection_);
  Statement insert(connection_, R"(
    INSERT INTO problems (path, direction, tokens, hidden, streams, residual_dtype, convention,
      sinkhorn_iters, rms_eps, sinkhorn_eps, post_mult, pre_eps)
    VALUES (:path, :direction, :tokens, :hidden, :streams, :dtype, :convention, :iters,
      :rms_eps, :sinkhorn_eps, :post_mult, :pre_eps)
    ON CONFLICT DO NOTHING)");
  Statement find(connection_, R"(
    SELECT id FROM problems WHERE path = :path AND direction = :direction AND tokens = :tokens
      AND hidden = :hidden AND streams = :streams AND residual_dtype = :dtype
      AND convention = :convention AND sinkhorn_iters = :iters AND rms_eps = :rms_eps
      AND sinkhorn_eps = :sinkhorn_eps AND post_mult = :post_mult AND pre_eps = :pre_eps)");
  for (Statement* s : {&insert, &find}) {
    s->bind(":path", to_string(p.path)).bind(":direction", to_string(p.direction));
    s->bind(":tokens", p.shape.tokens).bind(":hidden", p.shape.hidden);
    s->bind(":streams", p.shape.streams).bind(":dtype", to_string(p.residual_dtype));
    s->bind(":convention", to_string(p.convention));
    s->bind(":iters", p.constants.sinkhorn_iters).bind(":rms_eps", p.constants.rms_eps);
    s->bind(":sinkhorn_eps", p.constants.sinkhorn_eps).bind(":post_mult", p.constants.post_mult);
    s->bind(":pre_eps", p.constants.pre_eps);
  }
  insert.run();
  const ProblemId id = found_id(find, "problem");
  transaction.commit();
  return id;
}

RunId TuningDatabase::begin_run(const RunRecord& run) {
  WriteTransaction transaction(connection_);
  Statement exists(connection_, "SELECT 1 FROM runs WHERE uuid = :uuid");
  if (exists.bind(":uuid", run.uuid).step())
    throw std::invalid_argument(fmt::format("run {} is already in '{}'", run.uuid, path()));
  const RunId id = upsert_run(run);
  transaction.commit();
  return id;
}

RunId TuningDatabase::upsert_run(const RunRecord& run) {
  WriteTransaction transaction(connection_);
  Statement insert(connection_, R"(
    INSERT INTO runs (uuid, device_id, started_at, finished_at, status, command_line,
      mhc_tune_version, git_commit, host_name, timer, cache_mode, copy_bandwidth_gbps)
    VALUES (:uuid, :device, :started, :finished, :status, :command, :version, :commit, :host,
      :timer, :cache, :bandwidth)
    ON CONFLICT (uuid) DO UPDATE SET finished_at = excluded.finished_at,
      status = excluded.status, copy_bandwidth_gbps = excluded.copy_bandwidth_gbps
    WHERE runs.status = 'running' AND excluded.status <> 'running')");
  insert.bind(":uuid", run.uuid).bind(":device", run.device_id);
  insert.bind(":started", run.started_at.empty() ? utc_timestamp() : run.started_at);
  if (run.finished_at.empty())
    insert.bind_null(":finished");
  else
    insert.bind(":finished", run.finished_at);
  insert.bind(":status", to_string(run.status)).bind(":command", run.command_line);
  insert.bind(":version", run.mhc_tune_version).bind(":commit", run.git_commit);
  insert.bind(":host", run.host_name).bind(":timer", to_string(run.timer));
  insert.bind(":cache", to_string(run.cache_mode)).bind(":bandwidth", run.copy_bandwidth_gbps);
  insert.run();
  Statement find(connection_, "SELECT id FROM runs WHERE uuid = :uuid");
  find.bind(":uuid", run.uuid);
  const RunId id = found_id(find, "run");
  transaction.commit();
  return id;
}

void TuningDatabase::finish_run(RunId run, RunStatus status,
                                std::optional<double> copy_bandwidth_gbps) {
  WriteTransaction transaction(connection_);
  Statement update(connection_, R"(
    UPDATE runs SET status = :status, finished_at = :finished,
      copy_bandwidth_gbps = coalesce(:bandwidth, copy_bandwidth_gbps)
    WHERE id = :id)");
  update.bind(":status", to_string(status)).bind(":finished", utc_timestamp());
  update.bind(":bandwidth", copy_bandwidth_gbps).bind(":id", run).run();
  if (sqlite3_changes(connection_.handle()) != 1)
    throw std::invalid_argument(fmt::format("no run with id {} in '{}'", run, path()));
  transaction.commit();
}

}  // namespace mhc::store
