#pragma once
// Enums that have a text form (in the CLI, the database, exports) keep it in one table of
// (value, name) pairs; these two functions read such a table both ways.
#include <fmt/format.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "core/errors.hpp"

namespace mhc {

template <typename Enum, size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, size_t N>
std::string_view enum_name(const EnumNames<Enum, N>& names, Enum value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return "?";
}

// UsageError naming the text, what it should have been, and the allowed names.
template <typename Enum, size_t N>
Enum parse_enum(const EnumNames<Enum, N>& names, std::string_view text, std::string_view what) {
  std::string allowed;
  for (const auto& [e, name] : names) {
    if (name == text) return e;
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
  }
  throw UsageError(fmt::format("unknown {} '{}' (allowed: {})", what, text, allowed));
}

}  // namespace mhc
