#pragma once
// The problem shapes a sweep covers: named sets (the paper's Appendix A) plus user shapes, with the
// limits the kernels support checked in one place.
#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"
#include "core/shape_limits.hpp"

namespace mhc {

struct NamedShapeSet {
  std::string_view name;
  std::string_view description;
  std::vector<Shape> shapes;
};

// All named sets, `paper` first.
const std::vector<NamedShapeSet>& named_shape_sets();
// The set called `name`, or a UsageError listing the known names.
const NamedShapeSet& find_shape_set(std::string_view name);

// Throws UsageError naming the bad value and the allowed range when `shape` is outside ShapeLimits.
void validate_shape(const Shape& shape);
// Parses "B,C,n" (spaces allowed around numbers) and validates it.
Shape parse_shape(std::string_view text);
// One "B,C,n" per line; blank lines and '#' comments are skipped. Errors name the file and line.
std::vector<Shape> read_shapes_file(const std::string& path);

// The union of named sets and explicit shapes, in the order given, without repeats.
std::vector<Shape> resolve_shapes(const std::vector<std::string>& set_names,
                                  const std::vector<std::string>& shape_texts,
                                  const std::vector<std::string>& shape_files);

}  // namespace mhc
