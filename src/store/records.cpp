#include "store/records.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "core/errors.hpp"

namespace mhc::store {

namespace {

template <typename Enum, size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

// The same strings appear in the CHECK constraints of db/migrations/001_initial.sql.
constexpr Names<RunStatus, 4> kRunStatus{{{RunStatus::running, "running"},
                                          {RunStatus::finished, "finished"},
                                          {RunStatus::interrupted, "interrupted"},
                                          {RunStatus::failed, "failed"}}};
constexpr Names<Timer, 2> kTimer{{{Timer::cupti, "cupti"}, {Timer::events, "events"}}};
constexpr Names<CacheMode, 2> kCacheMode{{{CacheMode::cold, "cold"}, {CacheMode::hot, "hot"}}};
constexpr Names<SubjectKind, 2> kSubjectKind{
    {{SubjectKind::op, "op"}, {SubjectKind::pipeline, "pipeline"}}};
constexpr Names<AttemptRole, 4> kAttemptRole{{{AttemptRole::candidate, "candidate"},
                                              {AttemptRole::default_variant, "default"},
                                              {AttemptRole::baseline, "baseline"},
                                              {AttemptRole::tuned, "tuned"}}};
constexpr Names<AttemptOutcome, 6> kAttemptOutcome{
    {{AttemptOutcome::ok, "ok"},
     {AttemptOutcome::compile_error, "compile_error"},
     {AttemptOutcome::wrong, "wrong"},
     {AttemptOutcome::fault, "fault"},
     {AttemptOutcome::timeout, "timeout"},
     {AttemptOutcome::skipped, "skipped"}}};
constexpr Names<CompileOutcome, 3> kCompileOutcome{
    {{CompileOutcome::ok, "ok"},
     {CompileOutcome::compile_error, "compile_error"},
     {CompileOutcome::timeout, "timeout"}}};

template <typename Enum, size_t N>
std::string_view name_of(const Names<Enum, N>& names, Enum value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return "?";
}

template <typename Enum, size_t N>
Enum parse_name(const Names<Enum, N>& names, std::string_view text, std::string_view what) {
  std::string allowed;
  for (const auto& [e, name] : names) {
    if (name == text) return e;
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
  }
  throw UsageError(fmt::format("unknown {} '{}' (allowed: {})", what, text, allowed));
}

}  // namespace

std::string_view to_string(RunStatus value) {
  return name_of(kRunStatus, value);
}
std::string_view to_string(Timer value) {
  return name_of(kTimer, value);
}
std::string_view to_string(CacheMode value) {
  return name_of(kCacheMode, value);
}
std::string_view to_string(SubjectKind value) {
  return name_of(kSubjectKind, value);
}
std::string_view to_string(AttemptRole value) {
  return name_of(kAttemptRole, value);
}
std::string_view to_string(AttemptOutcome value) {
  return name_of(kAttemptOutcome, value);
}
std::string_view to_string(CompileOutcome value) {
  return name_of(kCompileOutcome, value);
}

RunStatus parse_run_status(std::string_view text) {
  return parse_name(kRunStatus, text, "run status");
}
Timer parse_timer(std::string_view text) {
  return parse_name(kTimer, text, "timer");
}
CacheMode parse_cache_mode(std::string_view text) {
  return parse_name(kCacheMode, text, "cache mode");
}
SubjectKind parse_subject_kind(std::string_view text) {
  return parse_name(kSubjectKind, text, "subject kind");
}
AttemptRole parse_attempt_role(std::string_view text) {
  return parse_name(kAttemptRole, text, "attempt role");
}
AttemptOutcome parse_attempt_outcome(std::string_view text) {
  return parse_name(kAttemptOutcome, text, "attempt outcome");
}
CompileOutcome parse_compile_outcome(std::string_view text) {
  return parse_name(kCompileOutcome, text, "compile outcome");
}

}  // namespace mhc::store
