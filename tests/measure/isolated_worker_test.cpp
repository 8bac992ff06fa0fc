#include "measure/isolated_worker.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace mhc {
namespace {

using namespace std::chrono_literals;

TEST(IsolatedWorker, RoundTripKeepsOneWorker) {
  IsolatedWorker worker({MHC_FAKE_WORKER});
  EXPECT_FALSE(worker.running());
  const WorkerReply first = worker.request("echo hello worker", 10s);
  ASSERT_EQ(first.outcome, WorkerOutcome::ok) << first.failure << first.stderr_tail;
  EXPECT_EQ(first.payload, "hello worker");
  const pid_t pid = worker.pid();
  const WorkerReply second = worker.request("echo ", 10s);
  ASSERT_EQ(second.outcome, WorkerOutcome::ok);
  EXPECT_EQ(second.payload, "");
  EXPECT_EQ(worker.pid(), pid);
  EXPECT_EQ(worker.workers_started(), 1);
}

TEST(IsolatedWorker, SegfaultIsAFaultAndTheNextRequestGetsAFreshWorker) {
  IsolatedWorker worker({MHC_FAKE_WORKER});
  const WorkerReply before = worker.request("pid", 10s);
  ASSERT_EQ(before.outcome, WorkerOutcome::ok);
  const WorkerReply crash = worker.request("segv", 10s);
  EXPECT_EQ(crash.outcome, WorkerOutcome::fault);
  EXPECT_NE(crash.failure.find("signal 11"), std::string::npos) << crash.failure;
  EXPECT_NE(crash.stderr_tail.find("about to dereference null"), std::string::npos)
      << crash.stderr_tail;
  EXPECT_FALSE(worker.running());
  const WorkerReply after = worker.request("pid", 10s);
  ASSERT_EQ(after.outcome, WorkerOutcome::ok) << after.failure;
  EXPECT_NE(after.payload, before.payload);
  EXPECT_EQ(worker.workers_started(), 2);
}

TEST(IsolatedWorker, AbortIsAFault) {
  IsolatedWorker worker({MHC_FAKE_WORKER});
  const WorkerReply crash = worker.request("abort", 10s);
  EXPECT_EQ(crash.outcome, WorkerOutcome::fault);
  EXPECT_NE(crash.failure.find("signal 6"), std::string::npos) << crash.failure;
  EXPECT_NE(crash.stderr_tail.find("aborting"), std::string::npos);
  EXPECT_EQ(worker.request("echo again", 10s).payload, "again");
}

TEST(IsolatedWorker, ExitWithoutReplyReportsTheStatus) {
  IsolatedWorker worker({MHC_FAKE_WORKER});
  const WorkerReply gone = worker.request("exit 7", 10s);
  EXPECT_EQ(gone.outcome, WorkerOutcome::fault);
  EXPECT_NE(gone.failure.find("exited with status 7"), std::string::npos) << gone.failure;
}

TEST(IsolatedWorker, HandlerExceptionEndsTheWorkerWithItsMessage) {
  IsolatedWorker worker({MHC_FAKE_WORKER});
  const WorkerReply thrown = worker.request("throw cudaErrorIllegalAddress in variant 3", 10s);
  EXPECT_EQ(thrown.outcome, WorkerOutcome::fault);
  EXPECT_NE(thrown.failure.find("exited with status 1"), std::string::npos) << thrown.failure;
  EXPECT_NE(thrown.stderr_tail.find("cudaErrorIllegalAddress in variant 3"), std::string::npos);
}

TEST(IsolatedWorker, HangIsKilledAtTheDeadlineAndReplaced) {
  IsolatedWorker worker({MHC_FAKE_WORKER});
  ASSERT_EQ(worker.request("say started", 10s).outcome, WorkerOutcome::ok);
  const pid_t hung_pid = worker.pid();
  const WorkerReply hung = worker.request("hang", 300ms);
  EXPECT_EQ(hung.outcome, WorkerOutcome::timeout);
  EXPECT_NE(hung.failure.find("300 ms"), std::string::npos) << hung.failure;
  EXPECT_NE(hung.stderr_tail.find("started"), std::string::npos);
  EXPECT_FALSE(worker.running());
  // The hung process is gone: signal 0 probes for existence.
  EXPECT_NE(::kill(hung_pid, 0), 0);
  const WorkerReply next = worker.request("echo alive", 10s);
  ASSERT_EQ(next.outcome, WorkerOutcome::ok) << next.failure;
  EXPECT_EQ(next.payload, "alive");
}

TEST(IsolatedWorker, LargeMessagesBothWays) {
  IsolatedWorker worker({MHC_FAKE_WORKER});
  std::string text(5 << 20, 'x');
  for (size_t i = 0; i < text.size(); i += 4097) text[i] = static_cast<char>('a' + i % 26);
  const WorkerReply echoed = worker.request("echo " + text, 30s);
  ASSERT_EQ(echoed.outcome, WorkerOutcome::ok) << echoed.failure;
  EXPECT_EQ(echoed.payload, text);
  const WorkerReply big = worker.request("big 12000000", 30s);
  ASSERT_EQ(big.outcome, WorkerOutcome::ok);
  EXPECT_EQ(big.payload.size(), 12000000u);
}

TEST(IsolatedWorker, StderrTailKeepsTheEnd) {
  IsolatedWorker worker({MHC_FAKE_WORKER}, WorkerOptions{.stderr_tail_bytes = 64});
  ASSERT_EQ(worker.request("say " + std::string(500, 'e'), 10s).outcome, WorkerOutcome::ok);
  const WorkerReply crash = worker.request("abort", 10s);
  ASSERT_EQ(crash.outcome, WorkerOutcome::fault);
  EXPECT_EQ(crash.stderr_tail.size(), 64u);
  EXPECT_TRUE(crash.stderr_tail.ends_with("eee\nfake worker: aborting\n")) << crash.stderr_tail;
}

TEST(IsolatedWorker, MissingExecutableThrowsWithItsPath) {
  IsolatedWorker worker({"/nonexistent/mhc-worker"});
  try {
    worker.request("echo x", 1s);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/mhc-worker"), std::string::npos);
  }
}

}  // namespace
}  // namespace mhc
