// The sweep driver end to end on the CPU: real planning, real NVRTC compiles, a real SQLite file,
// and a TEST DOUBLE in place of the GPU worker (its timings are made up and never reach a report).
#include "sweep/sweep.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "store/tuning_database.hpp"

namespace mhc {
namespace {

namespace fs = std::filesystem;

// Answers every job as verified with a made-up time; optionally slow, or failing some ops.
class MeasurementBackendDouble final : public MeasurementBackend {
 public:
  std::chrono::milliseconds delay{0};
  std::string wrong_op;  // jobs whose subject names this op come back wrong
  int jobs = 0;

  JobResult run(const RunJob& job, std::chrono::milliseconds) override {
    ++jobs;
    std::this_thread::sleep_for(delay);
    JobResult result;
    if (!wrong_op.empty() && job.subject.find(wrong_op) != std::string::npos) {
      result.outcome = JobOutcome::wrong;
      result.message = "test double: wrong on purpose";
      result.rel_norm_error = 1.0;
      return result;
    }
    MeasurementSummary t;
    t.timer = TimerKind::events;
    t.timer_note = "TEST DOUBLE: not a measurement";
    t.span_median_us = t.span_min_us = t.span_max_us = t.span_mean_us =
        10.0 + static_cast<double>(job.launches.size()) + (job.subject.size() % 7);
    t.repetitions = 10;
    t.target_met = true;
    result.timing = t;
    return result;
  }
  std::optional<double> copy_bandwidth_gbps() override { return std::nullopt; }
};

class SweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("mhc-sweep-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  SweepConfig config() const {
    SweepConfig c;
    c.db_path = dir_ / "sweep.db";
    c.target = {"test-fixture", "sm_90a", 9, 0, {"TEST-FIXTURE GPU"}};
    c.device.name = "TEST-FIXTURE GPU";
    c.device.uuid = "GPU-TEST-FIXTURE-SWEEP";
    c.device.major = 9;
    Problem p;
    p.path = HPath::static_h;
    p.shape = {8, 64, 4};
    c.problems = {p};
    c.search.max_points_per_op = 1;  // the default and one more point per op keeps compiles few
    c.compiler = default_compiler_settings();
    c.compiler.cache_dir = fs::path(::testing::TempDir()) / "mhc-sweep-test-cache";  // shared: hits
    c.compile_jobs = 2;
    c.command_line = "test";
    c.seed = 42;
    return c;
  }

  fs::path dir_;
};

// Every attempt's identity: what --resume compares.
std::multiset<std::string> attempt_identities(const fs::path& db_path) {
  auto db = store::TuningDatabase::open_for_read(db_path);
  std::multiset<std::string> ids;
  for (const auto& a : db.attempts()) {
    std::string id = a.record.subject_name + "|" + std::to_string(a.record.variant_id.value_or(-1));
    for (const auto& m : a.record.members) id += "|" + std::to_string(m.variant_id);
    ids.insert(id);
  }
  return ids;
}

TEST_F(SweepTest, RecordsEveryCandidateAndPipelineWithBaselineAndDefaults) {
  MeasurementBackendDouble backend;
  std::atomic<bool> stop{false};
  const auto summary = run_sweep(config(), backend, {}, stop);
  EXPECT_GT(summary.ok, 0);
  EXPECT_EQ(summary.attempts, backend.jobs);
  EXPECT_EQ(summary.compile_failures, 0);

  auto db = store::TuningDatabase::open_for_read(config().db_path);
  int baselines = 0, defaults = 0;
  for (const auto& a : db.attempts()) {
    baselines += a.record.role == store::AttemptRole::baseline ? 1 : 0;
    defaults += a.record.role == store::AttemptRole::default_variant ? 1 : 0;
    EXPECT_EQ(a.record.verification.seed, 42u);
    ASSERT_TRUE(a.record.bytes_moved.has_value());
    EXPECT_GT(*a.record.bytes_moved, 0);
  }
  EXPECT_EQ(baselines, 1);
  EXPECT_GT(defaults, 1);
  EXPECT_FALSE(db.pipeline_winners().empty());
  ASSERT_EQ(db.runs().size(), 1u);
  EXPECT_EQ(db.runs()[0].record.status, store::RunStatus::finished);
}

// The split-K pair reads each other's workspace, so it cannot be verified alone: its points are
// measured inside dynamic_splitk, one op at a time, and never as op attempts of their own.
TEST_F(SweepTest, OpsThatNeedTheirPipelineAreSearchedInsideIt) {
  auto c = config();
  c.problems.front().path = HPath::dynamic_h;
  MeasurementBackendDouble backend;
  std::atomic<bool> stop{false};
  const auto summary = run_sweep(c, backend, {}, stop);
  EXPECT_EQ(summary.attempts, backend.jobs);

  auto db = store::TuningDatabase::open_for_read(c.db_path);
  std::map<store::VariantId, std::string> params;
  for (const auto& v : db.variants()) params[v.id] = v.record.op + "{" + v.record.params + "}";
  std::set<std::string> searched;  // splitk variants seen inside dynamic_splitk
  int splitk_pipelines = 0;
  for (const auto& a : db.attempts()) {
    EXPECT_FALSE(a.record.kind == store::SubjectKind::op &&
                 a.record.subject_name.rfind("dyn_splitk", 0) == 0)
        << "measured alone: " << a.record.subject_name;
    EXPECT_NE(a.record.subject_name, "dyn_projection_splitk");
    if (a.record.subject_name != "dynamic_splitk") continue;
    ++splitk_pipelines;
    for (const auto& m : a.record.members) searched.insert(params.at(m.variant_id));
  }
  // Default and tuned compositions (tuned only where rmsnorm or post_mix won with another point),
  // plus one more point for each of the two ops (budget 1 per op).
  EXPECT_GE(splitk_pipelines, 3);
  EXPECT_LE(splitk_pipelines, 4);
  int projection = 0, coeff_pre = 0;
  for (const auto& v : searched) {
    projection += v.rfind("dyn_projection_splitk{", 0) == 0;
    coeff_pre += v.rfind("dyn_splitk_coeff_pre{", 0) == 0;
  }
  EXPECT_EQ(projection, 2);
  EXPECT_EQ(coeff_pre, 2);
}

TEST_F(SweepTest, WrongVariantsAreRecordedAndNeverWin) {
  MeasurementBackendDouble backend;
  backend.wrong_op = "post_mix";
  std::atomic<bool> stop{false};
  const auto summary = run_sweep(config(), backend, {}, stop);
  EXPECT_GT(summary.wrong, 0);
  auto db = store::TuningDatabase::open_for_read(config().db_path);
  for (const auto& w : db.op_winners()) EXPECT_NE(w.op, "post_mix");
}

TEST_F(SweepTest, InterruptStopsBetweenAttemptsAndResumeFinishes) {
  MeasurementBackendDouble backend;
  std::atomic<bool> stop{false};
  int seen = 0;
  const auto first = run_sweep(
      config(), backend,
      [&](const SweepProgress& p) {
        if (p.phase == "measure" && ++seen == 3) stop = true;
      },
      stop);
  EXPECT_TRUE(first.interrupted);
  {
    auto db = store::TuningDatabase::open_for_read(config().db_path);
    EXPECT_EQ(db.runs()[0].record.status, store::RunStatus::interrupted);
  }
  auto resumed_config = config();
  resumed_config.resume = true;
  MeasurementBackendDouble again;
  std::atomic<bool> no_stop{false};
  const auto second = run_sweep(resumed_config, again, {}, no_stop);
  EXPECT_FALSE(second.interrupted);
  EXPECT_EQ(second.resumed, first.attempts);

  // The union is exactly one fresh sweep's attempts, each once.
  SetUp();  // a clean directory for the reference sweep
  MeasurementBackendDouble fresh;
  std::atomic<bool> none{false};
  run_sweep(config(), fresh, {}, none);
  EXPECT_EQ(first.attempts + second.attempts, fresh.jobs);
}

TEST_F(SweepTest, ResumeAfterKillNineLosesNothingAndRepeatsNothing) {
  // A warm-up run fills the shared compile cache, so the killed child spends its time measuring.
  {
    MeasurementBackendDouble warm;
    std::atomic<bool> none{false};
    auto c = config();
    c.db_path = dir_ / "warm.db";
    run_sweep(c, warm, {}, none);
  }
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    MeasurementBackendDouble slow;
    slow.delay = std::chrono::milliseconds(100);
    std::atomic<bool> none{false};
    run_sweep(config(), slow, {}, none);
    _exit(0);
  }
  // Kill it once a few attempts are committed.
  for (int i = 0; i < 600; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (fs::exists(config().db_path) && attempt_identities(config().db_path).size() >= 3) break;
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep finished before it could be killed";
  const auto before = attempt_identities(config().db_path);
  ASSERT_GE(before.size(), 3u);

  auto resumed = config();
  resumed.resume = true;
  MeasurementBackendDouble backend;
  std::atomic<bool> none{false};
  const auto summary = run_sweep(resumed, backend, {}, none);
  EXPECT_EQ(summary.resumed, static_cast<int64_t>(before.size()));
  const auto after = attempt_identities(config().db_path);
  std::set<std::string> unique(after.begin(), after.end());
  EXPECT_EQ(unique.size(), after.size()) << "an attempt was measured twice";
  EXPECT_EQ(after.size(), before.size() + static_cast<size_t>(summary.attempts));
}

}  // namespace
}  // namespace mhc
