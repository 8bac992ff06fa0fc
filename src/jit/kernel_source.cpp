#include "jit/kernel_source.hpp"

#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace mhc {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The name in a line of the form `#  include "name"`, if the line is one.
std::optional<std::string> quoted_include(std::string_view line) {
  auto skip_blanks = [&line] {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  };
  skip_blanks();
  if (!line.starts_with('#')) return std::nullopt;
  line.remove_prefix(1);
  skip_blanks();
  if (!line.starts_with("include")) return std::nullopt;
  line.remove_prefix(7);
  skip_blanks();
  if (!line.starts_with('"')) return std::nullopt;
  const size_t close = line.find('"', 1);
  if (close == std::string_view::npos) return std::nullopt;
  return std::string(line.substr(1, close - 1));
}

class IncludeWalker {
 public:
  IncludeWalker(fs::path kernels_dir, KernelSource& out)
      : kernels_dir_(std::move(kernels_dir)), out_(out) {}

  void visit(const fs::path& path, std::string text) {
    const std::string relative = path.lexically_relative(kernels_dir_).generic_string();
    if (!visited_.insert(relative).second) return;  // include guards make a second visit a no-op
    out_.files.push_back({relative, text});
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      const std::optional<std::string> name = quoted_include(line);
      if (!name) continue;
      if (auto found = resolve(path.parent_path(), *name)) {
        visit(found->first, std::move(found->second));
      } else if (visited_external_.insert(*name).second) {
        out_.external_includes.push_back(*name);
      }
    }
  }

 private:
  std::optional<std::pair<fs::path, std::string>> resolve(const fs::path& including_dir,
                                                          const std::string& name) const {
    for (const fs::path& dir : {including_dir, kernels_dir_}) {
      const fs::path candidate = (dir / name).lexically_normal();
      if (!fs::is_regular_file(candidate)) continue;
      if (auto text = read_text(candidate)) return std::pair{candidate, std::move(*text)};
    }
    return std::nullopt;
  }

  fs::path kernels_dir_;
  KernelSource& out_;
  std::set<std::string> visited_;
  std::set<std::string> visited_external_;
};

}  // namespace

KernelSource load_kernel_source(const fs::path& kernels_dir, const std::string& source_path) {
  fs::path root = fs::absolute(kernels_dir).lexically_normal();
  if (!root.has_filename()) root = root.parent_path();  // "kernels/" -> "kernels"
  KernelSource source;
  // NVRTC resolves quoted includes of the main file against the directory in its program name;
  // a relative name would mean the current directory, where a stray header could shadow ours.
  source.main_path = (root / source_path).lexically_normal();
  std::optional<std::string> text = read_text(source.main_path);
  if (!text)
    throw std::runtime_error(
        fmt::format("cannot read kernel source {}", source.main_path.string()));
  IncludeWalker(root, source).visit(source.main_path, std::move(*text));
  return source;
}

}  // namespace mhc
