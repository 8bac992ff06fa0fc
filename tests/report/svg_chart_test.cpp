// The SVG chart: well-formed XML a browser opens, and exactly one bar per speedup value.
#include <gtest/gtest.h>

#include "report/report_printers.hpp"
#include "report_databases.hpp"
#include "xml_check.hpp"

namespace mhc::report {
namespace {

using testing::count_of;
using testing::xml_well_formedness_error;

int speedup_values(const ReportModel& model) {
  int n = 0;
  for (const auto& g : model.groups)
    for (const auto* table : {&g.static_h, &g.dynamic_h})
      for (const auto& row : table->rows)
        n += row.forward.speedup.has_value() + row.backward.speedup.has_value();
  return n;
}

TEST(XmlCheck, CatchesWhatABrowserRejects) {
  EXPECT_EQ(xml_well_formedness_error("<svg><rect/></svg>"), "");
  EXPECT_NE(xml_well_formedness_error("<svg><rect></svg>"), "");
  EXPECT_NE(xml_well_formedness_error("<svg><text>a & b</text></svg>"), "");
  EXPECT_NE(xml_well_formedness_error("<svg x=1></svg>"), "");
  EXPECT_NE(xml_well_formedness_error("<svg x=\"1\" x=\"2\"></svg>"), "");
  EXPECT_NE(xml_well_formedness_error("<svg/><svg/>"), "");
}

TEST(SvgChart, IsWellFormedWithOneBarPerSpeedup) {
  testing::ReportDatabases dbs;
  const auto model = dbs.this_model();
  const std::string svg = render_svg_chart(model);
  EXPECT_EQ(xml_well_formedness_error(svg), "");
  EXPECT_EQ(speedup_values(model), 4);  // the fixture: 3 in f32/paper, 1 in bf16/production
  EXPECT_EQ(count_of(svg, "<rect class=\"bar\""), speedup_values(model));
  EXPECT_EQ(count_of(svg, "<text class=\"value\""), speedup_values(model));
  EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(svg.find("5.00x"), std::string::npos);
  // A missing speedup gets a note naming why, never a bar; unswept cells stay blank.
  EXPECT_NE(svg.find("static backward: no speedup (baseline-failed)"), std::string::npos);
  EXPECT_EQ(svg.find("(not-swept)"), std::string::npos);
}

TEST(SvgChart, EscapesTextFromTheDatabase) {
  ReportModel model;
  model.database = "a<b>&\"c\".db";
  const std::string svg = render_svg_chart(model);
  EXPECT_EQ(xml_well_formedness_error(svg), "") << svg;
  EXPECT_EQ(count_of(svg, "<rect class=\"bar\""), 0);
}

}  // namespace
}  // namespace mhc::report
