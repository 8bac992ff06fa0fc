// `mhc-tune db ...` run as a user runs it: output, exit codes, and files left as they were.
#include <gtest/gtest.h>

#include "common/run_process.hpp"
#include "common/store_fixture.hpp"
#include "store/scratch_directory.hpp"
#include "store/tuning_database.hpp"

namespace mhc::store {
namespace {

using testing::read_bytes;
using testing::ScratchDirectory;

testing::ProcessResult mhc_tune(const std::string& args) {
  return testing::run_process(std::string(MHC_TUNE_EXE) + " " + args);
}

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

class DbCli : public ::testing::Test {
 protected:
  void SetUp() override {
    TuningDatabase db = TuningDatabase::open_for_write(fixture_path);
    testing::build_store_fixture(db);
  }
  std::string db_arg(const std::filesystem::path& path) const {
    return "--db '" + path.string() + "'";
  }
  ScratchDirectory dir;
  std::filesystem::path fixture_path = dir.file("fixture.db");
};

TEST_F(DbCli, HelpListsSubcommandsAndTheDefaultDatabase) {
  const auto r = mhc_tune("db --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* sub : {"info", "winners", "export", "merge", "check"})
    EXPECT_TRUE(contains(r.output, sub)) << r.output;
  const auto info = mhc_tune("db info --help");
  EXPECT_TRUE(contains(info.output, "$MHC_DB, else ./mhc-tune.db")) << info.output;
  EXPECT_EQ(mhc_tune("db").exit_code, 2);
}

TEST_F(DbCli, InfoShowsVersionCountsDevicesRuns) {
  const auto r = mhc_tune("db info " + db_arg(fixture_path));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "version 1")) << r.output;
  EXPECT_TRUE(contains(r.output, "attempts                  7")) << r.output;
  EXPECT_TRUE(contains(r.output, "TEST-FIXTURE GPU")) << r.output;
  EXPECT_TRUE(contains(r.output, "run-test-fixture-0001")) << r.output;
  EXPECT_TRUE(contains(r.output, "finished")) << r.output;
}

TEST_F(DbCli, DatabaseDefaultsToMhcDbVariable) {
  const auto r = testing::run_process("MHC_DB='" + fixture_path.string() + "' " +
                                      std::string(MHC_TUNE_EXE) + " db info");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, fixture_path.string())) << r.output;
}

TEST_F(DbCli, WinnersAsTableAndJson) {
  const auto r = mhc_tune("db winners " + db_arg(fixture_path));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "threads=256,vec=4")) << r.output;
  EXPECT_TRUE(contains(r.output, "10.000")) << r.output;
  EXPECT_TRUE(contains(r.output, "pre_aggregate{threads=128} + post_mix{threads=256,vec=4}"))
      << r.output;
  EXPECT_FALSE(contains(r.output, "threads=512")) << r.output;  // failed to compile: never wins
  const auto j = mhc_tune("db winners --json " + db_arg(fixture_path));
  ASSERT_EQ(j.exit_code, 0) << j.output;
  EXPECT_TRUE(contains(j.output, "\"params\": \"threads=256,vec=4\"")) << j.output;
  EXPECT_TRUE(contains(j.output, "\"pipeline\": \"fused\"")) << j.output;
  EXPECT_TRUE(contains(j.output, "\"problem\": \"dynamic/forward/f32/paper/2560,1280,4\""))
      << j.output;
}

TEST_F(DbCli, ExportCsvJsonAndToFile) {
  const auto csv = mhc_tune("db export --format csv " + db_arg(fixture_path));
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_TRUE(csv.output.starts_with("attempt_uuid,run_uuid,")) << csv.output;
  size_t lines = 0;
  for (char c : csv.output) lines += c == '\n';
  EXPECT_EQ(lines, 1u + 7u);
  const auto json = mhc_tune("db export --format json " + db_arg(fixture_path));
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_TRUE(contains(json.output, "\"outcome\": \"compile_error\"")) << json.output;
  const auto out = dir.file("attempts.csv");
  const auto to_file = mhc_tune("db export --out '" + out.string() + "' " + db_arg(fixture_path));
  ASSERT_EQ(to_file.exit_code, 0) << to_file.output;
  EXPECT_EQ(read_bytes(out), csv.output);
  EXPECT_EQ(mhc_tune("db export --format xml " + db_arg(fixture_path)).exit_code, 2);
}

TEST_F(DbCli, MergeIsIdempotentAndCreatesTheTarget) {
  const auto target = dir.file("merged.db");
  const auto first = mhc_tune("db merge " + db_arg(target) + " '" + fixture_path.string() + "'");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_TRUE(contains(first.output, "7 attempts")) << first.output;
  const auto second = mhc_tune("db merge " + db_arg(target) + " '" + fixture_path.string() + "'");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_TRUE(contains(second.output, "nothing new")) << second.output;
  EXPECT_EQ(TuningDatabase::open_for_read(target).attempts().size(), 7u);
  EXPECT_EQ(
      mhc_tune("db merge " + db_arg(fixture_path) + " '" + fixture_path.string() + "'").exit_code,
      2);
}

TEST_F(DbCli, MergeWithMissingInputCreatesNothing) {
  const auto target = dir.file("merged.db");
  const auto r = mhc_tune("db merge " + db_arg(target) + " '" + dir.file("nope.db").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "nope.db")) << r.output;
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST_F(DbCli, CheckPassesASoundFileAndFailsABrokenOne) {
  const auto ok = mhc_tune("db check " + db_arg(fixture_path));
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_TRUE(contains(ok.output, "schema version 1")) << ok.output;
  {
    // TEST-FIXTURE damage: an attempt pointing at a run that does not exist.
    Connection raw(fixture_path, SQLITE_OPEN_READWRITE);
    raw.execute("PRAGMA foreign_keys = OFF; UPDATE attempts SET run_id = 999 WHERE id = 1;",
                "damage fixture");
  }
  const auto broken = mhc_tune("db check " + db_arg(fixture_path));
  EXPECT_EQ(broken.exit_code, 1) << broken.output;
  EXPECT_TRUE(contains(broken.output, "foreign key: attempts row 1 refers to a missing runs row"))
      << broken.output;
}

TEST_F(DbCli, MissingFileIsAUsageErrorAndIsNotCreated) {
  const auto missing = dir.file("missing.db");
  for (const std::string sub : {"info", "winners", "export", "check"}) {
    const auto r = mhc_tune("db " + sub + " " + db_arg(missing));
    EXPECT_EQ(r.exit_code, 2) << sub << ": " << r.output;
    EXPECT_TRUE(contains(r.output, "no database at")) << r.output;
    EXPECT_FALSE(std::filesystem::exists(missing)) << sub;
  }
}

TEST_F(DbCli, ForeignAndNewerFilesAreRefusedUntouched) {
  const auto foreign = dir.file("foreign.db");
  {
    Connection c(foreign, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    c.execute("CREATE TABLE cats (name TEXT); INSERT INTO cats VALUES ('TEST-FIXTURE');",
              "fixture");
  }
  const auto newer = dir.file("newer.db");
  {
    TuningDatabase db = TuningDatabase::open_for_write(newer);
    db.connection().execute("PRAGMA user_version = 42", "TEST-FIXTURE newer version");
  }
  for (const auto& path : {foreign, newer}) {
    const std::string before = read_bytes(path);
    for (const std::string sub : {"info", "winners", "export", "check"}) {
      const auto r = mhc_tune("db " + sub + " " + db_arg(path));
      EXPECT_EQ(r.exit_code, 2) << sub << ": " << r.output;
      EXPECT_TRUE(contains(r.output, path == foreign ? "not an mhc-tune database" : "newer"))
          << r.output;
    }
    const auto into = mhc_tune("db merge " + db_arg(path) + " '" + fixture_path.string() + "'");
    EXPECT_EQ(into.exit_code, 2) << into.output;
    const auto from = mhc_tune("db merge " + db_arg(dir.file("m.db")) + " '" + path.string() + "'");
    EXPECT_EQ(from.exit_code, 2) << from.output;
    EXPECT_EQ(read_bytes(path), before) << path;
  }
}

}  // namespace
}  // namespace mhc::store
