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

void write_blob(const fs::path& path, const char* data, size_t size) {
  fs::create_directories(path.parent_path());
  std::ofstream file(path, std::ios::binary);
  file.write(data, static_cast<std::streamsize>(size));
  file.close();
  if (!file) throw std::runtime_error(fmt::format("cannot write '{}'", path.string()));
}

// generated/kernels/kernel_<i>.{cubin,ptx} and the assembly that embeds them.
void write_kernels(const fs::path& generated, const std::vector<EmbeddedKernel>& kernels) {
  fs::remove_all(generated / "kernels");  // no blob of an earlier emit may linger
  for (size_t i = 0; i < kernels.size(); ++i) {
    const auto& k = kernels[i];
    if (!k.cubin.empty())
      write_blob(generated / "kernels" / kernel_blob_name(i, false), k.cubin.data(),
                 k.cubin.size());
    if (!k.ptx.empty())  // with its terminating zero
      write_blob(generated / "kernels" / kernel_blob_name(i, true), k.ptx.c_str(),
                 k.ptx.size() + 1);
  }
  write_file(generated / "embedded_kernels.S.in", render_kernel_assembly(kernels));
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

// Runs one build step with its output appended to `log`, which the error names when it fails.
void run_or_throw(const std::string& command, const fs::path& log) {
  if (std::system(fmt::format("{} >>'{}' 2>&1", command, log.string()).c_str()) != 0)
    throw std::runtime_error(
        fmt::format("emit --build: '{}' failed; its output is in '{}'", command, log.string()));
}

}  // namespace

EmitResult emit_package(const EmitOptions& o) {
  if (!fs::exists(o.fmt_include / "format.h"))  // checked first: nothing is written without them
    throw std::runtime_error(fmt::format(
        "emit: fmt's headers (which the package builds with) are not in '{}'; install libfmt-dev "
        "or set MHC_FMT_INCLUDE to the folder that holds format.h",
        o.fmt_include.string()));
  auto db = store::TuningDatabase::open_for_read(o.database);
  EmitModel model = build_emit_model(db, o.model);
  const auto embedded = collect_kernels(model.kernels, o.compiler, o.embed);
  const auto& kernels = embedded.kernels;
  model.table.ptx_arch = o.embed.ptx_arch;
  model.warnings.insert(model.warnings.end(), embedded.warnings.begin(), embedded.warnings.end());

  const fs::path source = o.out / "source", templates = o.project_dir / "templates" / "emit";
  fs::create_directories(source);
  const std::vector<std::pair<std::string, std::string>> values = {
      {"VERSION", o.version}, {"GPU_NAME", model.gpu_name}, {"ARCH", model.arch}};
  write_file(source / "generated" / "dispatch_table.cpp",
             render_table_source(read_file(templates / "dispatch_table.cpp.in"), model.table,
                                 kernels, {o.version, o.database.filename().string()}));
  write_kernels(source / "generated", kernels);
  write_file(source / "CMakeLists.txt",
             fill_template(read_file(templates / "CMakeLists.txt.in"), values));
  write_file(source / "cmake" / "mhc_tunedConfig.cmake",
             fill_template(read_file(templates / "mhc_tunedConfig.cmake.in"), values));
  fs::copy_file(templates / "exports.map", source / "exports.map",
                fs::copy_options::overwrite_existing);

  const fs::path src = o.project_dir / "src";
  copy_matching(src / "core", source / "src" / "core",
                {"problem.hpp", "problem.cpp", "layer_tensors.hpp", "layer_tensors.cpp",
                 "launch_geometry.hpp", "errors.hpp", "enum_names.hpp", "shape_limits.hpp"});
  copy_matching(src / "ops", source / "src" / "ops", {});
  copy_matching(src / "runtime", source / "src" / "runtime", {});
  copy_matching(src / "reference", source / "src" / "reference", {});
  copy_matching(src / "verify", source / "src" / "verify", {});
  copy_matching(src / "gpu", source / "src" / "gpu",  // host code: kernel argument, storage
                {"layer_args.hpp", "layer_args.cpp", "bf16.hpp", "bf16.cpp", "tensor_storage.hpp",
                 "tensor_storage.cpp"});
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
    const fs::path log = o.out / "build.log";
    fs::remove(log);
    run_or_throw(fmt::format("cmake -S '{}' -B '{}' -DCMAKE_BUILD_TYPE=Release", source.string(),
                             build.string()),
                 log);
    run_or_throw(
        fmt::format("cmake --build '{}' --parallel {}", build.string(), std::max(1, o.embed.jobs)),
        log);
    run_or_throw(fmt::format("cmake --install '{}' --prefix '{}'", build.string(),
                             fs::absolute(o.out).string()),
                 log);
  }
  return {source, model.table.entries.size(), kernels.size(), model.warnings};
}

}  // namespace mhc::emit
