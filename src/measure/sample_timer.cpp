#include "measure/sample_timer.hpp"

namespace mhc {

std::string_view to_string(TimerKind kind) {
  return kind == TimerKind::cupti ? "cupti" : "events";
}

}  // namespace mhc
