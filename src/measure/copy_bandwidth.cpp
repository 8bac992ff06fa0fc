#include "measure/copy_bandwidth.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "gpu/cuda_error.hpp"
#include "gpu/device_buffer.hpp"

namespace mhc {

int64_t default_copy_bytes(int64_t l2_bytes) {
  return std::max(16 * l2_bytes, int64_t{256} << 20);
}

double copy_gigabytes_per_second(int64_t bytes, double span_us) {
  return 2.0 * static_cast<double>(bytes) / (span_us * 1e-6) / 1e9;
}

CopyBandwidth measure_copy_bandwidth(MeasurementRig& rig, int64_t bytes, MeasureOptions options) {
  const std::string context = fmt::format("device-to-device copy of {} bytes", bytes);
  const DeviceBuffer source(bytes, "copy bandwidth source");
  const DeviceBuffer destination(bytes, "copy bandwidth destination");
  source.fill(0x5A, rig.stream());  // never time copies of untouched memory
  const Enqueue copy = [&](cudaStream_t stream) {
    check_cuda(cudaMemcpyAsync(destination.data(), source.data(), static_cast<size_t>(bytes),
                               cudaMemcpyDeviceToDevice, stream),
               "cudaMemcpyAsync(device to device)", context);
  };
  CopyBandwidth result;
  result.bytes_per_copy = bytes;
  result.summary = measure_pipeline(rig, copy, options, context);
  result.gigabytes_per_second = copy_gigabytes_per_second(bytes, result.summary.span_median_us);
  return result;
}

}  // namespace mhc
