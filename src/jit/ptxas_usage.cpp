#include "jit/ptxas_usage.hpp"

#include <charconv>
#include <cstdint>
#include <optional>

namespace mhc {

namespace {

constexpr std::string_view kEntryMarker = "Compiling entry function '";

// The number written just before `suffix` in `text` (as in "50 registers"), if any.
std::optional<int64_t> number_before(std::string_view text, std::string_view suffix) {
  const size_t at = text.find(suffix);
  if (at == std::string_view::npos) return std::nullopt;
  size_t begin = at;
  while (begin > 0 && text[begin - 1] >= '0' && text[begin - 1] <= '9') --begin;
  if (begin == at) return std::nullopt;
  int64_t value = 0;
  std::from_chars(text.data() + begin, text.data() + at, value);
  return value;
}

// The log lines ptxas wrote for one entry function: from its "Compiling entry function" line up
// to the next one.
std::optional<std::string_view> entry_section(std::string_view log, std::string_view name) {
  size_t search = 0;
  while (true) {
    const size_t marker = log.find(kEntryMarker, search);
    if (marker == std::string_view::npos) return std::nullopt;
    const size_t name_begin = marker + kEntryMarker.size();
    const size_t name_end = log.find('\'', name_begin);
    if (name_end == std::string_view::npos) return std::nullopt;
    search = name_end;
    if (!name.empty() && log.substr(name_begin, name_end - name_begin) != name) continue;
    const size_t next = log.find(kEntryMarker, name_end);
    return log.substr(name_end, next == std::string_view::npos ? next : next - name_end);
  }
}

}  // namespace

ResourceUsage parse_ptxas_usage(std::string_view log, std::string_view lowered_name) {
  ResourceUsage usage;
  const std::optional<std::string_view> section = entry_section(log, lowered_name);
  if (!section) return usage;
  // "Used 50 registers, used 1 barriers, 8192 bytes smem, 360 bytes cmem[0]"
  if (auto registers = number_before(*section, " registers")) {
    usage.registers = static_cast<int>(*registers);
    usage.shared_bytes = number_before(*section, " bytes smem").value_or(0);
  }
  // "0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads"
  usage.stack_bytes = number_before(*section, " bytes stack frame").value_or(-1);
  usage.spill_stores = number_before(*section, " bytes spill stores").value_or(-1);
  usage.spill_loads = number_before(*section, " bytes spill loads").value_or(-1);
  return usage;
}

}  // namespace mhc
