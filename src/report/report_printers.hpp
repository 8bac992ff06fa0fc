#pragma once
// The printers: each formats a ReportModel and computes nothing (ARCHITECTURE.md: measure
// computes, report formats). One file each.
#include <string>

#include "report/report_model.hpp"

namespace mhc::report {

// Markdown from templates/report.md, or templates/report-empty.md when the database holds no
// attempts. `chart_file` is the SVG chart's file name, linked from the speedup section; empty
// leaves the chart out.
std::string render_markdown(const ReportModel& model, const std::string& chart_file);

// One row per problem in table order; with a comparison, one row per compared problem instead.
std::string render_csv(const ReportModel& model);

// The whole model; missing numbers are null, with their reasons under "gaps".
std::string render_json(const ReportModel& model);

// A standalone SVG bar chart of every speedup in the seed's tables, one bar per value.
std::string render_svg_chart(const ReportModel& model);

}  // namespace mhc::report
