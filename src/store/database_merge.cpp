#include "store/database_merge.hpp"

#include <fmt/format.h>

#include <map>
#include <stdexcept>

namespace mhc::store {

namespace {

// Ids are per file: a row with id 3 in `from` may be id 17 in `into`.
class IdMap {
 public:
  explicit IdMap(std::string_view table) : table_(table) {}
  void add(int64_t from, int64_t into) { ids_[from] = into; }
  int64_t operator()(int64_t from) const {
    const auto found = ids_.find(from);
    if (found == ids_.end())
      throw std::runtime_error(fmt::format(
          "merge source refers to {} id {}, which it does not hold (run `mhc-tune db check`)",
          table_, from));
    return found->second;
  }

 private:
  std::string_view table_;
  std::map<int64_t, int64_t> ids_;
};

}  // namespace

std::vector<TableCount> merge_database(TuningDatabase& into, TuningDatabase& from) {
  WriteTransaction transaction(into.connection());
  std::vector<TableCount> added = into.table_counts();

  for (const auto& source : from.sources()) into.upsert_source(source);
  IdMap devices("device"), variants("variant"), problems("problem"), runs("run");
  for (const auto& [id, device] : from.devices()) devices.add(id, into.upsert_device(device));
  for (const auto& [id, variant] : from.variants()) variants.add(id, into.upsert_variant(variant));
  for (auto [id, compilation] : from.compilations()) {
    compilation.variant_id = variants(compilation.variant_id);
    into.upsert_compilation(compilation);
  }
  for (const auto& [id, problem] : from.problems()) problems.add(id, into.upsert_problem(problem));
  for (auto [id, run] : from.runs()) {
    run.device_id = devices(run.device_id);
    runs.add(id, into.upsert_run(run));
  }
  for (auto [id, attempt] : from.attempts()) {
    attempt.run_id = runs(attempt.run_id);
    attempt.problem_id = problems(attempt.problem_id);
    if (attempt.variant_id) attempt.variant_id = variants(*attempt.variant_id);
    for (auto& member : attempt.members) member.variant_id = variants(member.variant_id);
    into.record_attempt_if_new(attempt);
  }

  const std::vector<TableCount> after = into.table_counts();
  transaction.commit();
  for (size_t i = 0; i < added.size() && i < after.size(); ++i)
    added[i].rows = after[i].rows - added[i].rows;
  return added;
}

}  // namespace mhc::store
