#include "cli/problem_options.hpp"

#include "plan/shape_catalog.hpp"

namespace mhc::cli {

void ProblemOptions::add_to(CLI::App& app, const std::string& default_set) {
  default_set_ = default_set;
  app.add_option(
         "--shapes", sets,
         "Named shape set(s): paper (Appendix A), smoke, deepseek-v3; default " + default_set)
      ->delimiter(',');
  app.add_option("--shape", shapes, "A shape B,C,n (e.g. 4096,7168,4); repeatable");
  app.add_option("--shapes-file", shape_files, "File of B,C,n lines; repeatable");
  app.add_option("--paths", paths, "H paths: static,dynamic")->capture_default_str();
  app.add_option("--directions", directions, "forward,backward")->capture_default_str();
  app.add_option("--dtypes", dtypes, "Residual stream dtypes: f32,bf16")->capture_default_str();
  app.add_option("--conventions", conventions, "paper,production (MATH.md)")->capture_default_str();
  app.add_option("--sinkhorn-iters", sinkhorn_iters, "t_max")->capture_default_str();
}

ProblemAxes ProblemOptions::resolve() const {
  ProblemAxes axes;
  const bool any_shape = !sets.empty() || !shapes.empty() || !shape_files.empty();
  axes.shapes = resolve_shapes(any_shape ? sets : std::vector<std::string>{default_set_}, shapes,
                               shape_files);
  axes.paths = parse_path_list(paths);
  axes.directions = parse_direction_list(directions);
  axes.dtypes = parse_dtype_list(dtypes);
  axes.conventions = parse_convention_list(conventions);
  axes.sinkhorn_iters = sinkhorn_iters;
  return axes;
}

}  // namespace mhc::cli
