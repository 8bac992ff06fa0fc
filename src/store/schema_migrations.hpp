#pragma once
// The schema's version and how a file reaches the current one: db/migrations/NNN_*.sql, embedded
// at build time, applied in order inside one transaction. A file that is not ours, or is newer
// than this build, is refused and never modified.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "store/sqlite_connection.hpp"

namespace mhc::store {

// PRAGMA application_id of every mhc-tune database: "mHCT".
inline constexpr int64_t kApplicationId = 0x6D484354;

struct Migration {
  int version;            // NNN of the file name: the user_version the file leads to
  std::string_view name;  // "001_initial.sql"
  std::string_view sql;
};

// db/migrations/*.sql as compiled into this binary (generated file), ordered by version.
std::span<const Migration> embedded_migrations();
int latest_version(std::span<const Migration> migrations);

// Bad input in the user's sense (exit 2): a foreign file or one from a newer mhc-tune.
class DatabaseRefused : public UsageError {
 public:
  using UsageError::UsageError;
};

// What a file's header says it is.
struct SchemaState {
  int64_t application_id = 0;
  int64_t user_version = 0;
  int64_t object_count = 0;  // rows of sqlite_master: 0 for an empty file
  bool empty() const { return application_id == 0 && user_version == 0 && object_count == 0; }
};

SchemaState read_schema_state(Connection& connection);

// Throws DatabaseRefused unless the file is empty or an mhc-tune database no newer than `latest`.
void require_compatible(const SchemaState& state, const std::string& path, int latest);

// Brings the database to the last migration's version in one write transaction (re-reading the
// state inside it, so two processes creating one file at once create it once). Returns the number
// of migrations applied.
int migrate(Connection& connection, std::span<const Migration> migrations);

}  // namespace mhc::store
