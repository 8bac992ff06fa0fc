#pragma once
// RAII over the SQLite C API: a connection, a prepared statement, a write transaction. Every
// failure throws SqliteError naming the file and the statement, so a message in a log is enough
// to find what went wrong.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mhc::store {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(const std::string& message, int code) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }  // the primary SQLite result code (SQLITE_BUSY, ...)

 private:
  int code_;
};

class Connection {
 public:
  // flags: SQLITE_OPEN_READONLY, or SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE. ":memory:" works.
  Connection(const std::filesystem::path& path, int flags);

  sqlite3* handle() const { return db_.get(); }
  const std::string& path() const { return path_; }

  // Runs one or more statements that return no rows (pragmas, DDL, a migration script).
  void execute(std::string_view sql, std::string_view what);
  // The single integer a query such as "PRAGMA user_version" returns.
  int64_t query_int(std::string_view sql);

  bool in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }
  std::string error_message() const { return sqlite3_errmsg(db_.get()); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
};

class Statement {
 public:
  Statement(Connection& connection, std::string_view sql);

  // Binds a named parameter (":name"). A name the SQL does not use is a programming error and
  // throws, so a typo cannot silently leave a column NULL.
  Statement& bind(std::string_view name, int64_t value);
  Statement& bind(std::string_view name, int value) { return bind(name, int64_t{value}); }
  Statement& bind(std::string_view name, double value);
  Statement& bind(std::string_view name, std::string_view text);
  Statement& bind(std::string_view name, const std::string& text) {
    return bind(name, std::string_view(text));
  }
  Statement& bind(std::string_view name, const char* text) {
    return bind(name, std::string_view(text));
  }
  Statement& bind_null(std::string_view name);
  template <typename T>
  Statement& bind(std::string_view name, const std::optional<T>& value) {
    return value ? bind(name, *value) : bind_null(name);
  }

  // True while a row is available; false once the statement is done.
  bool step();
  void run();  // steps a statement that returns no rows
  void reset();

  bool is_null(int column) const;
  int64_t int_at(int column) const;
  double double_at(int column) const;
  std::string text_at(int column) const;
  std::optional<int64_t> optional_int_at(int column) const;
  std::optional<double> optional_double_at(int column) const;

  int column_count() const;
  std::string column_name(int column) const;
  int column_type(int column) const;  // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_NULL...

 private:
  int parameter_index(std::string_view name) const;
  [[noreturn]] void fail(std::string_view doing, int code) const;

  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };
  Connection* connection_;
  std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
};

// BEGIN IMMEDIATE (takes the write lock at once, so two writers never deadlock upgrading a read
// lock), retried while another process holds the lock. Rolls back unless commit() ran. Inside an
// open transaction it joins that one: the outer transaction commits or rolls back the whole.
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection& connection);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  void commit();

 private:
  Connection& connection_;
  bool owner_ = false;  // false when joined to an outer transaction
  bool done_ = false;
};

}  // namespace mhc::store
