#pragma once
// `--db FILE`, shared by every command that reads or writes the tuning database.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <string>

namespace mhc::cli {

inline std::string default_database_path() {
  const char* from_environment = std::getenv("MHC_DB");
  return from_environment != nullptr && *from_environment != '\0' ? from_environment
                                                                  : "mhc-tune.db";
}

inline CLI::Option* add_db_option(CLI::App& app, std::string& path) {
  path = default_database_path();
  return app.add_option("--db", path, "Tuning database (default: $MHC_DB, else ./mhc-tune.db)");
}

}  // namespace mhc::cli
