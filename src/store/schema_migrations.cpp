#include "store/schema_migrations.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace mhc::store {

namespace {

// The embedded list comes from file names, so a gap or a duplicate is a packaging mistake.
void require_consecutive(std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i)
    if (migrations[i].version != static_cast<int>(i) + 1)
      throw std::logic_error(fmt::format("migration '{}' has version {}, expected {}",
                                         migrations[i].name, migrations[i].version, i + 1));
}

}  // namespace

int latest_version(std::span<const Migration> migrations) {
  require_consecutive(migrations);
  return migrations.empty() ? 0 : migrations.back().version;
}

SchemaState read_schema_state(Connection& connection) {
  try {
    return {connection.query_int("PRAGMA application_id"),
            connection.query_int("PRAGMA user_version"),
            connection.query_int("SELECT count(*) FROM sqlite_master")};
  } catch (const SqliteError& e) {
    if (e.code() == SQLITE_NOTADB)
      throw DatabaseRefused(
          fmt::format("'{}' is not an mhc-tune database (not an SQLite file); it was left "
                      "untouched",
                      connection.path()));
    throw;
  }
}

void require_compatible(const SchemaState& state, const std::string& path, int latest) {
  if (state.empty()) return;
  if (state.application_id != kApplicationId)
    throw DatabaseRefused(fmt::format(
        "'{}' is not an mhc-tune database (SQLite application_id {:#x}, expected {:#x}); it was "
        "left untouched",
        path, state.application_id, kApplicationId));
  if (state.user_version > latest)
    throw DatabaseRefused(fmt::format(
        "'{}' has schema version {}, newer than this mhc-tune understands ({}); use a newer "
        "mhc-tune. The file was left untouched",
        path, state.user_version, latest));
}

int migrate(Connection& connection, std::span<const Migration> migrations) {
  const int latest = latest_version(migrations);
  WriteTransaction transaction(connection);
  const SchemaState state = read_schema_state(connection);
  require_compatible(state, connection.path(), latest);
  int applied = 0;
  for (const auto& migration : migrations) {
    if (migration.version <= state.user_version) continue;
    connection.execute(migration.sql, fmt::format("migration {}", migration.name));
    ++applied;
  }
  if (applied == 0) return 0;
  // Pragmas take no parameters; both values are integers this code produced.
  connection.execute(fmt::format("PRAGMA application_id = {}", kApplicationId),
                     "set application_id");
  connection.execute(fmt::format("PRAGMA user_version = {}", latest), "set user_version");
  transaction.commit();
  return applied;
}

}  // namespace mhc::store
