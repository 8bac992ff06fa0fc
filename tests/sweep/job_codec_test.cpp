#include <gtest/gtest.h>

#include "sweep/run_job.hpp"

namespace mhc {
namespace {

TEST(JobCodec, JobRoundTrips) {
  RunJob job;
  job.problem.path = HPath::static_h;
  job.problem.direction = Direction::backward;
  job.problem.shape = {320, 1280, 4};
  job.problem.residual_dtype = Dtype::bf16;
  job.problem.convention = Convention::production;
  job.problem.constants = production_constants();
  job.problem.constants.sinkhorn_iters = 7;
  job.subject = "pipeline x\nwith a newline \\ and a backslash";
  job.inputs = {Tensor::x, Tensor::h_static};
  job.outputs = {Tensor::d_x, Tensor::d_h_static};
  job.math = MathPrecision::tf32;
  job.workspace_bytes = 4096;
  job.seed = 123456789012345ull;
  job.measure = false;
  job.measure_options.cache = CacheMode::hot;
  job.measure_options.stopping.max_noise = 0.005;
  KernelLaunchSpec launch;
  launch.cubin_key = "abc123";
  launch.kernel = "_Z12mhc_post_mixIfLi4ELi128EEv12MhcLayerArgs";
  launch.label = "post_mix{threads=128}";
  launch.geometry.grid[0] = 320;
  launch.geometry.block[0] = 128;
  launch.geometry.shared_bytes = 1024;
  launch.step = 3;
  launch.zero_before = {Tensor::d_h_static};
  job.launches = {launch, launch};
  job.launches[1].zero_before.clear();

  const RunJob back = decode_job(encode_job(job));
  EXPECT_EQ(back.problem, job.problem);
  EXPECT_EQ(back.subject, job.subject);
  EXPECT_EQ(back.inputs, job.inputs);
  EXPECT_EQ(back.outputs, job.outputs);
  EXPECT_EQ(back.math, job.math);
  EXPECT_EQ(back.workspace_bytes, 4096);
  EXPECT_EQ(back.seed, job.seed);
  EXPECT_FALSE(back.measure);
  EXPECT_EQ(back.measure_options.cache, CacheMode::hot);
  EXPECT_DOUBLE_EQ(back.measure_options.stopping.max_noise, 0.005);
  ASSERT_EQ(back.launches.size(), 2u);
  EXPECT_EQ(back.launches[0].kernel, launch.kernel);
  EXPECT_EQ(back.launches[0].label, launch.label);
  EXPECT_EQ(back.launches[0].geometry.grid[0], 320u);
  EXPECT_EQ(back.launches[0].geometry.shared_bytes, 1024u);
  EXPECT_EQ(back.launches[0].step, 3);
  EXPECT_EQ(back.launches[0].zero_before, launch.zero_before);
  EXPECT_TRUE(back.launches[1].zero_before.empty());
}

TEST(JobCodec, ResultRoundTripsWithAndWithoutTiming) {
  JobResult wrong;
  wrong.outcome = JobOutcome::wrong;
  wrong.message = "x_next: rel 0.5\nsecond line";
  wrong.rel_norm_error = 0.5;
  const auto w = decode_result(encode_result(wrong));
  EXPECT_EQ(w.outcome, JobOutcome::wrong);
  EXPECT_EQ(w.message, wrong.message);
  EXPECT_FALSE(w.timing.has_value());

  JobResult ok;
  MeasurementSummary t;
  t.timer = TimerKind::events;
  t.timer_note = "CUPTI: another subscriber";
  t.span_median_us = 12.25;
  t.busy_median_us = 11.5;
  t.repetitions = 40;
  t.target_met = true;
  t.stop_reason = StopReason::noise_target;
  t.sm_clock_mhz = 1755.0;
  t.span_samples_us = {12.0, 12.25, 12.5};
  ok.timing = t;
  const auto o = decode_result(encode_result(ok));
  ASSERT_TRUE(o.timing.has_value());
  EXPECT_EQ(o.timing->timer, TimerKind::events);
  EXPECT_EQ(o.timing->timer_note, t.timer_note);
  EXPECT_DOUBLE_EQ(o.timing->span_median_us, 12.25);
  EXPECT_EQ(o.timing->busy_median_us, 11.5);
  EXPECT_EQ(o.timing->repetitions, 40);
  EXPECT_TRUE(o.timing->target_met);
  EXPECT_EQ(o.timing->stop_reason, StopReason::noise_target);
  EXPECT_EQ(o.timing->sm_clock_mhz, 1755.0);
  EXPECT_EQ(o.timing->span_samples_us, t.span_samples_us);
}

}  // namespace
}  // namespace mhc
