// `mhc-tune report` as a user runs it: formats, files written, exit codes and messages.
#include <gtest/gtest.h>

#include "common/run_process.hpp"
#include "report_databases.hpp"
#include "xml_check.hpp"

namespace mhc {
namespace {

using testing::read_bytes;

testing::ProcessResult mhc_tune(const std::string& args) {
  return testing::run_process(std::string(MHC_TUNE_EXE) + " " + args);
}

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

class ReportCli : public ::testing::Test {
 protected:
  testing::ReportDatabases dbs;
  std::string db_arg() const { return "report --db " + dbs.this_db.string(); }
};

TEST_F(ReportCli, MissingDatabaseIsAUsageErrorAndCreatesNoFile) {
  const auto missing = dbs.dir.file("missing.db");
  const auto r = mhc_tune("report --db " + missing.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "no database at '" + missing.string() + "'")) << r.output;
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST_F(ReportCli, BadFormatAndUnknownGpuAreUsageErrors) {
  const auto format = mhc_tune(db_arg() + " --format html");
  EXPECT_EQ(format.exit_code, 2) << format.output;
  EXPECT_TRUE(contains(format.output, "html")) << format.output;
  const auto gpu = mhc_tune(db_arg() + " --gpu A100");
  EXPECT_EQ(gpu.exit_code, 2) << gpu.output;
  EXPECT_TRUE(contains(gpu.output, "'TEST-FIXTURE GPU'")) << gpu.output;  // names what there is
  const auto compare = mhc_tune(db_arg() + " --compare " + dbs.dir.file("nope.db").string());
  EXPECT_EQ(compare.exit_code, 2) << compare.output;
  EXPECT_TRUE(contains(compare.output, "--compare")) << compare.output;
}

TEST_F(ReportCli, MarkdownFileGetsItsChartBesideIt) {
  const auto out = dbs.dir.file("tuning-report.md");
  const auto r = mhc_tune(db_arg() + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const std::string markdown = read_bytes(out);
  EXPECT_TRUE(contains(markdown, "# mHC tuning report")) << markdown;
  EXPECT_TRUE(contains(markdown, "](tuning-report.svg)")) << markdown;
  const std::string svg = read_bytes(dbs.dir.file("tuning-report.svg"));
  EXPECT_EQ(testing::xml_well_formedness_error(svg), "");
  EXPECT_EQ(testing::count_of(svg, "<rect class=\"bar\""), 4);
}

TEST_F(ReportCli, MarkdownToStdoutHasNoChartLink) {
  const auto r = mhc_tune(db_arg());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "## Speedup of the tuned layer over the naive baseline"));
  EXPECT_TRUE(contains(r.output, "| 320 | 1280 | 4 | 5.00x | 100.00 | 20.00 |")) << r.output;
  EXPECT_FALSE(contains(r.output, ".svg)"));
}

TEST_F(ReportCli, CsvAndJsonFormats) {
  const auto csv = mhc_tune(db_arg() + " --format csv");
  EXPECT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(csv.output.rfind("device,device_uuid,cache_mode,path,", 0), 0u) << csv.output;
  EXPECT_EQ(testing::count_of(csv.output, "\n"), 9);  // header + 8 problems
  const auto json = mhc_tune(db_arg() + " --format json --gpu fixture");
  EXPECT_EQ(json.exit_code, 0) << json.output;
  EXPECT_EQ(json.output.rfind("{\n  \"database\": ", 0), 0u) << json.output;
  EXPECT_TRUE(contains(json.output, "\"speedup\": 5,")) << json.output;
}

TEST_F(ReportCli, CompareAddsTheComparison) {
  const auto r = mhc_tune(db_arg() + " --compare " + dbs.other_db.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "## Against")) << r.output;
  EXPECT_TRUE(contains(r.output, "| 0.800 | FAST |")) << r.output;
}

TEST_F(ReportCli, EmptyDatabaseSaysSo) {
  const auto r = mhc_tune("report --db " + dbs.empty_db.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "This database holds no attempts")) << r.output;
}

TEST_F(ReportCli, ReadsTheDatabaseWithoutChangingIt) {
  const std::string before = read_bytes(dbs.this_db);
  EXPECT_EQ(mhc_tune(db_arg() + " --format json").exit_code, 0);
  EXPECT_EQ(read_bytes(dbs.this_db), before);
}

}  // namespace
}  // namespace mhc
