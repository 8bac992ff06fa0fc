#include "emit/emit_package.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "emit/embedded_kernels.hpp"
#include "emit/table_source.hpp"

namespace mhc::emit {
namespace fs = std::filesystem;
namespace {

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(fmt::format("cannot read '{}'", path.string()));
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) throw std::runtime_error(fmt::format("cannot write '{}'", path.string()));
}

void copy_matching(const fs::path& from, const fs::path& to,
                   const std::vector<std::string>& names) {
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(from)) {
    const auto name = entry.path().filename().string();
    const auto ext = entry.path().extension().string();
    const bool wanted = names.empty() ? (ext == ".hpp" || ext == ".cpp" || ext == ".h")
                                      : std::find(names.begin(), names.end(), name) != names.end();
    if (wanted && entry.is_regular_file())
      fs::copy_file(entry.path(), to / name, fs::copy_options::overwrite_existing);
  }
}

void run_or_throw(const std::string& command) {
  if (std::system(command.c_str()) != 0)
    throw std::runtime_error(fmt::format("emit --build: '{}' failed", command));
}

}  // namespace

EmitResult emit_package(const EmitOptions& o) {
  auto db = store::TuningDatabase::open_for_read(o.database);
  EmitModel model = build_emit_model(db, o.model);
  const auto kernels = collect_kernels(model.kernels, o.compiler);

  const fs::path source = o.out / "source", templates = o.project_dir / "templates" / "emit";
  fs::create_directories(source);
  const std::vector<std::pair<std::string, std::string>> values = {
      {"VERSION", o.version}, {"GPU_NAME", model.gpu_name}, {"ARCH", model.arch}};
  write_file(source / "generated" / "dispatch_table.cpp",
             render_table_source(read_file(templates / "dispatch_table.cpp.in"), model.table,
                                 kernels, {o.version, o.database.filename().string()}));
  write_file(source / "CMakeLists.txt",
             fill_template(read_file(templates / "CMakeLists.txt.in"), values));
  write_file(source / "cmake" / "mhc_tunedConfig.cmake",
             fill_template(read_file(templates / "mhc_tunedConfig.cmake.in"), values));
  fs::copy_file(templates / "exports.map", source / "exports.map",
                fs::copy_options::overwrite_existing);

  const fs::path src = o.project_dir / "src";
  copy_matching(src / "core", source / "src" / "core",
                {"problem.hpp", "problem.cpp", "layer_tensors.hpp", "layer_tensors.cpp",
                 "launch_geometry.hpp", "errors.hpp", "enum_names.hpp"});
  copy_matching(src / "ops", source / "src" / "ops", {});
  copy_matching(src / "runtime", source / "src" / "runtime", {});
  fs::create_directories(source / "include");
  fs::copy_file(src / "runtime" / "mhc_tuned.h", source / "include" / "mhc_tuned.h",
                fs::copy_options::overwrite_existing);
  copy_matching(o.project_dir / "kernels" / "common", source / "kernels" / "common",
                {"mhc_layer_args.h"});
  fs::create_directories(source / "third_party");
  fs::copy(o.fmt_include, source / "third_party" / "fmt",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);

  if (o.build) {
    const fs::path build = o.out / "build";
    run_or_throw(fmt::format("cmake -S '{}' -B '{}' -DCMAKE_BUILD_TYPE=Release >/dev/null",
                             source.string(), build.string()));
    run_or_throw(fmt::format("cmake --build '{}' >/dev/null", build.string()));
    run_or_throw(fmt::format("cmake --install '{}' --prefix '{}' >/dev/null", build.string(),
                             fs::absolute(o.out).string()));
  }
  return {source, model.table.entries.size(), kernels.size(), model.warnings};
}

}  // namespace mhc::emit
