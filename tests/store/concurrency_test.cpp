// Several processes on one file, and a process killed mid-sweep: the two ways a sweep's database
// is used for real. Writers are forked processes, not threads, because that is what shares a
// file across sweeps and what SIGKILL ends.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <thread>

#include "common/store_fixture.hpp"
#include "store/database_check.hpp"
#include "store/scratch_directory.hpp"
#include "store/tuning_database.hpp"

namespace mhc::store {
namespace {

using testing::ScratchDirectory;

constexpr int kAttemptsPerWriter = 400;

// A sweep in miniature: opens (maybe creating) the file, registers what it runs, and records
// `attempts` attempts, each in its own transaction, pausing `work` between them as a sweep does
// while it measures. Reports each committed uuid on `report_fd`. Returns the process exit code.
int write_attempts(const std::filesystem::path& path, const std::string& run_uuid, int attempts,
                   std::chrono::microseconds work, int report_fd = -1) {
  try {
    TuningDatabase db = TuningDatabase::open_for_write(path);
    const DeviceId device = db.upsert_device(testing::fixture_device());
    const RunId run = db.begin_run(testing::fixture_run(device, run_uuid));
    const ProblemId problem = db.upsert_problem(testing::fixture_problem(320));
    db.upsert_source({"fixture-hash", "post_mix.cu", "// TEST-FIXTURE\n"});
    const VariantId variant =
        db.upsert_variant({"post_mix", "threads=128", "fixture-hash", "sm_90a", ""});
    for (int i = 0; i < attempts; ++i) {
      std::this_thread::sleep_for(work);
      const auto a = testing::fixture_op_attempt(run, problem, "post_mix", variant, 10.0 + i);
      db.record_attempt(a);
      if (report_fd >= 0) {  // only after the commit returned: this attempt is durable
        const std::string line = a.uuid + "\n";
        if (write(report_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
          return 3;
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "writer %s: %s\n", run_uuid.c_str(), e.what());
    return 1;
  }
}

int exit_code_of(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(Concurrency, TwoWriterProcessesLoseNoAttempt) {
  ScratchDirectory dir;
  const auto path = dir.file("shared.db");  // created by whichever writer gets there first
  int start[2];  // both writers wait on this pipe, so they start together
  ASSERT_EQ(pipe(start), 0);
  std::vector<pid_t> writers;
  for (const std::string run : {"run-test-fixture-writer-a", "run-test-fixture-writer-b"}) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(start[1]);
      char go;
      if (read(start[0], &go, 1) != 0) _exit(4);  // returns 0 once the parent closes its end
      _exit(write_attempts(path, run, kAttemptsPerWriter, std::chrono::microseconds(500)));
    }
    writers.push_back(pid);
  }
  close(start[0]);
  close(start[1]);
  for (const pid_t pid : writers) EXPECT_EQ(exit_code_of(pid), 0);

  TuningDatabase db = TuningDatabase::open_for_read(path);
  EXPECT_EQ(db.attempts().size(), 2u * kAttemptsPerWriter);
  EXPECT_EQ(db.runs().size(), 2u);
  EXPECT_EQ(db.devices().size(), 1u);  // both upserted the same device: one row
  EXPECT_EQ(db.variants().size(), 1u);
  for (const auto& [run, count] : db.attempts_per_run()) EXPECT_EQ(count, kAttemptsPerWriter);
  // The writers really overlapped: their attempts interleave in commit order.
  int switches = 0;
  RunId previous = 0;
  for (const auto& [id, a] : db.attempts()) {
    switches += previous != 0 && a.run_id != previous;
    previous = a.run_id;
  }
  EXPECT_GT(switches, 10) << "the writers ran one after the other, not together";
  EXPECT_TRUE(check_database(path.string()).ok());
}

TEST(Concurrency, KilledWriterLeavesEveryCommittedAttempt) {
  ScratchDirectory dir;
  const auto path = dir.file("killed.db");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    _exit(write_attempts(path, "run-test-fixture-killed", 1'000'000, {}, fds[1]));
  }
  close(fds[1]);

  // Let it commit a few hundred attempts, then kill it wherever it is.
  std::set<std::string> committed;
  std::string pending;
  char buffer[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (committed.size() < 300 && std::chrono::steady_clock::now() < deadline) {
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    pending.append(buffer, n);
    for (size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1))
      committed.insert(pending.substr(0, end));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "writer ended on its own";
  // Lines written between our last read and the kill are committed too.
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) pending.append(buffer, n);
  for (size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1))
    committed.insert(pending.substr(0, end));
  close(fds[0]);
  ASSERT_GE(committed.size(), 300u);

  const CheckReport report = check_database(path.string());
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0]);
  TuningDatabase db = TuningDatabase::open_for_read(path);
  std::set<std::string> stored;
  for (const auto& [id, a] : db.attempts()) stored.insert(a.uuid);
  for (const auto& uuid : committed) EXPECT_TRUE(stored.count(uuid)) << uuid;
  // At most the one attempt in flight when the kill came was committed without being reported.
  EXPECT_LE(stored.size(), committed.size() + 1);
  EXPECT_EQ(db.runs()[0].record.status, RunStatus::running);  // never finished: resumable
}

}  // namespace
}  // namespace mhc::store
