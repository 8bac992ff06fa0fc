#include "store/sqlite_connection.hpp"

#include <fmt/format.h>

#include <chrono>
#include <thread>

namespace mhc::store {

namespace {

// busy_timeout already waits up to 30 s inside SQLite; these extra rounds cover the cases where
// SQLite returns SQLITE_BUSY at once instead of waiting (e.g. a checkpoint in progress).
constexpr int kBusyRetries = 20;
constexpr auto kBusyBackoff = std::chrono::milliseconds(50);

int primary(int code) {
  return code & 0xff;
}

std::string shorten(std::string_view sql) {
  std::string one_line;
  for (char c : sql) {
    if (c == '\n' || c == '\t') c = ' ';
    if (c == ' ' && !one_line.empty() && one_line.back() == ' ') continue;
    one_line += c;
  }
  constexpr size_t kMax = 120;
  return one_line.size() <= kMax ? one_line : one_line.substr(0, kMax) + "...";
}

}  // namespace

Connection::Connection(const std::filesystem::path& path, int flags) : path_(path.string()) {
  sqlite3* raw = nullptr;
  const int code = sqlite3_open_v2(path_.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  db_.reset(raw);  // sqlite3_open_v2 hands out a handle even on failure; it must be closed
  if (code != SQLITE_OK)
    throw SqliteError(fmt::format("cannot open SQLite database '{}': {}", path_,
                                  raw ? sqlite3_errmsg(raw) : sqlite3_errstr(code)),
                      primary(code));
  sqlite3_extended_result_codes(raw, 1);
}

void Connection::execute(std::string_view sql, std::string_view what) {
  char* message = nullptr;
  const int code = sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &message);
  if (code != SQLITE_OK) {
    const std::string text = message ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    throw SqliteError(fmt::format("{} failed on '{}': {}", what, path_, text), primary(code));
  }
}

int64_t Connection::query_int(std::string_view sql) {
  Statement statement(*this, sql);
  if (!statement.step())
    throw SqliteError(fmt::format("'{}' returned no row on '{}'", shorten(sql), path_),
                      SQLITE_ERROR);
  return statement.int_at(0);
}

Statement::Statement(Connection& connection, std::string_view sql) : connection_(&connection) {
  sqlite3_stmt* raw = nullptr;
  const int code = sqlite3_prepare_v2(connection.handle(), sql.data(), static_cast<int>(sql.size()),
                                      &raw, nullptr);
  statement_.reset(raw);
  if (code != SQLITE_OK)
    throw SqliteError(fmt::format("cannot prepare '{}' on '{}': {}", shorten(sql),
                                  connection.path(), connection.error_message()),
                      primary(code));
}

void Statement::fail(std::string_view doing, int code) const {
  throw SqliteError(
      fmt::format("{} '{}' on '{}': {}", doing, shorten(sqlite3_sql(statement_.get())),
                  connection_->path(), connection_->error_message()),
      primary(code));
}

int Statement::parameter_index(std::string_view name) const {
  const int index = sqlite3_bind_parameter_index(statement_.get(), std::string(name).c_str());
  if (index == 0)
    throw SqliteError(
        fmt::format("no parameter {} in '{}'", name, shorten(sqlite3_sql(statement_.get()))),
        SQLITE_RANGE);
  return index;
}

Statement& Statement::bind(std::string_view name, int64_t value) {
  if (const int code = sqlite3_bind_int64(statement_.get(), parameter_index(name), value))
    fail(fmt::format("cannot bind {} in", name), code);
  return *this;
}

Statement& Statement::bind(std::string_view name, double value) {
  if (const int code = sqlite3_bind_double(statement_.get(), parameter_index(name), value))
    fail(fmt::format("cannot bind {} in", name), code);
  return *this;
}

Statement& Statement::bind(std::string_view name, std::string_view text) {
  if (const int code = sqlite3_bind_text(statement_.get(), parameter_index(name), text.data(),
                                         static_cast<int>(text.size()), SQLITE_TRANSIENT))
    fail(fmt::format("cannot bind {} in", name), code);
  return *this;
}

Statement& Statement::bind_null(std::string_view name) {
  if (const int code = sqlite3_bind_null(statement_.get(), parameter_index(name)))
    fail(fmt::format("cannot bind {} in", name), code);
  return *this;
}

bool Statement::step() {
  const int code = sqlite3_step(statement_.get());
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  fail("cannot run", code);
}

void Statement::run() {
  if (step())
    throw SqliteError(fmt::format("'{}' returned a row where none was expected",
                                  shorten(sqlite3_sql(statement_.get()))),
                      SQLITE_MISUSE);
}

void Statement::reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

int64_t Statement::int_at(int column) const {
  return sqlite3_column_int64(statement_.get(), column);
}

double Statement::double_at(int column) const {
  return sqlite3_column_double(statement_.get(), column);
}

std::string Statement::text_at(int column) const {
  const auto* text = sqlite3_column_text(statement_.get(), column);
  const int bytes = sqlite3_column_bytes(statement_.get(), column);
  return text ? std::string(reinterpret_cast<const char*>(text), bytes) : std::string();
}

std::optional<int64_t> Statement::optional_int_at(int column) const {
  if (is_null(column)) return std::nullopt;
  return int_at(column);
}

std::optional<double> Statement::optional_double_at(int column) const {
  if (is_null(column)) return std::nullopt;
  return double_at(column);
}

int Statement::column_count() const {
  return sqlite3_column_count(statement_.get());
}

std::string Statement::column_name(int column) const {
  return sqlite3_column_name(statement_.get(), column);
}

int Statement::column_type(int column) const {
  return sqlite3_column_type(statement_.get(), column);
}

WriteTransaction::WriteTransaction(Connection& connection) : connection_(connection) {
  if (connection.in_transaction()) return;  // joined: the outer transaction decides
  for (int attempt = 0;; ++attempt) {
    try {
      connection.execute("BEGIN IMMEDIATE", "BEGIN IMMEDIATE");
      owner_ = true;
      return;
    } catch (const SqliteError& e) {
      if (e.code() != SQLITE_BUSY || attempt == kBusyRetries) throw;
      std::this_thread::sleep_for(kBusyBackoff);
    }
  }
}

void WriteTransaction::commit() {
  if (!owner_ || done_) return;
  for (int attempt = 0;; ++attempt) {
    try {
      connection_.execute("COMMIT", "COMMIT");
      done_ = true;
      return;
    } catch (const SqliteError& e) {
      if (e.code() != SQLITE_BUSY || attempt == kBusyRetries) throw;
      std::this_thread::sleep_for(kBusyBackoff);
    }
  }
}

WriteTransaction::~WriteTransaction() {
  if (owner_ && !done_ && connection_.in_transaction())
    sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace mhc::store
