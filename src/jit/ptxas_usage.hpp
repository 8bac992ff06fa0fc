#pragma once
// Reads a kernel's resource usage from the ptxas verbose lines (--ptxas-options=-v) that NVRTC puts
// in the program log. This is the only source of spill byte counts without a GPU.
#include <string_view>

#include "jit/compiler.hpp"

namespace mhc {

// Usage of the entry function `lowered_name` (the first entry function when empty). Fields the log
// does not mention stay -1, except shared memory, which ptxas omits when it is zero.
ResourceUsage parse_ptxas_usage(std::string_view log, std::string_view lowered_name);

}  // namespace mhc
