// Every printer on the fixture databases against its golden file (tests/report/golden/). To accept
// an intended change: MHC_UPDATE_GOLDEN=1 ./test_report --gtest_filter='Golden*', then review the
// diff, and the markdown by eye.
#include <gtest/gtest.h>

#include "golden_file.hpp"
#include "report/report_printers.hpp"
#include "report_databases.hpp"

namespace mhc::report {
namespace {

using testing::expect_golden;

class Golden : public ::testing::Test {
 protected:
  testing::ReportDatabases dbs;
};

TEST_F(Golden, Markdown) {
  expect_golden("report.md", render_markdown(dbs.this_model(), "report.svg"));
}

TEST_F(Golden, MarkdownWithComparison) {
  expect_golden("compare.md", render_markdown(dbs.compared_model(), "compare.svg"));
}

TEST_F(Golden, MarkdownOfEmptyDatabase) {
  expect_golden("empty.md",
                render_markdown(testing::ReportDatabases::model_of(dbs.empty_db, "empty.db"), ""));
}

TEST_F(Golden, Csv) {
  expect_golden("report.csv", render_csv(dbs.this_model()));
}

TEST_F(Golden, CsvWithComparison) {
  expect_golden("compare.csv", render_csv(dbs.compared_model()));
}

TEST_F(Golden, Json) {
  expect_golden("report.json", render_json(dbs.compared_model()));
}

TEST_F(Golden, Svg) {
  expect_golden("report.svg", render_svg_chart(dbs.this_model()));
}

}  // namespace
}  // namespace mhc::report
