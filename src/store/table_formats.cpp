// CSV and JSON for a ResultTable (declared in store/attempt_export.hpp): formatting only.
#include <fmt/format.h>

#include "core/json_writer.hpp"
#include "store/attempt_export.hpp"

namespace mhc::store {

namespace {

std::string csv_field(const CellValue& value) {
  if (std::holds_alternative<std::monostate>(value)) return "";
  if (const auto* i = std::get_if<int64_t>(&value)) return fmt::format("{}", *i);
  if (const auto* d = std::get_if<double>(&value)) return fmt::format("{}", *d);  // round-trips
  const auto& text = std::get<std::string>(value);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::string to_csv(const ResultTable& table) {
  std::string out;
  for (size_t c = 0; c < table.columns.size(); ++c)
    out += (c ? "," : "") + csv_field(table.columns[c]);
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + csv_field(row[c]);
    out += "\r\n";
  }
  return out;
}

std::string to_json(const ResultTable& table) {
  JsonWriter json;
  json.begin_array();
  for (const auto& row : table.rows) {
    json.begin_object();
    for (size_t c = 0; c < row.size(); ++c) {
      json.key(table.columns[c]);
      std::visit(
          [&](const auto& v) {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>)
              json.null();
            else
              json.value(v);
          },
          row[c]);
    }
    json.end_object();
  }
  json.end_array();
  return json.str() + "\n";
}

}  // namespace mhc::store
