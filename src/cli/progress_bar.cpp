#include "cli/progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace mhc::cli {

std::string format_duration(double seconds) {
  const auto total = static_cast<int64_t>(seconds + 0.5);
  if (total >= 3600) return fmt::format("{}h {:02}m", total / 3600, (total % 3600) / 60);
  if (total >= 60) return fmt::format("{}m {:02}s", total / 60, total % 60);
  return fmt::format("{}s", total);
}

ProgressBar::ProgressBar(std::string title, int64_t total)
    : title_(std::move(title)),
      total_(total),
      terminal_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() {
  finish();
}

void ProgressBar::update(int64_t done, int64_t failures, const std::string& current) {
  done_ = done;
  failures_ = failures;
  current_ = current;
  const auto now = std::chrono::steady_clock::now();
  // A terminal is redrawn ~10 times a second; a log gets a line every 5 s.
  const auto interval = terminal_ ? std::chrono::milliseconds(100) : std::chrono::seconds(5);
  if (now - last_draw_ >= interval || done_ == total_) {
    last_draw_ = now;
    draw(false);
  }
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  draw(true);
}

void ProgressBar::draw(bool final_line) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total_ > 0 ? static_cast<double>(done_) / total_ : 1.0;
  const std::string remaining =
      done_ > 0 && done_ < total_ ? format_duration(elapsed / done_ * (total_ - done_)) : "-";
  const std::string counts = fmt::format("{}/{} ({} failed) {} elapsed, {} left", done_, total_,
                                         failures_, format_duration(elapsed), remaining);
  if (terminal_) {
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string current = current_.size() > 48 ? current_.substr(0, 45) + "..." : current_;
    fmt::print(stderr, "\r\033[K{} [{}{}] {} {}", title_, std::string(filled, '#'),
               std::string(kWidth - filled, '.'), counts, final_line ? "" : current);
    if (final_line) fmt::print(stderr, "\n");
  } else {
    fmt::print(stderr, "{}: {}{}\n", title_, counts, final_line ? "" : "  " + current_);
  }
  std::fflush(stderr);
}

}  // namespace mhc::cli
