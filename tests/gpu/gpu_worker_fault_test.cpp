// A faulting kernel inside a worker process: the parent sees a fault with the CUDA error in the
// worker's stderr, and the next job runs in a fresh worker (skipped without a GPU).
#include <gtest/gtest.h>

#include <chrono>

#include "common/gpu_available.hpp"
#include "measure/isolated_worker.hpp"

namespace mhc {
namespace {

using namespace std::chrono_literals;
using GpuWorkerFault = testing::GpuTest;

TEST_F(GpuWorkerFault, IllegalAddressIsAFaultAndTheNextJobRuns) {
  IsolatedWorker worker({MHC_GPU_FAULT_WORKER});
  const WorkerReply first = worker.request("run", 60s);
  ASSERT_EQ(first.outcome, WorkerOutcome::ok) << first.failure << "\n" << first.stderr_tail;
  EXPECT_EQ(first.payload, "ok 1024");

  const WorkerReply fault = worker.request("fault", 60s);
  EXPECT_EQ(fault.outcome, WorkerOutcome::fault);
  EXPECT_NE(fault.failure.find("exited with status 1"), std::string::npos) << fault.failure;
  EXPECT_NE(fault.stderr_tail.find("cudaErrorIllegalAddress"), std::string::npos)
      << fault.stderr_tail;

  const WorkerReply after = worker.request("run", 60s);
  ASSERT_EQ(after.outcome, WorkerOutcome::ok) << after.failure << "\n" << after.stderr_tail;
  EXPECT_EQ(after.payload, "ok 1024");
  EXPECT_EQ(worker.workers_started(), 2);
}

}  // namespace
}  // namespace mhc
