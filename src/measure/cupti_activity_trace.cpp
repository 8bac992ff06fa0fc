#include "measure/cupti_activity_trace.hpp"

#include <cupti.h>
#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <utility>

namespace mhc {

namespace {

constexpr size_t kBufferBytes = size_t{2} << 20;
constexpr std::array kEnabledKinds = {CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL,
                                      CUPTI_ACTIVITY_KIND_MEMCPY,
                                      CUPTI_ACTIVITY_KIND_MEMSET,
                                      CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION,
                                      CUPTI_ACTIVITY_KIND_RUNTIME,
                                      CUPTI_ACTIVITY_KIND_DRIVER};

std::string cupti_error(CUptiResult status) {
  const char* text = nullptr;
  cuptiGetResultString(status, &text);
  return text != nullptr ? text : fmt::format("CUPTI error {}", static_cast<int>(status));
}

// Where the buffer callbacks, which CUPTI calls without user data and possibly on its own thread,
// leave what they parsed.
struct Collector {
  std::mutex mutex;
  ActivityBatch pending;
  bool active = false;
};
Collector& collector() {
  static Collector instance;
  return instance;
}
std::atomic<bool> g_trace_exists{false};

void CUPTIAPI buffer_requested(uint8_t** buffer, size_t* size, size_t* max_records) {
  // CUPTI requires 8-byte alignment. On allocation failure CUPTI drops records, which the dropped
  // count then reports.
  *buffer = static_cast<uint8_t*>(std::aligned_alloc(8, kBufferBytes));
  *size = *buffer != nullptr ? kBufferBytes : 0;
  *max_records = 0;
}

void parse_record(const CUpti_Activity* record, ActivityBatch& batch) {
  switch (record->kind) {
    case CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL: {
      const auto* k = reinterpret_cast<const CUpti_ActivityKernel10*>(record);
      batch.activities.push_back({DeviceActivityKind::kernel, k->correlationId, k->start, k->end,
                                  k->name != nullptr ? k->name : ""});
      break;
    }
    case CUPTI_ACTIVITY_KIND_MEMCPY: {
      const auto* m = reinterpret_cast<const CUpti_ActivityMemcpy6*>(record);
      batch.activities.push_back(
          {DeviceActivityKind::memcpy, m->correlationId, m->start, m->end, ""});
      break;
    }
    case CUPTI_ACTIVITY_KIND_MEMSET: {
      const auto* m = reinterpret_cast<const CUpti_ActivityMemset4*>(record);
      batch.activities.push_back(
          {DeviceActivityKind::memset, m->correlationId, m->start, m->end, ""});
      break;
    }
    case CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION: {
      const auto* e = reinterpret_cast<const CUpti_ActivityExternalCorrelation*>(record);
      if (e->externalKind == CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM0)
        batch.correlations.push_back({e->correlationId, e->externalId});
      break;
    }
    default:
      break;  // API records: needed only so CUPTI emits the correlation records
  }
}

void CUPTIAPI buffer_completed(CUcontext context, uint32_t stream_id, uint8_t* buffer, size_t,
                               size_t valid_bytes) {
  ActivityBatch batch;
  CUpti_Activity* record = nullptr;
  while (valid_bytes > 0 &&
         cuptiActivityGetNextRecord(buffer, valid_bytes, &record) == CUPTI_SUCCESS)
    parse_record(record, batch);
  size_t dropped = 0;
  if (cuptiActivityGetNumDroppedRecords(context, stream_id, &dropped) == CUPTI_SUCCESS)
    batch.dropped_records = dropped;
  std::free(buffer);
  auto& c = collector();
  const std::lock_guard lock(c.mutex);
  if (c.active) c.pending.append(std::move(batch));
}

CUptiResult register_callbacks_once() {
  static const CUptiResult status =
      cuptiActivityRegisterCallbacks(buffer_requested, buffer_completed);
  return status;
}

void disable_kinds(size_t count) {
  for (size_t i = count; i-- > 0;) cuptiActivityDisable(kEnabledKinds[i]);
}

}  // namespace

CuptiActivityTrace::CuptiActivityTrace() {
  if (g_trace_exists.exchange(true))
    throw CuptiUnavailable("another CUPTI activity trace is already active in this process");
  const CUptiResult registered = register_callbacks_once();
  if (registered != CUPTI_SUCCESS) {
    g_trace_exists = false;
    throw CuptiUnavailable(
        fmt::format("cuptiActivityRegisterCallbacks failed: {}", cupti_error(registered)));
  }
  for (size_t i = 0; i < kEnabledKinds.size(); ++i) {
    const CUptiResult status = cuptiActivityEnable(kEnabledKinds[i]);
    if (status != CUPTI_SUCCESS) {
      disable_kinds(i);
      g_trace_exists = false;
      throw CuptiUnavailable(fmt::format(
          "cuptiActivityEnable(kind {}) failed: {} (is another profiler attached? CUPTI allows one "
          "subscriber)",
          static_cast<int>(kEnabledKinds[i]), cupti_error(status)));
    }
  }
  auto& c = collector();
  const std::lock_guard lock(c.mutex);
  c.pending = {};
  c.active = true;
}

CuptiActivityTrace::~CuptiActivityTrace() {
  disable_kinds(kEnabledKinds.size());
  cuptiActivityFlushAll(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);  // frees the buffers CUPTI still holds
  auto& c = collector();
  {
    const std::lock_guard lock(c.mutex);
    c.active = false;
    c.pending = {};
  }
  g_trace_exists = false;
}

uint64_t CuptiActivityTrace::timestamp_ns() const {
  uint64_t now = 0;
  const CUptiResult status = cuptiGetTimestamp(&now);
  if (status != CUPTI_SUCCESS)
    throw std::runtime_error(fmt::format("cuptiGetTimestamp failed: {}", cupti_error(status)));
  return now;
}

void CuptiActivityTrace::push_external_id(uint64_t id) const {
  const CUptiResult status =
      cuptiActivityPushExternalCorrelationId(CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM0, id);
  if (status != CUPTI_SUCCESS)
    throw std::runtime_error(fmt::format("cuptiActivityPushExternalCorrelationId({}) failed: {}",
                                         id, cupti_error(status)));
}

void CuptiActivityTrace::pop_external_id() const noexcept {
  uint64_t last = 0;
  cuptiActivityPopExternalCorrelationId(CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM0, &last);
}

ActivityBatch CuptiActivityTrace::flush(bool forced) {
  // Not under our lock: the completion callback may run on this thread inside the flush.
  const CUptiResult status = cuptiActivityFlushAll(forced ? CUPTI_ACTIVITY_FLAG_FLUSH_FORCED : 0);
  if (status != CUPTI_SUCCESS)
    throw std::runtime_error(fmt::format("cuptiActivityFlushAll failed: {}", cupti_error(status)));
  auto& c = collector();
  const std::lock_guard lock(c.mutex);
  return std::exchange(c.pending, {});
}

}  // namespace mhc
