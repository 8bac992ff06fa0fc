// `db export`'s table: one row per attempt with its context, and its CSV and JSON forms.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/store_fixture.hpp"
#include "store/attempt_export.hpp"
#include "store/scratch_directory.hpp"

namespace mhc::store {
namespace {

using testing::ScratchDirectory;

size_t column_of(const ResultTable& table, const std::string& name) {
  const auto found = std::find(table.columns.begin(), table.columns.end(), name);
  EXPECT_NE(found, table.columns.end()) << name;
  return static_cast<size_t>(found - table.columns.begin());
}

TEST(Export, OneRowPerAttemptWithItsContext) {
  ScratchDirectory dir;
  TuningDatabase db = TuningDatabase::open_for_write(dir.file("tuning.db"));
  const auto f = testing::build_store_fixture(db);
  const ResultTable table = export_attempts(db);
  ASSERT_EQ(static_cast<int>(table.rows.size()), f.attempts);
  const auto& first = table.rows[0];
  EXPECT_EQ(std::get<std::string>(first[column_of(table, "device_name")]), "TEST-FIXTURE GPU");
  EXPECT_EQ(std::get<int64_t>(first[column_of(table, "B")]), 320);
  EXPECT_EQ(std::get<std::string>(first[column_of(table, "variant_params")]), "threads=128,vec=4");
  EXPECT_EQ(std::get<std::string>(first[column_of(table, "role")]), "default");
  EXPECT_DOUBLE_EQ(std::get<double>(first[column_of(table, "median_us")]), 12.5);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(first[column_of(table, "pipeline_members")]));
  EXPECT_EQ(std::find(table.columns.begin(), table.columns.end(), "log"), table.columns.end());

  const auto& failed = table.rows[2];
  EXPECT_EQ(std::get<std::string>(failed[column_of(table, "outcome")]), "compile_error");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(failed[column_of(table, "median_us")]));

  const auto& fused = table.rows[5];
  EXPECT_EQ(std::get<std::string>(fused[column_of(table, "pipeline_members")]),
            "pre_aggregate{threads=128} + post_mix{threads=256,vec=4}");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(fused[column_of(table, "variant_params")]));
}

TEST(Export, CsvQuotesAndLeavesNullEmpty) {
  ResultTable table{{"name", "value", "note"},
                    {{std::string("plain"), int64_t{3}, std::monostate{}},
                     {std::string("a,b \"c\""), 0.25, std::string("two\nlines")}}};
  EXPECT_EQ(to_csv(table),
            "name,value,note\r\nplain,3,\r\n\"a,b \"\"c\"\"\",0.25,\"two\nlines\"\r\n");
}

TEST(Export, JsonIsAnArrayOfObjectsWithNulls) {
  ResultTable table{{"name", "value", "note"},
                    {{std::string("plain"), int64_t{3}, std::monostate{}}}};
  const std::string json = to_json(table);
  EXPECT_NE(json.find("\"name\": \"plain\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"value\": 3"), std::string::npos) << json;
  EXPECT_NE(json.find("\"note\": null"), std::string::npos) << json;
  EXPECT_EQ(json.front(), '[');
}

}  // namespace
}  // namespace mhc::store
