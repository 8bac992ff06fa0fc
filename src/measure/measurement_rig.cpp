#include "measure/measurement_rig.hpp"

#include "measure/cupti_kernel_timer.hpp"
#include "measure/event_timer.hpp"

namespace mhc {

MeasurementRig::MeasurementRig(const CudaDevice& device, TimerPreference preference)
    : stream_("measurement stream"), l2_flush_(device.l2_bytes()), l2_bytes_(device.l2_bytes()) {
  if (preference == TimerPreference::cupti_else_events) {
    try {
      timer_ = std::make_unique<CuptiKernelTimer>(blocker_);
    } catch (const CuptiUnavailable& unavailable) {
      timer_note_ = std::string("CUPTI unavailable, timed with CUDA events: ") + unavailable.what();
    }
  } else {
    timer_note_ = "CUDA events requested";
  }
  if (!timer_) timer_ = std::make_unique<EventTimer>(blocker_);
}

}  // namespace mhc
