#pragma once
// Opening a tuning database file the two ways mhc-tune needs: a writer's way (creates and migrates)
// and a reader's way (never creates, never modifies).
#include <filesystem>
#include <span>

#include "store/schema_migrations.hpp"
#include "store/sqlite_connection.hpp"

namespace mhc::store {

// Creates the file if missing, migrates an older one, and sets the writer's pragmas: WAL (readers
// never block the writer), busy_timeout 30 s, foreign_keys, synchronous=NORMAL (a committed
// transaction survives a killed process). A foreign or newer file is refused before any write.
Connection open_for_write(const std::filesystem::path& path,
                          std::span<const Migration> migrations = embedded_migrations());

// Opens an existing file read-only; a missing file is a UsageError and is not created. A file from
// an older mhc-tune is migrated in a private in-memory copy, so the file itself stays as it was.
// (Like any SQLite reader of a WAL database, it may leave empty -wal and -shm files beside it.)
Connection open_for_read(const std::filesystem::path& path,
                         std::span<const Migration> migrations = embedded_migrations());

}  // namespace mhc::store
