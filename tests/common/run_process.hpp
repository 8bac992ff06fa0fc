#pragma once
// Test helper: runs a command through the shell and captures its output and exit code, so CLI
// tests check what a user would see.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace mhc::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together, in order
};

inline ProcessResult run_process(const std::string& command) {
  ProcessResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace mhc::testing
