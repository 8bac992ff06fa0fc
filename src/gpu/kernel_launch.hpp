#pragma once
// Launching one mHC kernel: every kernel of the project takes a single MhcLayerArgs by value, so a
// launch is a kernel, a geometry, the arguments and a stream.
#include <cuda_runtime.h>

#include <string_view>

#include "common/mhc_layer_args.h"
#include "core/launch_geometry.hpp"
#include "gpu/cubin_library.hpp"

namespace mhc {

// Queues the launch and checks both the launch status and the last error (an invalid
// configuration is reported here; a fault in the kernel surfaces at the next synchronisation).
// Raises the kernel's dynamic shared memory limit first when the geometry needs more than 48 KB.
void launch_kernel(LoadedKernel& kernel, const LaunchGeometry& geometry, const MhcLayerArgs& args,
                   cudaStream_t stream, std::string_view context);

}  // namespace mhc
