#include "report/result_groups.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "plan/shape_catalog.hpp"

namespace mhc::report {

namespace {

const std::vector<Shape>& paper_shapes() {
  return find_shape_set("paper").shapes;
}

// Paper shapes first in the paper's order, then the rest by (n, C, B).
auto shape_order(const Shape& s) {
  const auto& paper = paper_shapes();
  const auto at = std::find(paper.begin(), paper.end(), s);
  return std::make_tuple(at - paper.begin(), s.streams, s.hidden, s.tokens);
}

bool shape_before(const Shape& a, const Shape& b) {
  return shape_order(a) < shape_order(b);
}

auto group_key(const ProblemResult& r) {
  const auto& c = r.problem.constants;
  return std::make_tuple(r.device, r.cache_mode, r.problem.residual_dtype, r.problem.convention,
                         c.sinkhorn_iters, c.rms_eps, c.sinkhorn_eps, c.post_mult, c.pre_eps);
}

SpeedupCell cell_of(const ProblemResult* r) {
  if (r == nullptr) {
    const auto none = Quantity::missing(Gap::not_swept);
    return {none, none, none};
  }
  return {r->speedup, r->baseline_us, r->tuned_us};
}

SpeedupTable table_for(HPath path, const std::vector<Shape>& shapes,
                       const std::vector<ProblemResult>& problems,
                       const std::vector<int>& members) {
  const auto find = [&](const Shape& s, Direction d) -> const ProblemResult* {
    for (int i : members) {
      const auto& p = problems[i].problem;
      if (p.shape == s && p.path == path && p.direction == d) return &problems[i];
    }
    return nullptr;
  };
  SpeedupTable table{path, false, {}};
  for (int i : members) table.swept = table.swept || problems[i].problem.path == path;
  for (const auto& s : shapes)
    table.rows.push_back(
        {s, cell_of(find(s, Direction::forward)), cell_of(find(s, Direction::backward))});
  return table;
}

void add_timer(std::set<store::Timer>& timers, const std::optional<TimedAttempt>& a) {
  if (a) timers.insert(a->timing.timer);
}

}  // namespace

std::vector<ResultGroup> group_results(const std::vector<ProblemResult>& problems) {
  std::map<decltype(group_key(problems.front())), std::vector<int>> members;
  for (size_t i = 0; i < problems.size(); ++i)
    members[group_key(problems[i])].push_back(static_cast<int>(i));

  std::vector<ResultGroup> groups;
  for (auto& [key, list] : members) {
    const auto& first = problems[list.front()];
    ResultGroup g;
    g.device = first.device;
    g.cache_mode = first.cache_mode;
    g.residual_dtype = first.problem.residual_dtype;
    g.convention = first.problem.convention;
    std::sort(list.begin(), list.end(), [&](int a, int b) {
      const auto& pa = problems[a].problem;
      const auto& pb = problems[b].problem;
      if (pa.shape != pb.shape) return shape_before(pa.shape, pb.shape);
      return std::tie(pa.path, pa.direction) < std::tie(pb.path, pb.direction);
    });
    g.problems = list;

    std::vector<Shape> shapes;
    std::set<store::Timer> timers;
    for (int i : list) {
      if (std::find(shapes.begin(), shapes.end(), problems[i].problem.shape) == shapes.end())
        shapes.push_back(problems[i].problem.shape);
      add_timer(timers, problems[i].tuned);
      add_timer(timers, problems[i].baseline);
      add_timer(timers, problems[i].default_pipeline);
    }
    g.static_h = table_for(HPath::static_h, shapes, problems, list);
    g.dynamic_h = table_for(HPath::dynamic_h, shapes, problems, list);
    for (const auto& s : paper_shapes())
      if (std::find(shapes.begin(), shapes.end(), s) == shapes.end())
        g.paper_shapes_not_swept.push_back(s);
    g.timers.assign(timers.begin(), timers.end());
    groups.push_back(std::move(g));
  }
  return groups;
}

}  // namespace mhc::report
