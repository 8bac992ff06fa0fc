// `mhc-tune report`: markdown (with an SVG chart beside it), CSV or JSON from the tuning database
// alone, optionally compared against another database.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/command.hpp"
#include "cli/db_option.hpp"
#include "core/errors.hpp"
#include "report/report_model.hpp"
#include "report/report_printers.hpp"
#include "store/tuning_database.hpp"

namespace mhc::cli {
namespace {

struct ReportCommandOptions {
  std::string db;
  std::string gpu;
  std::string out;
  std::string format = "md";
  std::string compare;
};

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) throw std::runtime_error(fmt::format("cannot write '{}'", path.string()));
}

// The chart sits next to the markdown and shares its name: report.md -> report.svg.
std::filesystem::path chart_path(const std::filesystem::path& markdown) {
  auto path = markdown;
  return path.replace_extension(".svg");
}

int run_report(const ReportCommandOptions& o) {
  auto db = store::TuningDatabase::open_for_read(o.db);
  auto model = report::build_report_model(db, {.database_label = o.db, .gpu = o.gpu});
  if (!o.compare.empty()) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(o.compare, error))
      throw UsageError(fmt::format("no database at '{}' for --compare", o.compare));
    auto other_db = store::TuningDatabase::open_for_read(o.compare);
    report::compare_with(model,
                         report::build_report_model(other_db, {.database_label = o.compare}));
  }

  if (o.format == "csv" || o.format == "json") {
    const std::string text =
        o.format == "csv" ? report::render_csv(model) : report::render_json(model);
    if (o.out.empty()) {
      fmt::print("{}", text);
    } else {
      write_file(o.out, text);
      fmt::print(stderr, "report: wrote {}\n", o.out);
    }
    return kExitOk;
  }
  if (o.out.empty()) {  // stdout has no place beside it for the chart
    fmt::print("{}", report::render_markdown(model, ""));
    return kExitOk;
  }
  const bool with_chart = !model.groups.empty();
  const auto chart = chart_path(o.out);
  write_file(o.out, report::render_markdown(model, with_chart ? chart.filename().string() : ""));
  if (with_chart) write_file(chart, report::render_svg_chart(model));
  fmt::print(stderr, "report: wrote {}{}\n", o.out, with_chart ? " and " + chart.string() : "");
  return kExitOk;
}

Command make_report_command(CLI::App& parent) {
  auto o = std::make_shared<ReportCommandOptions>();
  CLI::App* app = add_subcommand(
      parent, "report",
      "Report speedups, tuning gains, winners and failures from the tuning database alone "
      "(no GPU needed)");
  add_db_option(*app, o->db)->type_name("FILE");
  app->add_option("--gpu", o->gpu,
                  "Only devices whose name contains NAME (any case) or whose uuid starts with it")
      ->type_name("NAME");
  app->add_option("--out", o->out,
                  "Write the report to FILE (markdown also writes its SVG chart beside it, "
                  "FILE with .svg); default: stdout, without the chart")
      ->type_name("FILE");
  app->add_option("--format", o->format,
                  "md (default), csv (one row per problem; with --compare, per compared "
                  "problem) or json (everything)")
      ->check(CLI::IsMember({"md", "csv", "json"}));
  app->add_option("--compare", o->compare,
                  "Compare each problem's tuned time against this other database (another GPU "
                  "or commit) to catch regressions")
      ->type_name("OTHER.db");
  return {app, [o] { return run_report(*o); }};
}

}  // namespace

MHC_COMMAND(70, make_report_command);

}  // namespace mhc::cli
