#pragma once
// Progress of long work on stderr: a bar redrawn in place on a terminal, a plain line every few
// seconds otherwise (logs and CI stay readable).
#include <chrono>
#include <cstdint>
#include <string>

namespace mhc::cli {

class ProgressBar {
 public:
  ProgressBar(std::string title, int64_t total);
  ~ProgressBar();  // ends the bar's line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `done` items finished, `failures` of them failed, `current` says what runs now.
  void update(int64_t done, int64_t failures, const std::string& current);
  void finish();

 private:
  void draw(bool final_line);
  std::string title_;
  int64_t total_;
  int64_t done_ = 0;
  int64_t failures_ = 0;
  std::string current_;
  bool terminal_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

std::string format_duration(double seconds);  // "1m 05s", "12s"

}  // namespace mhc::cli
