#include "jit/nvrtc_program.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace mhc {

NvrtcProgram::NvrtcProgram(const std::string& source, const std::string& name, std::string label)
    : label_(std::move(label)) {
  check(nvrtcCreateProgram(&program_, source.c_str(), name.c_str(), 0, nullptr, nullptr),
        "nvrtcCreateProgram");
}

NvrtcProgram::~NvrtcProgram() {
  if (program_ != nullptr) nvrtcDestroyProgram(&program_);
}

void NvrtcProgram::check(nvrtcResult result, const char* call) const {
  if (result != NVRTC_SUCCESS)
    throw std::runtime_error(
        fmt::format("{}: {} failed: {}", label_, call, nvrtcGetErrorString(result)));
}

void NvrtcProgram::add_name_expression(const std::string& expression) {
  check(nvrtcAddNameExpression(program_, expression.c_str()), "nvrtcAddNameExpression");
}

nvrtcResult NvrtcProgram::compile(const std::vector<std::string>& options) {
  std::vector<const char*> argv;
  argv.reserve(options.size());
  for (const std::string& option : options) argv.push_back(option.c_str());
  const nvrtcResult result =
      nvrtcCompileProgram(program_, static_cast<int>(argv.size()), argv.data());
  if (result != NVRTC_ERROR_COMPILATION) check(result, "nvrtcCompileProgram");
  return result;
}

std::string NvrtcProgram::log() const {
  size_t size = 0;
  check(nvrtcGetProgramLogSize(program_, &size), "nvrtcGetProgramLogSize");
  std::string text(size, '\0');
  check(nvrtcGetProgramLog(program_, text.data()), "nvrtcGetProgramLog");
  while (!text.empty() && text.back() == '\0') text.pop_back();  // the size counts the NUL
  return text;
}

std::string NvrtcProgram::ptx() const {
  size_t size = 0;
  check(nvrtcGetPTXSize(program_, &size), "nvrtcGetPTXSize");
  std::string text(size, '\0');
  check(nvrtcGetPTX(program_, text.data()), "nvrtcGetPTX");
  // The size counts the NUL; ptxas rejects a .ptx file that keeps it ("Unexpected EOF").
  while (!text.empty() && text.back() == '\0') text.pop_back();
  return text;
}

std::vector<char> NvrtcProgram::cubin() const {
  size_t size = 0;
  check(nvrtcGetCUBINSize(program_, &size), "nvrtcGetCUBINSize");
  std::vector<char> bytes(size);
  if (size > 0) check(nvrtcGetCUBIN(program_, bytes.data()), "nvrtcGetCUBIN");
  return bytes;
}

std::string NvrtcProgram::lowered_name(const std::string& expression) const {
  const char* lowered = nullptr;
  check(nvrtcGetLoweredName(program_, expression.c_str(), &lowered), "nvrtcGetLoweredName");
  return lowered != nullptr ? std::string(lowered) : std::string();
}

}  // namespace mhc
