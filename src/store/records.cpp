#include "store/records.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "core/enum_names.hpp"
#include "core/errors.hpp"

namespace mhc::store {

namespace {

// The same strings appear in the CHECK constraints of db/migrations/001_initial.sql.
constexpr EnumNames<RunStatus, 4> kRunStatus{{{RunStatus::running, "running"},
                                              {RunStatus::finished, "finished"},
                                              {RunStatus::interrupted, "interrupted"},
                                              {RunStatus::failed, "failed"}}};
constexpr EnumNames<Timer, 2> kTimer{{{Timer::cupti, "cupti"}, {Timer::events, "events"}}};
constexpr EnumNames<CacheMode, 2> kCacheMode{{{CacheMode::cold, "cold"}, {CacheMode::hot, "hot"}}};
constexpr EnumNames<SubjectKind, 2> kSubjectKind{
    {{SubjectKind::op, "op"}, {SubjectKind::pipeline, "pipeline"}}};
constexpr EnumNames<AttemptRole, 4> kAttemptRole{{{AttemptRole::candidate, "candidate"},
                                                  {AttemptRole::default_variant, "default"},
                                                  {AttemptRole::baseline, "baseline"},
                                                  {AttemptRole::tuned, "tuned"}}};
constexpr EnumNames<AttemptOutcome, 6> kAttemptOutcome{
    {{AttemptOutcome::ok, "ok"},
     {AttemptOutcome::compile_error, "compile_error"},
     {AttemptOutcome::wrong, "wrong"},
     {AttemptOutcome::fault, "fault"},
     {AttemptOutcome::timeout, "timeout"},
     {AttemptOutcome::skipped, "skipped"}}};
constexpr EnumNames<CompileOutcome, 3> kCompileOutcome{
    {{CompileOutcome::ok, "ok"},
     {CompileOutcome::compile_error, "compile_error"},
     {CompileOutcome::timeout, "timeout"}}};

}  // namespace

std::string_view to_string(RunStatus value) {
  return enum_name(kRunStatus, value);
}
std::string_view to_string(Timer value) {
  return enum_name(kTimer, value);
}
std::string_view to_string(CacheMode value) {
  return enum_name(kCacheMode, value);
}
std::string_view to_string(SubjectKind value) {
  return enum_name(kSubjectKind, value);
}
std::string_view to_string(AttemptRole value) {
  return enum_name(kAttemptRole, value);
}
std::string_view to_string(AttemptOutcome value) {
  return enum_name(kAttemptOutcome, value);
}
std::string_view to_string(CompileOutcome value) {
  return enum_name(kCompileOutcome, value);
}

RunStatus parse_run_status(std::string_view text) {
  return parse_enum(kRunStatus, text, "run status");
}
Timer parse_timer(std::string_view text) {
  return parse_enum(kTimer, text, "timer");
}
CacheMode parse_cache_mode(std::string_view text) {
  return parse_enum(kCacheMode, text, "cache mode");
}
SubjectKind parse_subject_kind(std::string_view text) {
  return parse_enum(kSubjectKind, text, "subject kind");
}
AttemptRole parse_attempt_role(std::string_view text) {
  return parse_enum(kAttemptRole, text, "attempt role");
}
AttemptOutcome parse_attempt_outcome(std::string_view text) {
  return parse_enum(kAttemptOutcome, text, "attempt outcome");
}
CompileOutcome parse_compile_outcome(std::string_view text) {
  return parse_enum(kCompileOutcome, text, "compile outcome");
}

}  // namespace mhc::store
