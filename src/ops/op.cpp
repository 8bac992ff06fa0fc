#include "ops/op.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "core/errors.hpp"

namespace mhc {

int64_t ParamPoint::operator[](const std::string& name) const {
  for (const auto& [key, value] : values_)
    if (key == name) return value;
  throw std::out_of_range(fmt::format("parameter '{}' is not in {{{}}}", name, to_string()));
}

std::string ParamPoint::to_string() const {
  std::string text;
  for (const auto& [key, value] : values_)
    text += fmt::format("{}{}={}", text.empty() ? "" : ",", key, value);
  return text;
}

ParamPoint ParamPoint::parse(const std::string& text) {
  std::vector<std::pair<std::string, int64_t>> values;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    const size_t eq = item.find('=');
    int64_t value = 0;
    const char* first = item.data() + (eq == std::string::npos ? 0 : eq + 1);
    const char* last = item.data() + item.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (eq == std::string::npos || eq == 0 || ec != std::errc() || ptr != last)
      throw UsageError(fmt::format("parameter '{}' in '{}' is not name=integer", item, text));
    values.emplace_back(item.substr(0, eq), value);
    start = end + 1;
  }
  return ParamPoint(std::move(values));
}

bool OpDefinition::serves(const Problem& problem) const {
  return problem.direction == direction &&
         std::find(paths.begin(), paths.end(), problem.path) != paths.end();
}

ParamPoint OpDefinition::default_point() const {
  std::vector<std::pair<std::string, int64_t>> values;
  for (const auto& axis : axes) values.emplace_back(axis.name, axis.default_value);
  return ParamPoint(std::move(values));
}

std::vector<ParamPoint> OpDefinition::all_points() const {
  std::vector<std::vector<std::pair<std::string, int64_t>>> points(1);
  for (const auto& axis : axes) {
    std::vector<std::vector<std::pair<std::string, int64_t>>> next;
    for (const auto& partial : points)
      for (const auto value : axis.values) {
        next.push_back(partial);
        next.back().emplace_back(axis.name, value);
      }
    points = std::move(next);
  }
  std::vector<ParamPoint> result;
  for (auto& p : points) result.emplace_back(std::move(p));
  return result;
}

}  // namespace mhc
