// `mhc-tune db`: look into, export, merge and check a tuning database without a GPU.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "cli/command.hpp"
#include "cli/db_option.hpp"
#include "core/errors.hpp"
#include "core/json_writer.hpp"
#include "store/attempt_export.hpp"
#include "store/database_check.hpp"
#include "store/database_merge.hpp"
#include "store/schema_migrations.hpp"
#include "store/tuning_database.hpp"

namespace mhc::cli {
namespace {

using store::TuningDatabase;

void add_database_option(CLI::App* app, std::string& path) {
  add_db_option(*app, path)->type_name("FILE");
}

// Names each table's rows and ids, so output shows a device's name and a problem's shape.
struct Labels {
  std::map<int64_t, store::DeviceRecord> devices;
  std::map<int64_t, std::string> problems;
  std::map<int64_t, store::VariantRecord> variants;
  explicit Labels(TuningDatabase& db) {
    for (auto& [id, d] : db.devices()) devices[id] = d;
    for (auto& [id, p] : db.problems()) problems[id] = to_string(p);
    for (auto& [id, v] : db.variants()) variants[id] = v;
  }
  std::string members(const std::vector<store::PipelineMember>& list) const {
    std::string text;
    for (const auto& m : list)
      text += fmt::format("{}{}{{{}}}", text.empty() ? "" : " + ", m.op,
                          variants.at(m.variant_id).params);
    return text;
  }
};

int run_info(const std::string& path) {
  TuningDatabase db = TuningDatabase::open_for_read(path);
  fmt::print("database  {}\n", path);
  fmt::print("schema    version {} (this mhc-tune writes {})\n", db.schema_version(),
             store::latest_version(store::embedded_migrations()));
  fmt::print("\nrows\n");
  for (const auto& [table, rows] : db.table_counts()) fmt::print("  {:<18} {:>8}\n", table, rows);
  fmt::print("\ndevices\n");
  for (const auto& [id, d] : db.devices())
    fmt::print("  [{}] {} (uuid {}, cc {}, {} SMs; driver {}, runtime {}, NVRTC {}, CUPTI {})\n",
               id, d.name, d.uuid, d.compute_capability, d.sm_count, d.driver_version,
               d.cuda_runtime_version, d.nvrtc_version, d.cupti_version);
  fmt::print("\nruns\n");
  const auto attempts = db.attempts_per_run();
  for (const auto& [id, r] : db.runs()) {
    const auto count = attempts.find(id);
    fmt::print("  {} {} {:<11} device [{}] {}/{}, {} attempts, mhc-tune {} ({})\n    {}\n", r.uuid,
               r.started_at, to_string(r.status), r.device_id, to_string(r.timer),
               to_string(r.cache_mode), count == attempts.end() ? 0 : count->second,
               r.mhc_tune_version, r.git_commit, r.command_line);
  }
  return kExitOk;
}

void print_winners_json(TuningDatabase& db, const Labels& labels) {
  JsonWriter json;
  json.begin_object().key("ops").begin_array();
  for (const auto& w : db.op_winners()) {
    const auto& variant = labels.variants.at(w.variant_id);
    json.begin_object()
        .field("device", labels.devices.at(w.device_id).name)
        .field("device_uuid", labels.devices.at(w.device_id).uuid)
        .field("problem", labels.problems.at(w.problem_id))
        .field("cache_mode", store::to_string(w.cache_mode))
        .field("op", w.op)
        .field("params", variant.params)
        .field("arch", variant.arch)
        .field("median_us", w.median_us)
        .field("attempt_uuid", w.attempt_uuid)
        .end_object();
  }
  json.end_array().key("pipelines").begin_array();
  for (const auto& w : db.pipeline_winners()) {
    json.begin_object()
        .field("device", labels.devices.at(w.device_id).name)
        .field("device_uuid", labels.devices.at(w.device_id).uuid)
        .field("problem", labels.problems.at(w.problem_id))
        .field("cache_mode", store::to_string(w.cache_mode))
        .field("pipeline", w.pipeline)
        .field("members", labels.members(w.members))
        .field("median_us", w.median_us)
        .field("attempt_uuid", w.attempt_uuid)
        .end_object();
  }
  json.end_array().end_object();
  fmt::print("{}\n", json.str());
}

int run_winners(const std::string& path, bool as_json) {
  TuningDatabase db = TuningDatabase::open_for_read(path);
  const Labels labels(db);
  if (as_json) {
    print_winners_json(db, labels);
    return kExitOk;
  }
  const auto ops = db.op_winners();
  fmt::print("Fastest verified op variants ({}):\n", ops.size());
  fmt::print("  {:<24} {:<40} {:<5} {:<20} {:<28} {:>12}\n", "device", "problem", "cache", "op",
             "params", "median (us)");
  for (const auto& w : ops)
    fmt::print("  {:<24} {:<40} {:<5} {:<20} {:<28} {:>12.3f}\n",
               labels.devices.at(w.device_id).name, labels.problems.at(w.problem_id),
               store::to_string(w.cache_mode), w.op, labels.variants.at(w.variant_id).params,
               w.median_us);
  const auto pipelines = db.pipeline_winners();
  fmt::print("\nFastest verified pipelines ({}):\n", pipelines.size());
  fmt::print("  {:<24} {:<40} {:<5} {:<20} {:>12}  {}\n", "device", "problem", "cache", "pipeline",
             "median (us)", "members");
  for (const auto& w : pipelines)
    fmt::print("  {:<24} {:<40} {:<5} {:<20} {:>12.3f}  {}\n", labels.devices.at(w.device_id).name,
               labels.problems.at(w.problem_id), store::to_string(w.cache_mode), w.pipeline,
               w.median_us, labels.members(w.members));
  return kExitOk;
}

int run_export(const std::string& path, const std::string& format, const std::string& out) {
  TuningDatabase db = TuningDatabase::open_for_read(path);
  const store::ResultTable table = store::export_attempts(db);
  const std::string text = format == "json" ? store::to_json(table) : store::to_csv(table);
  if (out.empty() || out == "-") {
    fmt::print("{}", text);
    return kExitOk;
  }
  std::ofstream file(out, std::ios::binary);
  if (!file || !file.write(text.data(), static_cast<std::streamsize>(text.size())))
    throw UsageError(fmt::format("cannot write export to '{}'", out));
  fmt::print(stderr, "wrote {} attempts to {}\n", table.rows.size(), out);
  return kExitOk;
}

int run_merge(const std::string& path, const std::vector<std::string>& inputs) {
  // Open every input first: a missing or foreign input must not leave a new, empty --db behind.
  std::vector<TuningDatabase> sources;
  for (const auto& input : inputs) {
    std::error_code error;
    if (std::filesystem::exists(path) && std::filesystem::equivalent(input, path, error))
      throw UsageError(fmt::format("cannot merge '{}' into itself", input));
    sources.push_back(TuningDatabase::open_for_read(input));
  }
  TuningDatabase into = TuningDatabase::open_for_write(path);
  for (size_t i = 0; i < sources.size(); ++i) {
    std::string added;
    for (const auto& [table, rows] : store::merge_database(into, sources[i]))
      if (rows != 0) added += fmt::format("{}{} {}", added.empty() ? "" : ", ", rows, table);
    fmt::print("merged {} into {}: {}\n", inputs[i], path,
               added.empty() ? "nothing new" : "added " + added);
  }
  return kExitOk;
}

int run_check(const std::string& path) {
  const store::CheckReport report = store::check_database(path);
  fmt::print("{}: schema version {} (this mhc-tune writes {}{})\n", path, report.schema_version,
             report.latest_version,
             report.schema_version < report.latest_version ? "; migrated on the next write" : "");
  for (const auto& problem : report.problems) fmt::print("  problem: {}\n", problem);
  fmt::print("{}\n", report.ok() ? "ok" : fmt::format("{} problem(s)", report.problems.size()));
  return report.ok() ? kExitOk : kExitFailure;
}

struct DbOptions {
  std::string info_db, winners_db, export_db, merge_db, check_db;
  bool winners_json = false;
  std::string format = "csv";
  std::string out;
  std::vector<std::string> merge_inputs;
};

Command make_db_command(CLI::App& parent) {
  auto o = std::make_shared<DbOptions>();
  CLI::App* db = add_subcommand(parent, "db",
                                "Inspect, export, merge and check a tuning database (no GPU "
                                "needed)");
  db->require_subcommand(1);

  CLI::App* info = add_subcommand(*db, "info", "Schema version, rows per table, devices, runs");
  add_database_option(info, o->info_db);

  CLI::App* winners = add_subcommand(
      *db, "winners", "Fastest verified op variant and pipeline per device, problem, cache mode");
  add_database_option(winners, o->winners_db);
  winners->add_flag("--json", o->winners_json, "Print JSON instead of tables");

  CLI::App* exporter = add_subcommand(*db, "export",
                                      "Every attempt as one row, joined with run, device, "
                                      "problem and variant");
  add_database_option(exporter, o->export_db);
  exporter->add_option("--format", o->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->default_str("csv");
  exporter->add_option("--out", o->out, "Write to FILE instead of standard output")
      ->type_name("FILE");

  CLI::App* merge = add_subcommand(
      *db, "merge", "Add the rows of other databases to --db (idempotent; creates --db if needed)");
  add_database_option(merge, o->merge_db);
  merge->add_option("files", o->merge_inputs, "Databases to merge in")
      ->required()
      ->type_name("FILE...");

  CLI::App* check = add_subcommand(
      *db, "check", "Integrity, foreign keys and schema version (exit 1 on a problem)");
  add_database_option(check, o->check_db);

  return {db, [o, info, winners, exporter, merge, check] {
            if (info->parsed()) return run_info(o->info_db);
            if (winners->parsed()) return run_winners(o->winners_db, o->winners_json);
            if (exporter->parsed()) return run_export(o->export_db, o->format, o->out);
            if (merge->parsed()) return run_merge(o->merge_db, o->merge_inputs);
            if (check->parsed()) return run_check(o->check_db);
            return static_cast<int>(kExitUsage);
          }};
}

}  // namespace

MHC_COMMAND(60, make_db_command);

}  // namespace mhc::cli
