#include "jit/kernel_cache.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "jit/sha256.hpp"

namespace mhc {

namespace fs = std::filesystem;

namespace {

constexpr int kFormat = 1;
constexpr const char* kManifest = "manifest.txt";
constexpr const char* kCubinFile = "kernel.cubin";
constexpr const char* kPtxFile = "kernel.ptx";
constexpr const char* kNamesFile = "lowered_names.txt";
constexpr const char* kLogFile = "compile.log";
constexpr const char* kPayloadFiles[] = {kCubinFile, kPtxFile, kNamesFile, kLogFile};

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + '\n';
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// "name value" lines; the value is the rest of the line.
using Manifest = std::map<std::string, std::string>;

Manifest parse_manifest(const std::string& text) {
  Manifest manifest;
  for (const std::string& line : split_lines(text)) {
    const size_t space = line.find(' ');
    if (space != std::string::npos) manifest[line.substr(0, space)] = line.substr(space + 1);
  }
  return manifest;
}

template <typename Number>
std::optional<Number> manifest_number(const Manifest& manifest, const std::string& name) {
  const auto it = manifest.find(name);
  if (it == manifest.end()) return std::nullopt;
  Number value{};
  const char* end = it->second.data() + it->second.size();
  const auto [stop, error] = std::from_chars(it->second.data(), end, value);
  if (error != std::errc() || stop != end) return std::nullopt;
  return value;
}

// The payload as it sits on disk, checked against the manifest's size and SHA-256 for each file.
// Returns what is wrong, or nothing.
std::optional<std::string> check_payload(const fs::path& entry, const Manifest& manifest,
                                         std::map<std::string, std::string>& payload) {
  for (const char* name : kPayloadFiles) {
    std::optional<std::string> bytes = read_file(entry / name);
    if (!bytes) return fmt::format("{} is missing", name);
    const auto size = manifest_number<size_t>(manifest, fmt::format("{}.bytes", name));
    const auto digest = manifest.find(fmt::format("{}.sha256", name));
    if (!size || digest == manifest.end()) return fmt::format("manifest lacks {}", name);
    if (*size != bytes->size())
      return fmt::format("{} has {} bytes, manifest says {}", name, bytes->size(), *size);
    if (sha256_hex(*bytes) != digest->second) return fmt::format("{} checksum differs", name);
    payload[name] = std::move(*bytes);
  }
  return std::nullopt;
}

// A damaged entry is simply recompiled; the reason is of no use to the caller.
std::optional<CompiledKernel> decode_entry(const fs::path& entry, const std::string& key) {
  const std::optional<std::string> manifest_text = read_file(entry / kManifest);
  if (!manifest_text) return std::nullopt;
  const Manifest manifest = parse_manifest(*manifest_text);
  if (manifest_number<int>(manifest, "format") != kFormat) return std::nullopt;
  if (manifest.count("key") == 0 || manifest.at("key") != key) return std::nullopt;
  std::map<std::string, std::string> payload;
  if (check_payload(entry, manifest, payload)) return std::nullopt;

  CompiledKernel kernel;
  kernel.key = key;
  kernel.cubin.assign(payload[kCubinFile].begin(), payload[kCubinFile].end());
  kernel.ptx = std::move(payload[kPtxFile]);
  kernel.lowered_names = split_lines(payload[kNamesFile]);
  kernel.log = std::move(payload[kLogFile]);
  const auto names = manifest_number<size_t>(manifest, "names");
  const auto registers = manifest_number<int>(manifest, "registers");
  const auto spill_stores = manifest_number<int64_t>(manifest, "spill_stores");
  const auto spill_loads = manifest_number<int64_t>(manifest, "spill_loads");
  const auto stack_bytes = manifest_number<int64_t>(manifest, "stack_bytes");
  const auto shared_bytes = manifest_number<int64_t>(manifest, "shared_bytes");
  const auto compile_ms = manifest_number<double>(manifest, "compile_ms");
  if (!names || *names != kernel.lowered_names.size() || !registers || !spill_stores ||
      !spill_loads || !stack_bytes || !shared_bytes || !compile_ms)
    return std::nullopt;
  kernel.usage = {*registers, *spill_stores, *spill_loads, *stack_bytes, *shared_bytes};
  kernel.compile_ms = *compile_ms;
  kernel.cache_hit = true;
  return kernel;
}

std::string encode_manifest(const CompiledKernel& kernel, const std::string& label,
                            const std::map<std::string, std::string_view>& payload) {
  std::string text = fmt::format("format {}\nkey {}\n", kFormat, kernel.key);
  std::string one_line_label = label;
  for (char& c : one_line_label)
    if (c == '\n' || c == '\r') c = ' ';
  text += fmt::format("label {}\n", one_line_label);  // who compiled it first, for people only
  text += fmt::format("names {}\n", kernel.lowered_names.size());
  text += fmt::format("registers {}\nspill_stores {}\nspill_loads {}\n", kernel.usage.registers,
                      kernel.usage.spill_stores, kernel.usage.spill_loads);
  text += fmt::format("stack_bytes {}\nshared_bytes {}\n", kernel.usage.stack_bytes,
                      kernel.usage.shared_bytes);
  text += fmt::format("compile_ms {}\n", kernel.compile_ms);
  for (const auto& [name, bytes] : payload) {
    text += fmt::format("{}.bytes {}\n{}.sha256 {}\n", name, bytes.size(), name, sha256_hex(bytes));
  }
  return text;
}

}  // namespace

KernelCache::KernelCache(fs::path cache_dir) : root_(std::move(cache_dir) / "kernels-v1") {}

fs::path KernelCache::entry_dir(const std::string& key) const {
  return root_ / key;
}

fs::path KernelCache::staging_root() const {
  return root_ / ".staging";
}

void KernelCache::discard(const fs::path& entry) const {
  // Renamed aside first so no reader sees it half deleted.
  std::error_code error;
  fs::create_directories(staging_root(), error);
  static std::atomic<int> counter{0};
  const fs::path aside =
      staging_root() / fmt::format("discard.{}.{}", getpid(), counter.fetch_add(1));
  fs::rename(entry, aside, error);
  fs::remove_all(error ? entry : aside, error);
}

std::optional<CompiledKernel> KernelCache::load(const std::string& key) const {
  const fs::path entry = entry_dir(key);
  std::error_code error;
  if (!fs::is_directory(entry, error)) return std::nullopt;
  std::optional<CompiledKernel> kernel = decode_entry(entry, key);
  if (!kernel) discard(entry);
  return kernel;
}

void KernelCache::store(const CompiledKernel& kernel, const std::string& label) const {
  static std::atomic<int> counter{0};
  const fs::path staging =
      staging_root() / fmt::format("{}.{}.{}", kernel.key, getpid(), counter.fetch_add(1));
  std::error_code error;
  fs::create_directories(staging, error);
  if (error)
    throw std::runtime_error(
        fmt::format("cannot create cache directory {}: {}", staging.string(), error.message()));

  const std::string names = join_lines(kernel.lowered_names);
  const std::map<std::string, std::string_view> payload = {
      {kCubinFile, std::string_view(kernel.cubin.data(), kernel.cubin.size())},
      {kPtxFile, kernel.ptx},
      {kNamesFile, names},
      {kLogFile, kernel.log}};
  try {
    for (const auto& [name, bytes] : payload) write_file(staging / name, bytes);
    write_file(staging / kManifest, encode_manifest(kernel, label, payload));
  } catch (...) {
    fs::remove_all(staging, error);
    throw;
  }

  fs::rename(staging, entry_dir(kernel.key), error);
  if (!error) return;
  std::error_code ignored;
  fs::remove_all(staging, ignored);
  // Lost a race with another process storing the same key: its entry is as good as ours.
  if (error == std::errc::directory_not_empty || error == std::errc::file_exists) return;
  throw std::runtime_error(fmt::format("cannot publish cache entry {}: {}",
                                       entry_dir(kernel.key).string(), error.message()));
}

void KernelCache::remove_staging_of(pid_t pid) const {
  std::error_code error;
  const std::string marker = fmt::format(".{}.", pid);
  for (const auto& item : fs::directory_iterator(staging_root(), error)) {
    if (item.path().filename().string().find(marker) != std::string::npos)
      fs::remove_all(item.path(), error);
  }
}

}  // namespace mhc
