#pragma once
// Renders the dispatch table as C++ source from templates/emit/dispatch_table.cpp.in, and the
// assembly that embeds the kernel binaries (written as files generated/kernels/kernel_<i>.cubin and
// .ptx) under hidden symbols the table points to.
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

// The assembly source; CMake replaces @MHC_TUNED_KERNEL_DIR@ with the folder of the blobs.
std::string render_kernel_assembly(const std::vector<EmbeddedKernel>& kernels);
// "kernel_<index>.cubin" or "kernel_<index>.ptx"
std::string kernel_blob_name(size_t index, bool ptx);

// Replaces every @NAME@ of `values` in `text`.
std::string fill_template(std::string text,
                          const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace mhc::emit
