#pragma once
// Arranges problem results the way the seed's tables show them: one set of tables per (device,
// L2 mode, residual dtype, convention, layer constants), one row per shape with the paper's
// Appendix A shapes first in the paper's order, then other shapes by (n, C, B).
#include <vector>

#include "report/report_model.hpp"

namespace mhc::report {

std::vector<ResultGroup> group_results(const std::vector<ProblemResult>& problems);

}  // namespace mhc::report
