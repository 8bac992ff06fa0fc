#pragma once
// The content key of a compile: same key, same binary. It hashes what decides the binary (source
// and quoted-include contents, name expressions, options, arch, NVRTC version) and nothing that
// only says where things are, so a moved checkout still hits its cache.
#include <string>
#include <string_view>

#include "jit/compiler.hpp"
#include "jit/kernel_source.hpp"

namespace mhc {

// Hex SHA-256. Throws std::runtime_error for an unknown arch (see nvrtc_options).
std::string compute_cache_key(const KernelSource& source, const CompileRequest& request,
                              std::string_view nvrtc_version);

struct KeyedSource {
  KernelSource source;
  std::string key;
};

// Loads the request's sources from settings.kernels_dir and keys them with this NVRTC's version.
// Errors name the request label.
KeyedSource load_keyed_source(const CompileRequest& request, const CompilerSettings& settings);

}  // namespace mhc
