#pragma once
// RAII owner of one nvrtcProgram. Every NVRTC call is checked; a failure throws
// std::runtime_error naming the call and the request label. The one expected failure, a source
// that does not compile, is reported by compile() instead.
#include <nvrtc.h>

#include <string>
#include <vector>

namespace mhc {

class NvrtcProgram {
 public:
  NvrtcProgram(const std::string& source, const std::string& name, std::string label);
  ~NvrtcProgram();
  NvrtcProgram(const NvrtcProgram&) = delete;
  NvrtcProgram& operator=(const NvrtcProgram&) = delete;

  void add_name_expression(const std::string& expression);
  // Returns NVRTC_SUCCESS or NVRTC_ERROR_COMPILATION; throws on any other result.
  nvrtcResult compile(const std::vector<std::string>& options);

  std::string log() const;
  std::string ptx() const;
  std::vector<char> cubin() const;  // empty when compiled for a virtual architecture
  // A copy: NVRTC's string dies with the program.
  std::string lowered_name(const std::string& expression) const;

 private:
  void check(nvrtcResult result, const char* call) const;

  nvrtcProgram program_ = nullptr;
  std::string label_;
};

}  // namespace mhc
