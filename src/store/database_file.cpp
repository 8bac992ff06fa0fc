#include "store/database_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace mhc::store {

namespace {

constexpr int kBusyTimeoutMs = 30'000;

void set_connection_pragmas(Connection& connection) {
  sqlite3_busy_timeout(connection.handle(), kBusyTimeoutMs);
  connection.execute("PRAGMA foreign_keys = ON", "enable foreign keys");
}

void require_existing_file(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw UsageError(
        fmt::format("no database at '{}' (pass --db FILE or set MHC_DB)", path.string()));
  if (!std::filesystem::is_regular_file(path, error))
    throw UsageError(fmt::format("'{}' is not a file", path.string()));
}

// Copies the database into memory with SQLite's backup API and migrates the copy.
Connection migrated_copy(Connection& source, std::span<const Migration> migrations) {
  Connection copy(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_backup* backup = sqlite3_backup_init(copy.handle(), "main", source.handle(), "main");
  if (backup == nullptr)
    throw SqliteError(fmt::format("cannot copy '{}' to migrate it in memory: {}", source.path(),
                                  copy.error_message()),
                      SQLITE_ERROR);
  sqlite3_backup_step(backup, -1);
  if (const int code = sqlite3_backup_finish(backup); code != SQLITE_OK)
    throw SqliteError(fmt::format("cannot copy '{}' to migrate it in memory: {}", source.path(),
                                  sqlite3_errstr(code)),
                      code);
  set_connection_pragmas(copy);
  migrate(copy, migrations);
  return copy;
}

// Switching to WAL needs the file alone for a moment. A second process opening the same new file
// at that instant gets SQLITE_BUSY at once (SQLite skips the busy handler where waiting could
// deadlock), so the switch is retried for as long as the busy timeout.
void switch_to_wal(Connection& connection) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (int attempt = 1;; ++attempt) {
    try {
      connection.execute("PRAGMA journal_mode = WAL", "switch to WAL");
      return;
    } catch (const SqliteError& error) {
      if (error.code() != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt, 20)));
    }
  }
}

}  // namespace

Connection open_for_write(const std::filesystem::path& path,
                          std::span<const Migration> migrations) {
  const int latest = latest_version(migrations);
  std::error_code error;
  if (std::filesystem::exists(path, error)) {
    // Look before touching: switching to WAL would already rewrite a foreign file's header.
    require_existing_file(path);
    Connection probe(path, SQLITE_OPEN_READONLY);
    sqlite3_busy_timeout(probe.handle(), kBusyTimeoutMs);
    require_compatible(read_schema_state(probe), path.string(), latest);
  } else if (const auto parent = path.parent_path();
             !parent.empty() && !std::filesystem::is_directory(parent, error)) {
    throw UsageError(fmt::format("cannot create database '{}': no directory '{}'", path.string(),
                                 parent.string()));
  }
  Connection connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  set_connection_pragmas(connection);
  switch_to_wal(connection);
  connection.execute("PRAGMA synchronous = NORMAL", "set synchronous");
  migrate(connection, migrations);
  return connection;
}

Connection open_for_read(const std::filesystem::path& path, std::span<const Migration> migrations) {
  const int latest = latest_version(migrations);
  require_existing_file(path);
  Connection connection(path, SQLITE_OPEN_READONLY);
  set_connection_pragmas(connection);
  const SchemaState state = read_schema_state(connection);
  if (state.empty())
    throw DatabaseRefused(fmt::format(
        "'{}' is empty: not an mhc-tune database; it was left untouched", path.string()));
  require_compatible(state, path.string(), latest);
  if (state.user_version < latest) return migrated_copy(connection, migrations);
  return connection;
}

}  // namespace mhc::store
