#include "report/attempt_selection.hpp"

#include <algorithm>
#include <tuple>

namespace mhc::report {

namespace {

using store::AttemptRecord;
using store::Stored;

struct MeasuredThing {
  store::DeviceId device = 0;
  store::CacheMode cache_mode = store::CacheMode::cold;
  store::ProblemId problem = 0;
  store::SubjectKind kind = store::SubjectKind::op;
  std::string subject;
  std::vector<std::pair<std::string, std::string>> params;  // (op, params) in launch order
  auto tie() const { return std::tie(device, cache_mode, problem, kind, subject, params); }
  bool operator<(const MeasuredThing& other) const { return tie() < other.tie(); }
};

std::string params_of(const std::map<store::VariantId, std::string>& variant_params,
                      store::VariantId id) {
  const auto found = variant_params.find(id);
  return found == variant_params.end() ? "" : found->second;
}

MeasuredThing thing_of(const AttemptRecord& a, store::DeviceId device,
                       const std::map<store::VariantId, std::string>& variant_params) {
  MeasuredThing t{device, a.cache_mode, a.problem_id, a.kind, a.subject_name, {}};
  if (a.variant_id) t.params.emplace_back(a.subject_name, params_of(variant_params, *a.variant_id));
  for (const auto& m : a.members)
    t.params.emplace_back(m.op, params_of(variant_params, m.variant_id));
  return t;
}

bool is_later(const Stored<AttemptRecord>& a, const Stored<AttemptRecord>& b) {
  return std::tie(a.record.created_at, a.id) > std::tie(b.record.created_at, b.id);
}

}  // namespace

std::vector<const Stored<AttemptRecord>*> latest_attempts(
    const std::vector<Stored<AttemptRecord>>& attempts,
    const std::map<store::RunId, store::DeviceId>& run_device,
    const std::map<store::VariantId, std::string>& variant_params) {
  std::map<MeasuredThing, const Stored<AttemptRecord>*> latest;
  for (const auto& a : attempts) {
    const auto device = run_device.find(a.record.run_id);
    if (device == run_device.end()) continue;  // a run of a device the report does not cover
    auto& kept = latest[thing_of(a.record, device->second, variant_params)];
    if (kept == nullptr || is_later(a, *kept)) kept = &a;
  }
  std::vector<const Stored<AttemptRecord>*> kept;
  for (const auto& [thing, attempt] : latest) kept.push_back(attempt);
  std::sort(kept.begin(), kept.end(), [](auto* a, auto* b) { return a->id < b->id; });
  return kept;
}

}  // namespace mhc::report
