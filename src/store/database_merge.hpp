#pragma once
// Merging one tuning database into another, e.g. results from several GPU nodes into one file.
#include <vector>

#include "store/tuning_database.hpp"

namespace mhc::store {

// Copies every row of `from` that `into` lacks, in one transaction. Devices, sources, variants,
// compilations and problems are matched by natural key, runs and attempts by uuid, and ids are
// translated, so merging the same file twice adds nothing. Returns the rows added per table.
std::vector<TableCount> merge_database(TuningDatabase& into, TuningDatabase& from);

}  // namespace mhc::store
