// render_markdown: fills templates/report.md with the sections; also what was tried and --compare.
#include <fmt/format.h>

#include "report/markdown_sections.hpp"
#include "report/report_printers.hpp"
#include "report/report_template.hpp"

namespace mhc::report {

std::string cache_mode_phrase(store::CacheMode mode) {
  return mode == store::CacheMode::cold ? "cold (flushed before every sample)"
                                        : "hot (not flushed between samples)";
}

std::string timers_phrase(const std::vector<store::Timer>& timers) {
  if (timers.empty()) return "none";
  std::string text;
  for (const auto t : timers) text += (text.empty() ? "" : ", ") + std::string(store::to_string(t));
  return text;
}

std::string group_title(const ResultGroup& g, const ReportModel& model) {
  std::string title = fmt::format("{} residual, {} convention", to_string(g.residual_dtype),
                                  to_string(g.convention));
  // Constants that differ from the convention's defaults set a group apart: name them.
  const auto& p = model.problems.at(g.problems.front()).problem.constants;
  const auto d = default_constants(g.convention);
  if (p.sinkhorn_iters != d.sinkhorn_iters) title += fmt::format(", t_max {}", p.sinkhorn_iters);
  if (p.rms_eps != d.rms_eps) title += fmt::format(", rms_eps {}", p.rms_eps);
  if (p.sinkhorn_eps != d.sinkhorn_eps) title += fmt::format(", sinkhorn_eps {}", p.sinkhorn_eps);
  if (p.post_mult != d.post_mult) title += fmt::format(", post_mult {}", p.post_mult);
  if (p.pre_eps != d.pre_eps) title += fmt::format(", pre_eps {}", p.pre_eps);
  return title + fmt::format(" ({}, L2 {})", model.devices.at(g.device).name,
                             store::to_string(g.cache_mode));
}

std::string outcomes_section(const ReportModel& model) {
  MarkdownTable t({{"Kind"},
                   {"Name"},
                   {"Tried", Align::right},
                   {"ok", Align::right},
                   {"compile_error", Align::right},
                   {"wrong", Align::right},
                   {"fault", Align::right},
                   {"timeout", Align::right},
                   {"skipped", Align::right}});
  for (const auto& c : model.outcomes) {
    std::vector<std::string> row{std::string(store::to_string(c.kind)), code_span(c.name),
                                 std::to_string(c.total())};
    for (const auto outcome : {store::AttemptOutcome::ok, store::AttemptOutcome::compile_error,
                               store::AttemptOutcome::wrong, store::AttemptOutcome::fault,
                               store::AttemptOutcome::timeout, store::AttemptOutcome::skipped})
      row.push_back(std::to_string(c.count(outcome)));
    t.add_row(std::move(row));
  }
  return t.str();
}

std::string comparison_section(const ReportModel& model, Footnotes& notes) {
  if (!model.comparison) return "";
  const auto& c = *model.comparison;
  std::string devices, runs;
  for (const auto& d : c.other_devices)
    devices += fmt::format("{}{} ({})", devices.empty() ? "" : ", ", d.name, code_span(d.uuid));
  for (const auto& r : c.other_runs)
    runs += fmt::format("{}mhc-tune {} ({}), started {}", runs.empty() ? "" : "; ",
                        r.run.mhc_tune_version, code_span(r.run.git_commit), r.run.started_at);
  std::string out = fmt::format(
      "## Against {}\n\nThe other database holds GPU{} {}; runs: {}.\n\n"
      "Each row is one problem's tuned time (median µs of the whole layer) here and there. "
      "This / other below 1 means faster here. The label compares the two within their noise: "
      "FAST = faster here, SLOW = slower here (a regression when the other is the reference).\n\n",
      code_span(c.other_database), c.other_devices.size() == 1 ? "" : "s",
      devices.empty() ? "none" : devices, runs.empty() ? "none" : runs);
  MarkdownTable t({{"Problem"},
                   {"L2"},
                   {"This GPU"},
                   {"This (µs)", Align::right},
                   {"Other GPU"},
                   {"Other (µs)", Align::right},
                   {"This / other", Align::right},
                   {"Label"}});
  for (const auto& row : c.rows)
    t.add_row({code_span(to_string(row.problem)), std::string(store::to_string(row.cache_mode)),
               row.this_device, cell(row.this_us, Hint::duration_us, notes), row.other_device,
               cell(row.other_us, Hint::duration_us, notes),
               cell(row.ratio, Hint::time_ratio, notes),
               row.label ? std::string(to_string(*row.label)) : "—" + notes.cite(row.ratio.gap)});
  return out + t.str();
}

std::string render_markdown(const ReportModel& model, const std::string& chart_file) {
  if (model.attempts_used == 0)
    return fill_template(find_template("report-empty.md"),
                         {{"provenance", provenance_section(model)}});
  Footnotes notes;
  std::map<std::string, std::string> sections;
  sections["provenance"] = provenance_section(model);
  sections["speedup_tables"] = speedup_section(model, notes);
  sections["speedup_chart"] =
      chart_file.empty()
          ? ""
          : fmt::format(
                "![Bar chart of the speedups above]({0})\n\nThe chart as a file: [{0}]({0})\n",
                chart_file);
  sections["tuning_tables"] = tuning_section(model, notes);
  sections["winners"] = winners_section(model, notes);
  sections["outcomes"] = outcomes_section(model);
  sections["comparison"] = comparison_section(model, notes);
  sections["footnotes"] = notes.definitions();
  return fill_template(find_template("report.md"), sections);
}

}  // namespace mhc::report
