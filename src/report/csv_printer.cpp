// render_csv: the numbers as one flat table (RFC 4180), for spreadsheets and scripts. Times are
// median microseconds, bandwidths GB/s, shares fractions; an empty cell is named in `gaps`.
#include <fmt/format.h>

#include "report/report_printers.hpp"

namespace mhc::report {

namespace {

std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string line(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + field(fields[i]);
  return out + "\n";
}

std::string number(const Quantity& q) {
  return q.value ? fmt::format("{}", *q.value) : "";
}

// "speedup=no-baseline;tuned_us=no-tuned" for every empty number of a row.
std::string gaps(const std::vector<std::pair<std::string, const Quantity*>>& named) {
  std::string text;
  for (const auto& [name, q] : named)
    if (!q->value) text += (text.empty() ? "" : ";") + name + "=" + std::string(gap_code(q->gap));
  return text;
}

std::vector<std::string> problem_fields(const Problem& p) {
  return {std::string(to_string(p.path)),       std::string(to_string(p.direction)),
          std::to_string(p.shape.tokens),       std::to_string(p.shape.hidden),
          std::to_string(p.shape.streams),      std::string(to_string(p.residual_dtype)),
          std::string(to_string(p.convention)), std::to_string(p.constants.sinkhorn_iters)};
}

const std::vector<std::string> kProblemHeader = {
    "path", "direction", "B", "C", "n", "residual_dtype", "convention", "sinkhorn_iters"};

std::string members_text(const std::vector<OpChoice>& members) {
  std::string text;
  for (const auto& m : members) text += (text.empty() ? "" : " ") + m.op + "{" + m.params + "}";
  return text;
}

std::string results_csv(const ReportModel& model) {
  std::vector<std::string> header{"device", "device_uuid", "cache_mode"};
  header.insert(header.end(), kProblemHeader.begin(), kProblemHeader.end());
  for (const char* name : {"baseline_pipeline",
                           "baseline_us",
                           "tuned_pipeline",
                           "tuned_role",
                           "tuned_ops",
                           "tuned_us",
                           "default_pipeline",
                           "default_us",
                           "speedup",
                           "tuning_gain",
                           "tuned_vs_default",
                           "floor_bytes",
                           "achieved_gbps",
                           "share_of_copy",
                           "share_of_peak",
                           "timer",
                           "repetitions",
                           "relative_noise",
                           "tuned_attempt_uuid",
                           "tuned_run_uuid",
                           "gaps"})
    header.push_back(name);
  std::string out = line(header);
  for (const auto& g : model.groups)
    for (int i : g.problems) {
      const auto& r = model.problems[i];
      const auto& d = model.devices[r.device];
      std::vector<std::string> row{d.name, d.uuid, std::string(store::to_string(r.cache_mode))};
      const auto p = problem_fields(r.problem);
      row.insert(row.end(), p.begin(), p.end());
      const auto& t = r.tuned;
      for (auto& f : std::vector<std::string>{
               r.baseline ? r.baseline->pipeline : "",
               number(r.baseline_us),
               t ? t->pipeline : "",
               t ? std::string(store::to_string(t->role)) : "",
               t ? members_text(t->members) : "",
               number(r.tuned_us),
               r.default_pipeline ? r.default_pipeline->pipeline : "",
               number(r.default_us),
               number(r.speedup),
               number(r.tuning_gain),
               r.tuned_vs_default ? std::string(to_string(*r.tuned_vs_default)) : "",
               number(r.floor_bytes),
               number(r.achieved_gbps),
               number(r.share_of_copy),
               number(r.share_of_peak),
               t ? std::string(store::to_string(t->timing.timer)) : "",
               t ? std::to_string(t->timing.repetitions) : "",
               t ? fmt::format("{}", t->timing.relative_noise) : "",
               t ? t->attempt_uuid : "",
               t ? model.runs[t->run].run.uuid : "",
               gaps({{"baseline_us", &r.baseline_us},
                     {"tuned_us", &r.tuned_us},
                     {"default_us", &r.default_us},
                     {"speedup", &r.speedup},
                     {"tuning_gain", &r.tuning_gain},
                     {"floor_bytes", &r.floor_bytes},
                     {"achieved_gbps", &r.achieved_gbps},
                     {"share_of_copy", &r.share_of_copy},
                     {"share_of_peak", &r.share_of_peak}})})
        row.push_back(std::move(f));
      out += line(row);
    }
  return out;
}

std::string comparison_csv(const Comparison& c) {
  std::vector<std::string> header{"cache_mode"};
  header.insert(header.end(), kProblemHeader.begin(), kProblemHeader.end());
  for (const char* name : {"this_device", "this_us", "other_device", "other_us", "this_over_other",
                           "label", "this_attempt_uuid", "other_attempt_uuid", "gaps"})
    header.push_back(name);
  std::string out = line(header);
  for (const auto& r : c.rows) {
    std::vector<std::string> row{std::string(store::to_string(r.cache_mode))};
    const auto p = problem_fields(r.problem);
    row.insert(row.end(), p.begin(), p.end());
    for (auto& f : std::vector<std::string>{r.this_device, number(r.this_us), r.other_device,
                                            number(r.other_us), number(r.ratio),
                                            r.label ? std::string(to_string(*r.label)) : "",
                                            r.this_attempt_uuid, r.other_attempt_uuid,
                                            gaps({{"this_us", &r.this_us},
                                                  {"other_us", &r.other_us},
                                                  {"this_over_other", &r.ratio}})})
      row.push_back(std::move(f));
    out += line(row);
  }
  return out;
}

}  // namespace

std::string render_csv(const ReportModel& model) {
  return model.comparison ? comparison_csv(*model.comparison) : results_csv(model);
}

}  // namespace mhc::report
