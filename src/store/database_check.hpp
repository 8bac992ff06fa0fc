#pragma once
// `mhc-tune db check`: is a database file whole, consistent and of a schema this build reads?
#include <string>
#include <vector>

#include "store/tuning_database.hpp"

namespace mhc::store {

struct CheckReport {
  int schema_version = 0;  // as stored in the file; older than latest is fine (migrated on write)
  int latest_version = 0;  // what this build writes
  std::vector<std::string> problems;  // empty when the file is sound
  bool ok() const { return problems.empty(); }
};

// Opens the file read-only (see open_for_read: missing, foreign or newer files are refused) and
// runs PRAGMA integrity_check and PRAGMA foreign_key_check.
CheckReport check_database(const std::string& path);

}  // namespace mhc::store
