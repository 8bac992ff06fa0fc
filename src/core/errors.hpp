#pragma once
// The three kinds of failure the command line tells apart by exit code.
#include <stdexcept>
#include <string>

namespace mhc {

// Bad input from the user: a value that is not allowed. Exit code 2. The message names the value
// and what is allowed.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// No CUDA driver or no GPU where one is needed. Exit code 3. The message is one line naming why.
class NoDeviceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Exit codes of `mhc-tune`, in one place.
enum ExitCode : int { kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitNoDevice = 3 };

}  // namespace mhc
