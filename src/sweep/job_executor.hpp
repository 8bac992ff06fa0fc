#pragma once
// Runs RunJobs on the local GPU: upload the reference's inputs, poison the outputs, launch, check
// against the float64 reference, then time. It lives in the sweep's worker process (or in-process
// for `bench`); a sticky CUDA error escapes as CudaError so the worker dies and the sweep records
// a fault, because nothing more can run in a poisoned context.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "gpu/cubin_library.hpp"
#include "gpu/cuda_device.hpp"
#include "jit/kernel_cache.hpp"
#include "measure/measurement_rig.hpp"
#include "reference/layer_values.hpp"
#include "sweep/run_job.hpp"

namespace mhc {

class JobExecutor {
 public:
  JobExecutor(int device_ordinal, std::filesystem::path cache_dir,
              TimerPreference timer = TimerPreference::cupti_else_events);
  JobResult execute(const RunJob& job);
  MeasurementRig& rig() { return *rig_; }

 private:
  // The reference for the job's problem and seed; the last one is kept, since a sweep runs every
  // candidate of a problem in a row.
  const LayerValues& reference(const Problem& problem, uint64_t seed);
  LoadedKernel& kernel(const KernelLaunchSpec& launch);

  CudaDevice device_;
  std::unique_ptr<MeasurementRig> rig_;
  KernelCache cache_;
  std::map<std::string, CubinLibrary> libraries_;  // by cache key
  std::map<std::string, LoadedKernel> kernels_;    // by cache key + lowered name
  std::string reference_key_;
  std::optional<LayerValues> reference_;
};

}  // namespace mhc
