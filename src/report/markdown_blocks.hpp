#pragma once
// The pieces of GitHub-flavoured markdown the report is built from: tables, code spans, and
// footnotes that explain each missing number once.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "report/number_format.hpp"
#include "report/quantity.hpp"

namespace mhc::report {

enum class Align { left, right };

class MarkdownTable {
 public:
  struct Column {
    std::string title;
    Align align = Align::left;
  };
  explicit MarkdownTable(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells);  // already markdown; '|' inside is escaped
  std::string str() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// `text` as inline code, whatever backticks it holds.
std::string code_span(std::string_view text);

// Collects the gaps a document cites and writes their definitions at the end (GitHub renders
// `[^label]` as a numbered link to the note).
class Footnotes {
 public:
  std::string cite(Gap gap);  // "[^no-baseline]"
  std::string definitions() const;

 private:
  std::vector<Gap> cited_;
};

// A number formatted by hint, or a dash with the footnote saying why it is missing.
std::string cell(const Quantity& q, Hint hint, Footnotes& notes);

}  // namespace mhc::report
