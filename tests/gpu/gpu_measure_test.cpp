// The timers and the measurement method on a real GPU (skipped without one), with kernels of known
// length: a spin kernel runs for a set number of microseconds of the GPU's global timer.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "common/gpu_available.hpp"
#include "gpu/cubin_library.hpp"
#include "gpu/cuda_device.hpp"
#include "gpu/kernel_launch.hpp"
#include "gpu/layer_buffers.hpp"
#include "gpu/nvrtc_test_kernels.hpp"
#include "measure/copy_bandwidth.hpp"
#include "measure/measure_pipeline.hpp"

namespace mhc {
namespace {

class GpuMeasure : public testing::GpuTest {
 protected:
  void SetUp() override {
    testing::GpuTest::SetUp();
    if (IsSkipped()) return;
    device_.emplace(0);
    kernels_ = testing::compile_test_kernels(device_->sm_arch());
    library_.emplace(kernels_.cubin, "test kernels");
    spin_.emplace(library_->kernel("test_spin"));
    Problem problem;
    problem.shape = {8, 256, 4};
    buffers_.emplace(problem, 0, "measure test");
  }

  // `count` spin kernels of `microseconds` each, back to back.
  Enqueue spins(int count, int microseconds) {
    return [this, count, microseconds](cudaStream_t stream) {
      MhcLayerArgs args = buffers_->args();
      args.step = microseconds;
      for (int i = 0; i < count; ++i)
        launch_kernel(*spin_, LaunchGeometry{}, args, stream, "spin test");
    };
  }

  static MeasureOptions quick(CacheMode cache) {
    MeasureOptions options;
    options.cache = cache;
    options.stopping.min_gpu_seconds = 0.01;
    options.stopping.max_samples = 200;
    return options;
  }

  std::optional<CudaDevice> device_;
  testing::CompiledTestKernels kernels_;
  std::optional<CubinLibrary> library_;
  std::optional<LoadedKernel> spin_;
  std::optional<LayerBuffers> buffers_;
};

TEST_F(GpuMeasure, CuptiAndEventsAgreeOnAKernelOfKnownLength) {
  constexpr int kSpinUs = 200;
  MeasurementRig cupti_rig(*device_);
  ASSERT_EQ(cupti_rig.timer().kind(), TimerKind::cupti) << cupti_rig.timer_note();
  const MeasurementSummary cupti =
      measure_pipeline(cupti_rig, spins(1, kSpinUs), quick(CacheMode::hot), "spin 200 us");
  MeasurementRig events_rig(*device_, TimerPreference::events);
  ASSERT_EQ(events_rig.timer().kind(), TimerKind::events);
  const MeasurementSummary events =
      measure_pipeline(events_rig, spins(1, kSpinUs), quick(CacheMode::hot), "spin 200 us");
  // The kernel spins at least 200 us; the stream blocker keeps launch overhead out of both.
  EXPECT_GE(cupti.span_median_us, kSpinUs);
  EXPECT_LE(cupti.span_median_us, kSpinUs + 20);
  EXPECT_GE(events.span_median_us, kSpinUs);
  // Stated agreement bound: 5 us, or 2% of the kernel, whichever is larger.
  EXPECT_NEAR(cupti.span_median_us, events.span_median_us, std::max(5.0, 0.02 * kSpinUs));
  EXPECT_EQ(cupti.operations_per_sample, 1);
  ASSERT_TRUE(cupti.busy_median_us.has_value());
  EXPECT_NEAR(*cupti.busy_median_us, cupti.span_median_us, 1.0);
  EXPECT_FALSE(events.busy_median_us.has_value());
  EXPECT_TRUE(cupti.timer_note.empty()) << cupti.timer_note;  // grouped by correlation id
  EXPECT_FALSE(events.timer_note.empty());
}

TEST_F(GpuMeasure, PipelineSpansAllItsKernels) {
  MeasurementRig rig(*device_);
  const MeasurementSummary s =
      measure_pipeline(rig, spins(3, 50), quick(CacheMode::hot), "three spins of 50 us");
  EXPECT_EQ(s.operations_per_sample, 3);
  ASSERT_TRUE(s.busy_median_us.has_value());
  EXPECT_NEAR(*s.busy_median_us, 150.0, 10.0);
  EXPECT_GE(s.span_median_us, *s.busy_median_us);
  EXPECT_LE(s.span_median_us, *s.busy_median_us + 15.0);  // queued behind the blocker: no host gaps
}

TEST_F(GpuMeasure, ColdModeSummaryIsComplete) {
  MeasurementRig rig(*device_);
  const MeasurementSummary s =
      measure_pipeline(rig, spins(1, 20), quick(CacheMode::cold), "cold spin of 20 us");
  EXPECT_EQ(s.cache, CacheMode::cold);
  EXPECT_GE(s.repetitions, 10);
  EXPECT_EQ(s.repetitions, static_cast<int64_t>(s.span_samples_us.size()));
  EXPECT_GE(s.warmup_runs, 1);
  EXPECT_LE(s.span_min_us, s.span_median_us);
  EXPECT_LE(s.span_median_us, s.span_max_us);
  EXPECT_NE(s.stop_reason, StopReason::running);
  EXPECT_EQ(s.target_met, s.relative_noise <= 0.01);
  ASSERT_TRUE(s.sm_clock_mhz.has_value());
  EXPECT_GT(*s.sm_clock_mhz, 300.0);
  EXPECT_LT(*s.sm_clock_mhz, 4000.0);
}

TEST_F(GpuMeasure, CopyBandwidthIsUnderTheMemoryPeak) {
  MeasurementRig rig(*device_);
  const CopyBandwidth copy = measure_copy_bandwidth(rig, int64_t{256} << 20);
  EXPECT_EQ(copy.summary.operations_per_sample, 1);  // one MEMCPY record per sample
  double peak = 0.0;
  for (const auto& d : testing::host_environment().devices)
    if (d.ordinal == 0) peak = d.peak_bandwidth_gbps();
  EXPECT_GT(copy.gigabytes_per_second, 100.0);
  EXPECT_LT(copy.gigabytes_per_second, 1.1 * peak) << "peak " << peak;
}

}  // namespace
}  // namespace mhc
