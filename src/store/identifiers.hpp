#pragma once
// Fresh identifiers for rows that are keyed by identity rather than content (runs, attempts), and
// the timestamp format every row uses.
#include <string>

namespace mhc::store {

// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string new_uuid();

// Now, as ISO-8601 UTC with milliseconds: "2025-01-31T12:34:56.789Z". Sorts as text.
std::string utc_timestamp();

}  // namespace mhc::store
