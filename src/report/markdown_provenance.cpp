// The provenance header: where every number comes from (GPU, toolchain, runs, timer, noise).
#include <fmt/format.h>

#include "report/markdown_sections.hpp"

namespace mhc::report {

namespace {

std::string gpus_table(const ReportModel& model) {
  MarkdownTable t({{"GPU"},
                   {"UUID"},
                   {"Compute capability", Align::right},
                   {"SMs", Align::right},
                   {"Memory (GiB)", Align::right},
                   {"L2 (MiB)", Align::right},
                   {"Max SM clock (MHz)", Align::right},
                   {"Peak bandwidth (GB/s)", Align::right},
                   {"Driver"},
                   {"CUDA runtime"},
                   {"NVRTC"},
                   {"CUPTI"}});
  for (const auto& d : model.devices)
    t.add_row({d.name, code_span(d.uuid), d.compute_capability, std::to_string(d.sm_count),
               fmt::format("{:.1f}", d.memory_bytes / 1073741824.0),
               fmt::format("{:.1f}", d.l2_bytes / 1048576.0), std::to_string(d.sm_clock_mhz),
               format_number(d.peak_bandwidth_gbps, Hint::bandwidth_gbps), d.driver_version,
               d.cuda_runtime_version, d.nvrtc_version, d.cupti_version});
  return t.str();
}

std::string runs_table(const ReportModel& model) {
  MarkdownTable t({{"Run", Align::right},
                   {"UUID"},
                   {"Started (UTC)"},
                   {"Finished (UTC)"},
                   {"Status"},
                   {"GPU"},
                   {"Timer"},
                   {"L2 cache"},
                   {"Copy bandwidth (GB/s)", Align::right},
                   {"mhc-tune"},
                   {"Commit"},
                   {"Host"},
                   {"Attempts", Align::right}});
  for (size_t i = 0; i < model.runs.size(); ++i) {
    const auto& r = model.runs[i].run;
    t.add_row({std::to_string(i + 1), code_span(r.uuid), r.started_at,
               r.finished_at.empty() ? "not finished" : r.finished_at,
               std::string(store::to_string(r.status)), model.devices[model.runs[i].device].name,
               std::string(store::to_string(r.timer)), std::string(store::to_string(r.cache_mode)),
               r.copy_bandwidth_gbps ? format_number(*r.copy_bandwidth_gbps, Hint::bandwidth_gbps)
                                     : "not measured",
               r.mhc_tune_version, code_span(r.git_commit), r.host_name,
               std::to_string(model.runs[i].attempts)});
  }
  return t.str();
}

std::string range(double low, double high, Hint hint) {
  return low == high ? format_number(low, hint)
                     : format_number(low, hint) + "–" + format_number(high, hint);
}

std::string count_range(int64_t low, int64_t high) {
  return low == high ? std::to_string(low) : fmt::format("{}–{}", low, high);
}

std::string timing_paragraph(const TimingSummary& s) {
  if (s.timed_attempts == 0) return "**Timing**: no attempt was verified and timed.\n";
  std::string text = fmt::format(
      "**Timing**: {} verified, timed attempts (timer: {}); {} repetitions each; relative noise "
      "(stddev / mean) median {}, max {}; ",
      s.timed_attempts, timers_phrase(s.timers), count_range(s.min_repetitions, s.max_repetitions),
      format_number(s.median_noise, Hint::share), format_number(s.max_noise, Hint::share));
  text += s.noise_target_missed == 0
              ? "all met the noise target."
              : fmt::format("{} did not meet the noise target.", s.noise_target_missed);
  if (s.min_sm_clock_mhz)
    text += fmt::format(" SM clock seen while timing (median per attempt): {} MHz.",
                        range(*s.min_sm_clock_mhz, *s.max_sm_clock_mhz, Hint::clock_mhz));
  else
    text += " No SM clock was recorded while timing.";
  return text + "\n";
}

}  // namespace

std::string provenance_section(const ReportModel& model) {
  std::string out =
      model.attempts_used == 0
          ? fmt::format("Database {}: {} run{} on {} GPU{}; no attempts.\n",
                        code_span(model.database), model.runs.size(),
                        model.runs.size() == 1 ? "" : "s", model.devices.size(),
                        model.devices.size() == 1 ? "" : "s")
          : fmt::format(
                "Database {}: {} run{} on {} GPU{}; {} attempts stored, {} used (the latest "
                "measurement of "
                "each thing measured; see *How the numbers were chosen*).\n",
                code_span(model.database), model.runs.size(), model.runs.size() == 1 ? "" : "s",
                model.devices.size(), model.devices.size() == 1 ? "" : "s", model.attempts_stored,
                model.attempts_used);
  if (!model.devices.empty()) out += "\n**GPUs**\n\n" + gpus_table(model);
  if (model.runs.empty()) return out;
  out += "\n**Runs** (other sections name a run by its number here)\n\n" + runs_table(model);
  out += "\nCommand lines of the runs:\n\n";
  for (size_t i = 0; i < model.runs.size(); ++i)
    out += fmt::format("{}. {}\n", i + 1, code_span(model.runs[i].run.command_line));
  return out + "\n" + timing_paragraph(model.timing);
}

}  // namespace mhc::report
