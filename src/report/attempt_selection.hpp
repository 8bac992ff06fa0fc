#pragma once
// Which stored attempts the report uses: the latest measurement of each thing measured. Two
// attempts measure the same thing when they share device, L2 mode, problem, op or pipeline name,
// and the parameters of every op (variant ids are not compared: a rebuilt kernel source makes new
// variants, and its newer measurement should supersede the older one).
#include <map>
#include <vector>

#include "store/records.hpp"

namespace mhc::report {

// `attempts` as read from the database; `run_device` maps each run to its device and
// `variant_params` each variant to its parameters. Returns the kept attempts in id order. An
// attempt is later than another when its created_at is, or at equal times when its id is larger.
std::vector<const store::Stored<store::AttemptRecord>*> latest_attempts(
    const std::vector<store::Stored<store::AttemptRecord>>& attempts,
    const std::map<store::RunId, store::DeviceId>& run_device,
    const std::map<store::VariantId, std::string>& variant_params);

}  // namespace mhc::report
