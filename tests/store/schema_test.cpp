// The schema and the file rules: creation, migrations, db/schema.sql, refusing foreign and newer
// files without touching them, and readers that never create a file.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <tuple>

#include "common/store_fixture.hpp"
#include "store/database_file.hpp"
#include "store/schema_migrations.hpp"
#include "store/scratch_directory.hpp"
#include "store/tuning_database.hpp"

namespace mhc::store {
namespace {

using testing::read_bytes;
using testing::ScratchDirectory;
using testing::write_bytes;

using SchemaObject = std::tuple<std::string, std::string, std::string, std::string>;

// sqlite_master keeps each statement's text as written; compare it without comments and layout.
std::string normalised(std::string sql) {
  sql = std::regex_replace(sql, std::regex("--[^\n]*"), " ");
  sql = std::regex_replace(sql, std::regex("\\s+"), " ");
  sql = std::regex_replace(sql, std::regex(" ?([(),]) ?"), "$1");
  return sql;
}

std::set<SchemaObject> schema_objects(Connection& connection) {
  Statement s(connection, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master");
  std::set<SchemaObject> objects;
  while (s.step())
    objects.insert({s.text_at(0), s.text_at(1), s.text_at(2), normalised(s.text_at(3))});
  return objects;
}

Connection memory_database() {
  return Connection(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
}

int64_t user_version_of(const std::filesystem::path& path) {
  Connection c(path, SQLITE_OPEN_READONLY);
  return c.query_int("PRAGMA user_version");
}

TEST(Schema, EmbeddedMigrationsAreNumberedFromOne) {
  const auto migrations = embedded_migrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().version, 1);
  EXPECT_EQ(migrations.front().name, "001_initial.sql");
  EXPECT_NE(migrations.front().sql.find("CREATE TABLE attempts"), std::string_view::npos);
  EXPECT_EQ(latest_version(migrations), static_cast<int>(migrations.size()));
  const Migration gap[] = {{1, "001_a.sql", ""}, {3, "003_c.sql", ""}};
  EXPECT_THROW(latest_version(gap), std::logic_error);
}

TEST(Schema, MigrationsYieldExactlyTheObjectsOfSchemaSql) {
  Connection migrated = memory_database();
  EXPECT_EQ(migrate(migrated, embedded_migrations()),
            static_cast<int>(embedded_migrations().size()));
  Connection documented = memory_database();
  documented.execute(read_bytes(std::filesystem::path(MHC_SOURCE_DIR) / "db" / "schema.sql"),
                     "db/schema.sql");
  const auto expected = schema_objects(documented);
  EXPECT_GE(expected.size(), 12u);  // 8 tables, 2 views, indexes
  EXPECT_EQ(schema_objects(migrated), expected);
  EXPECT_EQ(documented.query_int("PRAGMA user_version"), latest_version(embedded_migrations()));
  EXPECT_EQ(documented.query_int("PRAGMA application_id"), kApplicationId);
}

TEST(Schema, FreshFileGetsSchemaWalAndIds) {
  ScratchDirectory dir;
  const auto path = dir.file("fresh.db");
  {
    Connection c = open_for_write(path);
    EXPECT_EQ(c.query_int("PRAGMA user_version"), latest_version(embedded_migrations()));
    EXPECT_EQ(c.query_int("PRAGMA application_id"), kApplicationId);
    EXPECT_EQ(c.query_int("PRAGMA foreign_keys"), 1);
    Statement mode(c, "PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.text_at(0), "wal");
    EXPECT_EQ(c.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'view'"), 2);
  }
  // Reopening applies nothing and keeps the version.
  Connection again = open_for_write(path);
  EXPECT_EQ(migrate(again, embedded_migrations()), 0);
}

TEST(Schema, OlderFileIsMigratedInOrderKeepingItsRows) {
  ScratchDirectory dir;
  const auto path = dir.file("old.db");
  {
    TuningDatabase db(open_for_write(path));
    testing::build_store_fixture(db);
  }
  ASSERT_EQ(user_version_of(path), 1);
  // TEST-FIXTURE migration standing in for a real 002: adds a column and a table.
  const std::vector<Migration> two = {embedded_migrations()[0],
                                      {2, "002_test_fixture.sql",
                                       "ALTER TABLE runs ADD COLUMN note TEXT DEFAULT 'fixture';"
                                       "CREATE TABLE fixture_extra (id INTEGER PRIMARY KEY);"}};
  {
    Connection c = open_for_write(path, two);
    EXPECT_EQ(c.query_int("PRAGMA user_version"), 2);
    EXPECT_EQ(c.query_int("SELECT count(*) FROM runs WHERE note = 'fixture'"), 1);
    EXPECT_EQ(c.query_int("SELECT count(*) FROM fixture_extra"), 0);
    EXPECT_EQ(c.query_int("SELECT count(*) FROM attempts"), 7);
    EXPECT_EQ(migrate(c, two), 0);
  }
  EXPECT_EQ(user_version_of(path), 2);
}

TEST(Schema, FailedMigrationLeavesTheFileAtItsVersion) {
  ScratchDirectory dir;
  const auto path = dir.file("old.db");
  { open_for_write(path); }
  const std::vector<Migration> broken = {
      embedded_migrations()[0],
      {2, "002_test_fixture.sql",
       "CREATE TABLE half_done (id INTEGER); SELECT no_such_function();"}};
  EXPECT_THROW(open_for_write(path, broken), SqliteError);
  Connection c(path, SQLITE_OPEN_READONLY);
  EXPECT_EQ(c.query_int("PRAGMA user_version"), 1);
  EXPECT_EQ(c.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"), 0);
}

TEST(Schema, ReaderMigratesOlderFileInMemoryOnly) {
  ScratchDirectory dir;
  const auto path = dir.file("old.db");
  {
    TuningDatabase db(open_for_write(path));
    testing::build_store_fixture(db);
  }
  const std::string before = read_bytes(path);
  const std::vector<Migration> two = {
      embedded_migrations()[0],
      {2, "002_test_fixture.sql", "CREATE TABLE fixture_extra (id INTEGER PRIMARY KEY);"}};
  {
    Connection c = open_for_read(path, two);
    EXPECT_EQ(c.query_int("PRAGMA user_version"), 2);
    EXPECT_EQ(c.query_int("SELECT count(*) FROM attempts"), 7);
  }
  EXPECT_EQ(read_bytes(path), before);
  EXPECT_EQ(user_version_of(path), 1);
}

// Runs `open` and expects DatabaseRefused whose message contains `why`.
template <typename Open>
void expect_refused(Open open, const std::string& why) {
  try {
    open();
    ADD_FAILURE() << "expected DatabaseRefused (" << why << ")";
  } catch (const DatabaseRefused& e) {
    EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("untouched"), std::string::npos) << e.what();
  }
}

TEST(Schema, NewerFileIsRefusedAndUntouched) {
  ScratchDirectory dir;
  const auto path = dir.file("newer.db");
  { open_for_write(path).execute("PRAGMA user_version = 99", "TEST-FIXTURE newer version"); }
  const std::string before = read_bytes(path);
  ASSERT_FALSE(before.empty());
  expect_refused([&] { open_for_write(path); }, "schema version 99, newer");
  expect_refused([&] { open_for_read(path); }, "schema version 99, newer");
  EXPECT_EQ(read_bytes(path), before);
}

TEST(Schema, ForeignSqliteFileIsRefusedAndUntouched) {
  ScratchDirectory dir;
  const auto path = dir.file("foreign.db");
  {
    Connection c(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    c.execute("CREATE TABLE cats (name TEXT); INSERT INTO cats VALUES ('TEST-FIXTURE');",
              "fixture");
  }
  const std::string before = read_bytes(path);
  expect_refused([&] { open_for_write(path); },
                 "not an mhc-tune database (SQLite application_id 0x0");
  expect_refused([&] { open_for_read(path); }, "not an mhc-tune database");
  EXPECT_EQ(read_bytes(path), before);

  { Connection(path, SQLITE_OPEN_READWRITE).execute("PRAGMA application_id = 42", "fixture"); }
  const std::string other_app = read_bytes(path);
  expect_refused([&] { open_for_write(path); }, "application_id 0x2a");
  EXPECT_EQ(read_bytes(path), other_app);
}

TEST(Schema, NonSqliteFileIsRefusedAndUntouched) {
  ScratchDirectory dir;
  const auto path = dir.file("notes.txt");
  const std::string text(4096, 'x');  // TEST-FIXTURE: a page of text, not a database
  write_bytes(path, text);
  expect_refused([&] { open_for_write(path); }, "not an SQLite file");
  expect_refused([&] { open_for_read(path); }, "not an SQLite file");
  EXPECT_EQ(read_bytes(path), text);
}

TEST(Schema, ReaderNeverCreatesAFile) {
  ScratchDirectory dir;
  const auto path = dir.file("missing.db");
  EXPECT_THROW(open_for_read(path), UsageError);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing.db-wal")));
  write_bytes(path, "");
  expect_refused([&] { open_for_read(path); }, "empty");
}

TEST(Schema, WriterNeedsAnExistingDirectory) {
  ScratchDirectory dir;
  EXPECT_THROW(open_for_write(dir.file("no/such/dir/x.db")), UsageError);
}

}  // namespace
}  // namespace mhc::store
