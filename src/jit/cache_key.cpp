#include "jit/cache_key.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "jit/nvrtc_compile.hpp"
#include "jit/sha256.hpp"

namespace mhc {

namespace {

// Bumped whenever what a key covers, or how an entry is made from it, changes.
constexpr std::string_view kKeyScheme = "mhc-tune jit key 1";

// Length-prefixed fields, so no two different field lists hash the same byte stream.
void add_field(Sha256& hash, std::string_view tag, std::string_view value) {
  hash.update(tag);
  hash.update(" ");
  hash.update(std::to_string(value.size()));
  hash.update("\n");
  hash.update(value);
  hash.update("\n");
}

}  // namespace

std::string compute_cache_key(const KernelSource& source, const CompileRequest& request,
                              std::string_view nvrtc_version) {
  Sha256 hash;
  add_field(hash, "scheme", kKeyScheme);
  add_field(hash, "nvrtc", nvrtc_version);
  add_field(hash, "arch", request.arch);
  for (const std::string& option : nvrtc_options(request)) add_field(hash, "option", option);
  for (const std::string& name : request.name_expressions) add_field(hash, "name", name);
  for (const SourceFile& file : source.files) {
    add_field(hash, "file", file.relative_path);
    add_field(hash, "text", file.text);
  }
  for (const std::string& name : source.external_includes) add_field(hash, "external", name);
  return hash.hex_digest();
}

KeyedSource load_keyed_source(const CompileRequest& request, const CompilerSettings& settings) {
  try {
    KeyedSource keyed{load_kernel_source(settings.kernels_dir, request.source_path), ""};
    keyed.key = compute_cache_key(keyed.source, request, nvrtc_version());
    return keyed;
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(fmt::format("{}: {}", request.label, error.what()));
  }
}

}  // namespace mhc
