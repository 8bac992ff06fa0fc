// The markdown building blocks and the number formats the human-readable printers share.
#include "report/markdown_blocks.hpp"

#include <gtest/gtest.h>

#include "report/number_format.hpp"

namespace mhc::report {
namespace {

TEST(MarkdownBlocks, TableAlignsAndEscapesPipes) {
  MarkdownTable t({{"Name"}, {"Value", Align::right}});
  t.add_row({"a|b", "1"});
  t.add_row({"short"});  // missing cells are empty
  EXPECT_EQ(t.str(), "| Name | Value |\n| --- | ---: |\n| a\\|b | 1 |\n| short |  |\n");
}

TEST(MarkdownBlocks, CodeSpanSurvivesBackticks) {
  EXPECT_EQ(code_span("plain"), "`plain`");
  EXPECT_EQ(code_span("a`b"), "``a`b``");
  EXPECT_EQ(code_span("`x`"), "`` `x` ``");
}

TEST(MarkdownBlocks, FootnotesAreDefinedOnceEachInCitationOrder) {
  Footnotes notes;
  EXPECT_EQ(notes.cite(Gap::no_baseline), "[^no-baseline]");
  notes.cite(Gap::not_swept);
  notes.cite(Gap::no_baseline);
  const std::string defs = notes.definitions();
  EXPECT_EQ(defs.find("[^no-baseline]: "), 0u);
  EXPECT_NE(defs.find("[^not-swept]: "), std::string::npos);
  EXPECT_EQ(defs.find("[^no-baseline]", 1), std::string::npos);
  EXPECT_EQ(defs.find("no-tuned"), std::string::npos);
}

TEST(MarkdownBlocks, MissingNumberIsADashWithItsFootnote) {
  Footnotes notes;
  EXPECT_EQ(cell(Quantity::of(20.0), Hint::duration_us, notes), "20.00");
  EXPECT_EQ(cell(Quantity::missing(Gap::no_tuned), Hint::duration_us, notes), "—[^no-tuned]");
  EXPECT_NE(notes.definitions().find("[^no-tuned]: "), std::string::npos);
}

TEST(NumberFormat, EachHintHasItsUnitAndPrecision) {
  EXPECT_EQ(format_number(5.0, Hint::ratio), "5.00x");
  EXPECT_EQ(format_number(1.2345, Hint::duration_us), "1.23");
  EXPECT_EQ(format_number(0.8, Hint::time_ratio), "0.800");
  EXPECT_EQ(format_number(0.175, Hint::share), "17.5%");
  EXPECT_EQ(format_number(20'971'520.0, Hint::megabytes), "20.97");
  EXPECT_EQ(format_number(1048.576, Hint::bandwidth_gbps), "1048.6");
}

TEST(Quantity, DivisionCarriesTheFirstGap) {
  EXPECT_EQ(divide(Quantity::of(6), Quantity::of(3), Gap::no_tuned).value, 2.0);
  EXPECT_EQ(
      divide(Quantity::missing(Gap::no_baseline), Quantity::missing(Gap::no_tuned), Gap::none).gap,
      Gap::no_baseline);
  EXPECT_EQ(divide(Quantity::of(1), Quantity::of(0), Gap::no_peak_bandwidth).gap,
            Gap::no_peak_bandwidth);
}

}  // namespace
}  // namespace mhc::report
