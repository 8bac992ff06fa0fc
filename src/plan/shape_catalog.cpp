#include "plan/shape_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>

#include "core/errors.hpp"

namespace mhc {

const std::vector<NamedShapeSet>& named_shape_sets() {
  static const std::vector<NamedShapeSet> sets = {
      {"paper",
       "the nine shapes of the mHC paper's Appendix A, as mHC.cu benchmarks them",
       {{320, 1280, 4},
        {512, 1920, 4},
        {1280, 2560, 4},
        {2560, 1280, 4},
        {128, 1280, 8},
        {256, 1280, 8},
        {32, 1280, 32},
        {64, 1280, 32},
        {128, 1280, 32}}},
      {"smoke",
       "two small paper shapes for a quick end-to-end check",
       {{320, 1280, 4}, {32, 1280, 32}}},
      {"deepseek-v3",
       "DeepSeek-V3-class layers: C = 7168, n = 4, micro-batches of 4096 and 8192 tokens",
       {{4096, 7168, 4}, {8192, 7168, 4}}},
  };
  return sets;
}

const NamedShapeSet& find_shape_set(std::string_view name) {
  std::string known;
  for (const auto& set : named_shape_sets()) {
    if (set.name == name) return set;
    known += known.empty() ? "" : ", ";
    known += set.name;
  }
  throw UsageError(fmt::format("unknown shape set '{}' (known: {})", name, known));
}

void validate_shape(const Shape& s) {
  if (s.tokens < 1)
    throw UsageError(fmt::format("shape {}: B = {} must be >= 1", to_string(s), s.tokens));
  if (s.hidden < ShapeLimits::kMinHidden || s.hidden > ShapeLimits::kMaxHidden ||
      s.hidden % ShapeLimits::kHiddenMultiple != 0)
    throw UsageError(fmt::format("shape {}: C = {} must be a multiple of {} in [{}, {}]",
                                 to_string(s), s.hidden, ShapeLimits::kHiddenMultiple,
                                 ShapeLimits::kMinHidden, ShapeLimits::kMaxHidden));
  const auto& ns = ShapeLimits::kSupportedStreams;
  if (std::find(std::begin(ns), std::end(ns), s.streams) == std::end(ns))
    throw UsageError(fmt::format("shape {}: n = {} is not supported (allowed: {})", to_string(s),
                                 s.streams, fmt::join(ns, ", ")));
  // B is checked against the limit by division so the product itself cannot overflow.
  if (s.tokens > ShapeLimits::kMaxElements / (s.streams * s.hidden))
    throw UsageError(fmt::format("shape {}: B*n*C exceeds {} elements (kernels index with 32 bits)",
                                 to_string(s), ShapeLimits::kMaxElements));
}

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

int64_t parse_field(std::string_view field, std::string_view whole) {
  field = trim(field);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (field.empty() || ec != std::errc() || end != field.data() + field.size())
    throw UsageError(fmt::format(
        "shape '{}': '{}' is not an integer (expected B,C,n, e.g. 320,1280,4)", whole, field));
  return value;
}

}  // namespace

Shape parse_shape(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    fields.push_back(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (fields.size() != 3)
    throw UsageError(
        fmt::format("shape '{}' must have three fields B,C,n (e.g. 320,1280,4)", text));
  const Shape shape{parse_field(fields[0], text), parse_field(fields[1], text),
                    parse_field(fields[2], text)};
  validate_shape(shape);
  return shape;
}

std::vector<Shape> read_shapes_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("cannot open shapes file '{}'", path));
  std::vector<Shape> shapes;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view content = line;
    content = trim(content.substr(0, content.find('#')));
    if (content.empty()) continue;
    try {
      shapes.push_back(parse_shape(content));
    } catch (const UsageError& e) {
      throw UsageError(fmt::format("{}:{}: {}", path, number, e.what()));
    }
  }
  return shapes;
}

std::vector<Shape> resolve_shapes(const std::vector<std::string>& set_names,
                                  const std::vector<std::string>& shape_texts,
                                  const std::vector<std::string>& shape_files) {
  std::vector<Shape> shapes;
  auto add = [&](const Shape& s) {
    if (std::find(shapes.begin(), shapes.end(), s) == shapes.end()) shapes.push_back(s);
  };
  for (const auto& name : set_names)
    for (const auto& s : find_shape_set(name).shapes) add(s);
  for (const auto& text : shape_texts) add(parse_shape(text));
  for (const auto& file : shape_files)
    for (const auto& s : read_shapes_file(file)) add(s);
  return shapes;
}

}  // namespace mhc
