#pragma once
// The options that choose problems, shared by compile, sweep and bench: shapes (named sets, B,C,n,
// files) and the path / direction / dtype / convention axes.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "plan/problem_set.hpp"

namespace mhc::cli {

struct ProblemOptions {
  std::vector<std::string> sets;
  std::vector<std::string> shapes;
  std::vector<std::string> shape_files;
  std::string paths = "static,dynamic";
  std::string directions = "forward,backward";
  std::string dtypes = "f32,bf16";
  std::string conventions = "paper";
  int sinkhorn_iters = 20;

  void add_to(CLI::App& app, const std::string& default_set);
  // UsageError naming the bad value. With no shape given, the default set.
  ProblemAxes resolve() const;

 private:
  std::string default_set_;
};

}  // namespace mhc::cli
