#pragma once
// The on-disk compile cache: one directory per key under <cache_dir>/kernels-v1/, holding the
// CUBIN, PTX, lowered names, log and a manifest with the usage and each file's size and SHA-256.
// Entries are built in a staging directory and renamed into place, so readers never see half an
// entry; whatever else damages one (a truncated file, a bad manifest) is caught on load.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

#include "jit/compiler.hpp"

namespace mhc {

class KernelCache {
 public:
  explicit KernelCache(std::filesystem::path cache_dir);

  // The kernel stored under `key` with cache_hit set and the compile time of the original
  // compile, or nullopt when there is none. A damaged entry is removed and counts as none.
  std::optional<CompiledKernel> load(const std::string& key) const;

  // Publishes `kernel` under kernel.key. When another process publishes the same key first, its
  // entry is kept (both hold the same binary). Throws std::runtime_error when it cannot write.
  void store(const CompiledKernel& kernel, const std::string& label) const;

  std::filesystem::path entry_dir(const std::string& key) const;

  // Removes the staging directories a worker process left when it was killed mid-store.
  void remove_staging_of(pid_t pid) const;

 private:
  std::filesystem::path staging_root() const;
  void discard(const std::filesystem::path& entry) const;

  std::filesystem::path root_;
};

}  // namespace mhc
