#pragma once
// A CUPTI activity session: device operations (kernels, copies, memsets) with GPU timestamps, and
// the external correlation ids the caller pushes around its launches. CUPTI's buffer callbacks are
// process-wide, so one trace may be active at a time; it disables what it enabled when it ends.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "measure/device_activity.hpp"

namespace mhc {

// CUPTI cannot subscribe or enable its activity kinds here (no driver, or another profiler holds
// the one subscriber slot CUPTI <= 13.2 allows). Callers fall back to CUDA events and say why.
class CuptiUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CuptiActivityTrace {
 public:
  // Enables CONCURRENT_KERNEL (never KIND_KERNEL, which serialises all kernels), MEMCPY, MEMSET,
  // EXTERNAL_CORRELATION, and RUNTIME and DRIVER: CUPTI emits a correlation record per API record,
  // and a kernel carries the runtime's or the driver's correlation id, so both are needed.
  CuptiActivityTrace();
  ~CuptiActivityTrace();
  CuptiActivityTrace(const CuptiActivityTrace&) = delete;
  CuptiActivityTrace& operator=(const CuptiActivityTrace&) = delete;

  // CUPTI's clock, the one activity timestamps are given in.
  uint64_t timestamp_ns() const;
  // Tags every API call of the calling thread between push and pop with `id`.
  void push_external_id(uint64_t id) const;
  // Cannot fail after a successful push (CUPTI only reports an empty stack), so it does not throw
  // and can run in destructors.
  void pop_external_id() const noexcept;
  // Hands over what CUPTI recorded since the last flush. The caller synchronises first: CUPTI's
  // flush does not. A default flush returns only buffers whose records are all complete; a forced
  // one returns every buffer.
  ActivityBatch flush(bool forced);
};

}  // namespace mhc
