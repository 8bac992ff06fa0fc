#include "jit/nvrtc_compile.hpp"

#include <fmt/format.h>

#include <chrono>
#include <sstream>
#include <stdexcept>

#include "jit/nvrtc_program.hpp"
#include "jit/ptxas_usage.hpp"

namespace mhc {

namespace {

// A real architecture (sm_90a) yields SASS in a CUBIN; a virtual one (compute_90) only PTX.
bool is_real_arch(const std::string& arch) {
  if (arch.starts_with("sm_")) return true;
  if (arch.starts_with("compute_")) return false;
  throw std::runtime_error(
      fmt::format("unknown GPU architecture '{}': expected sm_XX[a] or compute_XX[a]", arch));
}

}  // namespace

std::vector<std::string> nvrtc_options(const CompileRequest& request) {
  std::vector<std::string> options = {"-std=c++17", "--gpu-architecture=" + request.arch,
                                      "-default-device"};
  // ptxas runs only for a real architecture; its verbose lines are where register and spill
  // counts come from.
  if (is_real_arch(request.arch)) options.push_back("--ptxas-options=-v");
  options.insert(options.end(), request.options.begin(), request.options.end());
  return options;
}

std::vector<std::string> include_path_options(const CompilerSettings& settings) {
  std::vector<std::string> options = {"--include-path=" + settings.kernels_dir.string()};
  for (const auto& dir : settings.cuda_include_dirs)
    options.push_back("--include-path=" + dir.string());
  return options;
}

std::string first_error_line(const std::string& log) {
  std::istringstream lines(log);
  std::string first_non_empty;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("error") != std::string::npos) return line;
    if (first_non_empty.empty() && line.find_first_not_of(" \t\r") != std::string::npos)
      first_non_empty = line;
  }
  return first_non_empty.empty() ? "NVRTC_ERROR_COMPILATION with an empty log" : first_non_empty;
}

CompiledKernel run_nvrtc(const KernelSource& source, const CompileRequest& request,
                         const CompilerSettings& settings) {
  std::vector<std::string> options = nvrtc_options(request);
  const std::vector<std::string> includes = include_path_options(settings);
  options.insert(options.end(), includes.begin(), includes.end());

  const auto start = std::chrono::steady_clock::now();
  NvrtcProgram program(source.text(), source.main_path.string(), request.label);
  for (const std::string& expression : request.name_expressions)
    program.add_name_expression(expression);
  const nvrtcResult result = program.compile(options);

  CompiledKernel kernel;
  kernel.log = program.log();
  if (result != NVRTC_SUCCESS)
    throw CompileError(fmt::format("{}: {}", request.label, first_error_line(kernel.log)),
                       kernel.log);
  kernel.ptx = program.ptx();
  kernel.cubin = program.cubin();
  for (const std::string& expression : request.name_expressions)
    kernel.lowered_names.push_back(program.lowered_name(expression));
  kernel.compile_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  kernel.usage = parse_ptxas_usage(
      kernel.log, kernel.lowered_names.empty() ? std::string() : kernel.lowered_names.front());
  return kernel;
}

}  // namespace mhc
