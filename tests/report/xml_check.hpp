#pragma once
// Test helper: a small XML well-formedness check (the rules a browser's XML parser enforces on an
// SVG file: one root, tags that nest and match, quoted unique attributes, valid entities), so the
// suite needs no XML library.
#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace mhc::testing {

namespace detail {

inline bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':' || c == '-' ||
         c == '.' || static_cast<unsigned char>(c) >= 0x80;
}

// Checks the entities of character data or an attribute value; '<' may not appear raw.
inline std::string check_text(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') return "raw '<' in text";
    if (text[i] != '&') continue;
    const size_t end = text.find(';', i);
    if (end == std::string::npos) return "unterminated entity";
    const std::string entity = text.substr(i + 1, end - i - 1);
    static const std::set<std::string> named{"amp", "lt", "gt", "quot", "apos"};
    if (!named.count(entity) && (entity.empty() || entity[0] != '#'))
      return "unknown entity &" + entity + ";";
    i = end;
  }
  return "";
}

}  // namespace detail

// "" when `xml` is well-formed, else what is wrong and where.
inline std::string xml_well_formedness_error(const std::string& xml) {
  std::vector<std::string> open;
  int roots = 0;
  size_t i = 0;
  while (i < xml.size()) {
    const size_t lt = xml.find('<', i);
    const std::string text = xml.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string::npos)
      return "text outside the root element at " + std::to_string(i);
    if (auto e = detail::check_text(text); !e.empty()) return e + " at " + std::to_string(i);
    if (lt == std::string::npos) break;
    if (xml.compare(lt, 2, "<?") == 0 || xml.compare(lt, 4, "<!--") == 0) {
      const std::string close = xml.compare(lt, 2, "<?") == 0 ? "?>" : "-->";
      const size_t end = xml.find(close, lt);
      if (end == std::string::npos) return "unterminated " + close;
      i = end + close.size();
      continue;
    }
    size_t p = lt + 1;
    const bool closing = p < xml.size() && xml[p] == '/';
    if (closing) ++p;
    const size_t name_start = p;
    while (p < xml.size() && detail::is_name_char(xml[p])) ++p;
    const std::string name = xml.substr(name_start, p - name_start);
    if (name.empty()) return "empty tag name at " + std::to_string(lt);
    if (closing) {
      if (p >= xml.size() || xml[p] != '>') return "bad closing tag " + name;
      if (open.empty() || open.back() != name) return "closing </" + name + "> does not match";
      open.pop_back();
      i = p + 1;
      continue;
    }
    std::set<std::string> attributes;
    while (true) {
      while (p < xml.size() && std::isspace(static_cast<unsigned char>(xml[p]))) ++p;
      if (p >= xml.size()) return "unterminated tag " + name;
      if (xml[p] == '>' || xml.compare(p, 2, "/>") == 0) break;
      const size_t a = p;
      while (p < xml.size() && detail::is_name_char(xml[p])) ++p;
      const std::string attribute = xml.substr(a, p - a);
      if (attribute.empty() || p >= xml.size() || xml[p] != '=')
        return "bad attribute in <" + name + "> at " + std::to_string(a);
      if (!attributes.insert(attribute).second) return "duplicate attribute " + attribute;
      const char quote = xml[++p];
      if (quote != '"' && quote != '\'') return "unquoted attribute " + attribute;
      const size_t end = xml.find(quote, p + 1);
      if (end == std::string::npos) return "unterminated attribute " + attribute;
      if (auto e = detail::check_text(xml.substr(p + 1, end - p - 1)); !e.empty())
        return e + " in attribute " + attribute;
      p = end + 1;
    }
    const bool self_closing = xml[p] == '/';
    if (open.empty() && ++roots > 1) return "more than one root element";
    if (!self_closing) open.push_back(name);
    i = p + (self_closing ? 2 : 1);
  }
  return open.empty() ? (roots == 1 ? "" : "no root element") : "unclosed <" + open.back() + ">";
}

inline int count_of(const std::string& text, const std::string& fragment) {
  int n = 0;
  for (size_t at = text.find(fragment); at != std::string::npos; at = text.find(fragment, at + 1))
    ++n;
  return n;
}

}  // namespace mhc::testing
