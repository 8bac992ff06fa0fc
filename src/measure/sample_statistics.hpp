#pragma once
// Summary statistics of a set of timing samples. Definitions, so numbers compare across tools:
// - median, q1, q3: linear interpolation between closest ranks (numpy's default, "type 7");
// - stddev: the sample standard deviation (n - 1 in the denominator); 0 for one sample;
// - iqr: q3 - q1;
// - relative_noise: stddev / mean, the quantity nvbench's stdrel criterion bounds.
#include <cstdint>
#include <span>

namespace mhc {

struct SampleStatistics {
  int64_t count = 0;
  double median = 0.0;
  double min = 0.0;
  double max = 0.0;
  double mean = 0.0;
  double stddev = 0.0;
  double q1 = 0.0;
  double q3 = 0.0;
  double iqr = 0.0;
  double relative_noise = 0.0;
};

// Throws std::invalid_argument on an empty set.
SampleStatistics summarize_samples(std::span<const double> samples);

// The q-quantile (0 <= q <= 1) of samples already sorted ascending, by the definition above.
double sorted_quantile(std::span<const double> sorted, double q);

}  // namespace mhc
