// `mhc-tune shapes`: the problem catalogue (named sets and user shapes, validated).
#include <fmt/format.h>

#include <memory>

#include "cli/command.hpp"
#include "core/errors.hpp"
#include "core/json_writer.hpp"
#include "plan/shape_catalog.hpp"

namespace mhc::cli {
namespace {

struct ShapesOptions {
  std::vector<std::string> sets;
  std::vector<std::string> shapes;
  std::vector<std::string> files;
  bool json = false;
};

// The residual stream's size in one dtype, which is what every mHC op moves at least once.
double residual_mb(const Shape& s, Dtype dtype) {
  return s.elements() * dtype_bytes(dtype) / 1e6;
}

void print_table(const std::vector<Shape>& shapes) {
  fmt::print("{:>7} {:>6} {:>4} {:>12} {:>14} {:>15}\n", "B", "C", "n", "B*n*C", "x f32 (MB)",
             "x bf16 (MB)");
  for (const auto& s : shapes)
    fmt::print("{:>7} {:>6} {:>4} {:>12} {:>14.2f} {:>15.2f}\n", s.tokens, s.hidden, s.streams,
               s.elements(), residual_mb(s, Dtype::f32), residual_mb(s, Dtype::bf16));
}

void write_shape(JsonWriter& json, const Shape& s) {
  json.begin_object()
      .field("B", s.tokens)
      .field("C", s.hidden)
      .field("n", s.streams)
      .field("elements", s.elements())
      .end_object();
}

int run_shapes(const ShapesOptions& o) {
  const bool selected = !o.sets.empty() || !o.shapes.empty() || !o.files.empty();
  if (selected) {
    const auto shapes = resolve_shapes(o.sets, o.shapes, o.files);
    if (o.json) {
      JsonWriter json;
      json.begin_array();
      for (const auto& s : shapes) write_shape(json, s);
      json.end_array();
      fmt::print("{}\n", json.str());
    } else {
      print_table(shapes);
    }
    return kExitOk;
  }
  if (o.json) {
    JsonWriter json;
    json.begin_object();
    for (const auto& set : named_shape_sets()) {
      json.key(set.name).begin_array();
      for (const auto& s : set.shapes) write_shape(json, s);
      json.end_array();
    }
    json.end_object();
    fmt::print("{}\n", json.str());
    return kExitOk;
  }
  for (const auto& set : named_shape_sets()) {
    fmt::print("{}: {}\n", set.name, set.description);
    print_table(set.shapes);
    fmt::print("\n");
  }
  fmt::print("Supported: n in {{{}}}, C a multiple of {} in [{}, {}], B >= 1, B*n*C < 2^31.\n",
             fmt::join(ShapeLimits::kSupportedStreams, ", "), ShapeLimits::kHiddenMultiple,
             ShapeLimits::kMinHidden, ShapeLimits::kMaxHidden);
  return kExitOk;
}

Command make_shapes_command(CLI::App& parent) {
  auto o = std::make_shared<ShapesOptions>();
  CLI::App* app =
      add_subcommand(parent, "shapes",
                     "List the problem catalogue: named shape sets (paper = Appendix A) "
                     "and user shapes, validated");
  app->add_option("--set", o->sets, "Named shape set (paper, smoke, deepseek-v3); repeatable");
  app->add_option("--shape", o->shapes, "A user shape B,C,n (e.g. 4096,7168,4); repeatable");
  app->add_option("--shapes-file", o->files, "File of B,C,n lines ('#' comments); repeatable");
  app->add_flag("--json", o->json, "Print JSON instead of a table");
  return {app, [o] { return run_shapes(*o); }};
}

}  // namespace

MHC_COMMAND(20, make_shapes_command);

}  // namespace mhc::cli
