// The result sections: the seed's speedup tables, what tuning bought, and the winners.
#include <fmt/format.h>

#include "report/markdown_sections.hpp"

namespace mhc::report {

namespace {

std::string shape_cells_note(const std::vector<Shape>& shapes) {
  std::string list;
  for (const auto& s : shapes) list += (list.empty() ? "" : ", ") + code_span(to_string(s));
  return list;
}

std::string speedup_table(const SpeedupTable& table, Footnotes& notes) {
  if (!table.swept) return "Not swept for these shapes.\n";
  MarkdownTable t({{"B", Align::right},
                   {"C", Align::right},
                   {"n", Align::right},
                   {"Forward speedup", Align::right},
                   {"Forward baseline (µs)", Align::right},
                   {"Forward tuned (µs)", Align::right},
                   {"Backward speedup", Align::right},
                   {"Backward baseline (µs)", Align::right},
                   {"Backward tuned (µs)", Align::right}});
  for (const auto& row : table.rows)
    t.add_row({std::to_string(row.shape.tokens), std::to_string(row.shape.hidden),
               std::to_string(row.shape.streams), cell(row.forward.speedup, Hint::ratio, notes),
               cell(row.forward.baseline_us, Hint::duration_us, notes),
               cell(row.forward.tuned_us, Hint::duration_us, notes),
               cell(row.backward.speedup, Hint::ratio, notes),
               cell(row.backward.baseline_us, Hint::duration_us, notes),
               cell(row.backward.tuned_us, Hint::duration_us, notes)});
  return t.str();
}

std::vector<std::string> problem_cells(const Problem& p) {
  return {std::string(to_string(p.path)), std::string(to_string(p.direction)),
          std::to_string(p.shape.tokens), std::to_string(p.shape.hidden),
          std::to_string(p.shape.streams)};
}

std::vector<MarkdownTable::Column> problem_columns() {
  return {{"Path"}, {"Direction"}, {"B", Align::right}, {"C", Align::right}, {"n", Align::right}};
}

std::string members_text(const std::vector<OpChoice>& members) {
  std::string text;
  for (const auto& m : members)
    text += (text.empty() ? "" : " → ") + code_span(m.op + "{" + m.params + "}");
  return text;
}

}  // namespace

std::string speedup_section(const ReportModel& model, Footnotes& notes) {
  std::string out;
  for (const auto& g : model.groups) {
    out += fmt::format("### {}\n\n", group_title(g, model));
    out += fmt::format(
        "Median time of the whole layer in µs; timer: {}; L2 {}.\n\n**Static H path**\n\n{}\n"
        "**Dynamic H path**\n\n{}",
        timers_phrase(g.timers), cache_mode_phrase(g.cache_mode), speedup_table(g.static_h, notes),
        speedup_table(g.dynamic_h, notes));
    if (!g.paper_shapes_not_swept.empty())
      out += fmt::format("\nPaper shapes (B,C,n) not swept here: {}.\n",
                         shape_cells_note(g.paper_shapes_not_swept));
    out += "\n";
  }
  return out;
}

std::string tuning_section(const ReportModel& model, Footnotes& notes) {
  std::string out;
  for (const auto& g : model.groups) {
    auto columns = problem_columns();
    for (const auto& c :
         std::vector<MarkdownTable::Column>{{"Default (µs)", Align::right},
                                            {"Tuned (µs)", Align::right},
                                            {"Gain (default / tuned)", Align::right},
                                            {"Tuned vs default"},
                                            {"Floor (MB)", Align::right},
                                            {"Achieved (GB/s)", Align::right},
                                            {"Share of copy bandwidth", Align::right},
                                            {"Share of peak bandwidth", Align::right}})
      columns.push_back(c);
    MarkdownTable t(columns);
    for (int i : g.problems) {
      const auto& r = model.problems[i];
      auto row = problem_cells(r.problem);
      for (auto& c :
           {cell(r.default_us, Hint::duration_us, notes),
            cell(r.tuned_us, Hint::duration_us, notes), cell(r.tuning_gain, Hint::ratio, notes),
            r.tuned_vs_default ? std::string(to_string(*r.tuned_vs_default))
                               : "—" + notes.cite(r.tuning_gain.gap),
            cell(r.floor_bytes, Hint::megabytes, notes),
            cell(r.achieved_gbps, Hint::bandwidth_gbps, notes),
            cell(r.share_of_copy, Hint::share, notes), cell(r.share_of_peak, Hint::share, notes)})
        row.push_back(c);
      t.add_row(std::move(row));
    }
    out += fmt::format("### {}\n\nTimer: {}; L2 {}.\n\n{}\n", group_title(g, model),
                       timers_phrase(g.timers), cache_mode_phrase(g.cache_mode), t.str());
  }
  return out;
}

std::string winners_section(const ReportModel& model, Footnotes& notes) {
  std::string out;
  for (const auto& g : model.groups) {
    auto columns = problem_columns();
    for (const auto& c : std::vector<MarkdownTable::Column>{{"Pipeline"},
                                                            {"Won as"},
                                                            {"Tuned (µs)", Align::right},
                                                            {"Ops and their parameters"},
                                                            {"Run", Align::right}})
      columns.push_back(c);
    MarkdownTable t(columns);
    for (int i : g.problems) {
      const auto& r = model.problems[i];
      auto row = problem_cells(r.problem);
      if (r.tuned) {
        for (auto& c : {code_span(r.tuned->pipeline), std::string(store::to_string(r.tuned->role)),
                        format_number(r.tuned->timing.median_us, Hint::duration_us),
                        members_text(r.tuned->members), std::to_string(r.tuned->run + 1)})
          row.push_back(c);
      } else {
        row.push_back("—" + notes.cite(r.tuned_us.gap));
      }
      t.add_row(std::move(row));
    }
    out += fmt::format("### {}\n\n{}\n", group_title(g, model), t.str());
  }
  if (!model.pipelines.empty()) {
    out += "Pipelines (descriptions from this build of mhc-tune):\n\n";
    for (const auto& p : model.pipelines)
      out += fmt::format("- {}: {}\n", code_span(p.name), p.description);
    out += "\n";
  }
  return out;
}

}  // namespace mhc::report
