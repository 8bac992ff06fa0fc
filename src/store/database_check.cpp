#include "store/database_check.hpp"

#include <fmt/format.h>

#include "store/database_file.hpp"

namespace mhc::store {

CheckReport check_database(const std::string& path) {
  open_for_read(path);  // refuses a missing, foreign or newer file before anything else
  // Checks run on the file itself, not on the migrated copy open_for_read gives for old files.
  Connection connection(path, SQLITE_OPEN_READONLY);
  sqlite3_busy_timeout(connection.handle(), 30'000);
  CheckReport report;
  report.latest_version = latest_version(embedded_migrations());
  report.schema_version = static_cast<int>(connection.query_int("PRAGMA user_version"));

  Statement integrity(connection, "PRAGMA integrity_check");
  while (integrity.step())
    if (const std::string line = integrity.text_at(0); line != "ok")
      report.problems.push_back("integrity: " + line);

  Statement foreign_keys(connection, "PRAGMA foreign_key_check");
  while (foreign_keys.step())  // (table, rowid, parent table, constraint index)
    report.problems.push_back(fmt::format("foreign key: {} row {} refers to a missing {} row",
                                          foreign_keys.text_at(0), foreign_keys.int_at(1),
                                          foreign_keys.text_at(2)));
  return report;
}

}  // namespace mhc::store
