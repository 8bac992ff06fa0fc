#include "report/markdown_blocks.hpp"

#include <algorithm>

namespace mhc::report {

namespace {

std::string escape_pipes(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void MarkdownTable::add_row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::string MarkdownTable::str() const {
  std::string head = "|", rule = "|";
  for (const auto& c : columns_) {
    head += " " + c.title + " |";
    rule += c.align == Align::right ? " ---: |" : " --- |";
  }
  std::string out = head + "\n" + rule + "\n";
  for (const auto& row : rows_) {
    out += "|";
    for (const auto& c : row) out += " " + escape_pipes(c) + " |";
    out += "\n";
  }
  return out;
}

std::string code_span(std::string_view text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + std::string(text) + (pad ? " " : "") + fence;
}

std::string Footnotes::cite(Gap gap) {
  if (std::find(cited_.begin(), cited_.end(), gap) == cited_.end()) cited_.push_back(gap);
  return "[^" + std::string(gap_code(gap)) + "]";
}

std::string Footnotes::definitions() const {
  std::string out;
  for (const auto gap : cited_)
    out += "[^" + std::string(gap_code(gap)) + "]: " + std::string(gap_explanation(gap)) + "\n";
  return out;
}

std::string cell(const Quantity& q, Hint hint, Footnotes& notes) {
  return q.value ? format_number(*q.value, hint) : "—" + notes.cite(q.gap);
}

}  // namespace mhc::report
