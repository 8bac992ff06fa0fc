#pragma once
// The memory ceiling reports compare against: a large device-to-device cudaMemcpyAsync timed by the
// same method as the kernels, counting the bytes read plus the bytes written (METHOD.md).
#include <cstdint>

#include "measure/measure_pipeline.hpp"

namespace mhc {

struct CopyBandwidth {
  int64_t bytes_per_copy = 0;         // the size of the source (and of the destination)
  double gigabytes_per_second = 0.0;  // 2 x bytes_per_copy / median span, 1 GB = 1e9 bytes
  MeasurementSummary summary;
};

// Large enough that L2 cannot hold a meaningful part: max(16 x L2, 256 MiB).
int64_t default_copy_bytes(int64_t l2_bytes);

// Read + write bandwidth of one copy of `bytes` taking `span_us`.
double copy_gigabytes_per_second(int64_t bytes, double span_us);

// Hot mode by default: the buffers dwarf L2, so a flush would change nothing but the run time.
CopyBandwidth measure_copy_bandwidth(MeasurementRig& rig, int64_t bytes,
                                     MeasureOptions options = {.cache = CacheMode::hot});

}  // namespace mhc
