#pragma once
// Renders the dispatch table and the embedded kernels as C++ source from
// templates/emit/dispatch_table.cpp.in.
#include <string>
#include <vector>

#include "emit/embedded_kernels.hpp"
#include "runtime/dispatch_table.hpp"

namespace mhc::emit {

struct TableSourceInfo {
  std::string version;   // of mhc-tune, the library's version
  std::string database;  // file name, for the banner
};

std::string render_table_source(const std::string& template_text,
                                const runtime::DispatchTable& table,
                                const std::vector<EmbeddedKernel>& kernels,
                                const TableSourceInfo& info);

// Replaces every @NAME@ of `values` in `text`.
std::string fill_template(std::string text,
                          const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace mhc::emit
