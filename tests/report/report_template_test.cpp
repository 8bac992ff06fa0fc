// Filling templates: every slot needs a section and every section a slot, so a renamed slot in
// templates/report.md fails here instead of leaving `{{...}}` in a report.
#include "report/report_template.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mhc::report {
namespace {

TEST(ReportTemplate, FillsEverySlot) {
  EXPECT_EQ(fill_template("# T\n\n{{a}}\n\n{{b}}\n", {{"a", "one"}, {"b", "two"}}),
            "# T\n\none\n\ntwo\n");
}

TEST(ReportTemplate, EmptySectionLeavesNoRunOfBlankLines) {
  EXPECT_EQ(fill_template("x\n\n{{gone}}\n\ny\n", {{"gone", ""}}), "x\n\ny\n");
}

TEST(ReportTemplate, SlotWithoutSectionOrSectionWithoutSlotThrows) {
  EXPECT_THROW(fill_template("{{missing}}", {}), std::logic_error);
  EXPECT_THROW(fill_template("text", {{"extra", "x"}}), std::logic_error);
  EXPECT_THROW(fill_template("{{open", {}), std::logic_error);
}

TEST(ReportTemplate, BothTemplatesAreBuiltIn) {
  EXPECT_NE(find_template("report.md").find("{{speedup_tables}}"), std::string_view::npos);
  EXPECT_NE(find_template("report-empty.md").find("{{provenance}}"), std::string_view::npos);
  EXPECT_THROW(find_template("nope.md"), std::logic_error);
}

}  // namespace
}  // namespace mhc::report
