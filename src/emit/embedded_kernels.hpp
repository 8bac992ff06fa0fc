#pragma once
// The binaries the package embeds: each request is taken from the compile cache under the key the
// database recorded (the binary that was measured), else compiled again from the same request.
#include <string>
#include <vector>

#include "emit/emit_model.hpp"
#include "jit/compiler_settings.hpp"

namespace mhc::emit {

struct EmbeddedKernel {
  std::string source;
  std::string name_expression;
  std::string lowered_name;
  std::vector<char> cubin;
  std::string ptx;
  bool from_database_key = false;  // true when the measured binary itself was found
};

std::vector<EmbeddedKernel> collect_kernels(const std::vector<KernelRequest>& requests,
                                            const CompilerSettings& settings);

}  // namespace mhc::emit
