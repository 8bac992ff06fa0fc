#pragma once
// Every attempt as one flat row, joined with its run, device, problem and variant: what
// `mhc-tune db export` writes, and what a spreadsheet or pandas user wants.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "store/tuning_database.hpp"

namespace mhc::store {

using CellValue = std::variant<std::monostate, int64_t, double, std::string>;  // monostate: NULL

struct ResultTable {
  std::vector<std::string> columns;
  std::vector<std::vector<CellValue>> rows;
};

// Ordered by attempt id. Logs are left out (they can be megabytes); `message` is kept. A pipeline
// attempt lists its members as "op{params} + op{params}".
ResultTable export_attempts(TuningDatabase& database);

// RFC 4180 CSV with a header line; NULL is an empty field.
std::string to_csv(const ResultTable& table);
// An array of objects, one per row, NULL as null.
std::string to_json(const ResultTable& table);

}  // namespace mhc::store
