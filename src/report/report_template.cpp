#include "report/report_template.hpp"

#include <set>
#include <stdexcept>

namespace mhc::report {

std::string_view find_template(std::string_view name) {
  for (const auto& t : embedded_templates())
    if (t.name == name) return t.text;
  throw std::logic_error("report template '" + std::string(name) + "' is not built in");
}

namespace {

// Markdown treats two blank lines like one, but a reader of the raw file sees the gap an empty
// slot left; squeeze them.
std::string squeeze_blank_lines(const std::string& text) {
  std::string out;
  int newlines = 0;
  for (char c : text) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) out += c;
  }
  return out;
}

}  // namespace

std::string fill_template(std::string_view text,
                          const std::map<std::string, std::string>& sections) {
  std::string out;
  std::set<std::string> used;
  size_t at = 0;
  while (true) {
    const size_t open = text.find("{{", at);
    if (open == std::string_view::npos) break;
    const size_t close = text.find("}}", open);
    if (close == std::string_view::npos) throw std::logic_error("report template: unclosed '{{'");
    const std::string name(text.substr(open + 2, close - open - 2));
    const auto section = sections.find(name);
    if (section == sections.end())
      throw std::logic_error("report template: no section for slot '{{" + name + "}}'");
    out.append(text.substr(at, open - at));
    out += section->second;
    used.insert(name);
    at = close + 2;
  }
  out.append(text.substr(at));
  for (const auto& [name, body] : sections)
    if (!used.count(name))
      throw std::logic_error("report template: no slot for section '" + name + "'");
  return squeeze_blank_lines(out);
}

}  // namespace mhc::report
