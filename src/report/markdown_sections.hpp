#pragma once
// The sections of the markdown report, one function each; render_markdown puts them into the
// template's slots. Every section formats the model and computes nothing.
#include <string>

#include "report/markdown_blocks.hpp"
#include "report/report_model.hpp"

namespace mhc::report {

// markdown_provenance.cpp
std::string provenance_section(const ReportModel& model);

// markdown_results.cpp
std::string speedup_section(const ReportModel& model, Footnotes& notes);
std::string tuning_section(const ReportModel& model, Footnotes& notes);
std::string winners_section(const ReportModel& model, Footnotes& notes);

// markdown_printer.cpp
std::string outcomes_section(const ReportModel& model);
std::string comparison_section(const ReportModel& model, Footnotes& notes);

// "f32 residual, paper convention (TEST GPU, L2 cold)", plus constants that differ from the
// convention's defaults.
std::string group_title(const ResultGroup& group, const ReportModel& model);
// "cold (L2 flushed before every sample)" / "hot (L2 not flushed)".
std::string cache_mode_phrase(store::CacheMode mode);
// "cupti" or "cupti, events".
std::string timers_phrase(const std::vector<store::Timer>& timers);

}  // namespace mhc::report
