#pragma once
// libmhc_tuned.so of a built package, opened with dlopen so a test binary can call the C API of a
// library it was not linked against (each package embeds its own dispatch table).
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "runtime/mhc_tuned.h"

namespace mhc::testing {

class CApiLibrary {
 public:
  explicit CApiLibrary(const std::filesystem::path& so)
      : handle_(dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL), &dlclose_or_ignore) {
    if (!handle_) throw std::runtime_error(std::string("dlopen: ") + dlerror());
    version = get<decltype(&mhc_tuned_version)>("mhc_tuned_version");
    gpu_name = get<decltype(&mhc_tuned_gpu_name)>("mhc_tuned_gpu_name");
    arch = get<decltype(&mhc_tuned_arch)>("mhc_tuned_arch");
    status_string = get<decltype(&mhc_tuned_status_string)>("mhc_tuned_status_string");
    create = get<decltype(&mhc_tuned_create)>("mhc_tuned_create");
    destroy = get<decltype(&mhc_tuned_destroy)>("mhc_tuned_destroy");
    forward = get<decltype(&mhc_tuned_forward)>("mhc_tuned_forward");
    backward = get<decltype(&mhc_tuned_backward)>("mhc_tuned_backward");
    query_dispatch = get<decltype(&mhc_tuned_query_dispatch)>("mhc_tuned_query_dispatch");
  }

  decltype(&mhc_tuned_version) version;
  decltype(&mhc_tuned_gpu_name) gpu_name;
  decltype(&mhc_tuned_arch) arch;
  decltype(&mhc_tuned_status_string) status_string;
  decltype(&mhc_tuned_create) create;
  decltype(&mhc_tuned_destroy) destroy;
  decltype(&mhc_tuned_forward) forward;
  decltype(&mhc_tuned_backward) backward;
  decltype(&mhc_tuned_query_dispatch) query_dispatch;

 private:
  static void dlclose_or_ignore(void* h) {
    if (h) dlclose(h);
  }
  template <typename F>
  F get(const char* name) {
    void* symbol = dlsym(handle_.get(), name);
    if (!symbol) throw std::runtime_error(std::string("dlsym ") + name + ": " + dlerror());
    return reinterpret_cast<F>(symbol);
  }
  std::unique_ptr<void, void (*)(void*)> handle_;
};

inline mhc_tuned_problem c_problem(int path, long long tokens, long long hidden, long long streams,
                                   int dtype = MHC_TUNED_F32) {
  return {path, dtype, MHC_TUNED_PAPER, tokens, hidden, streams};
}

}  // namespace mhc::testing
