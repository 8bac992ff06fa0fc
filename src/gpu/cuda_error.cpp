#include "gpu/cuda_error.hpp"

#include <fmt/format.h>

namespace mhc {

namespace {
std::string describe(cudaError_t status, std::string_view call, std::string_view context) {
  return fmt::format("{} failed ({}: {}){}{}", call, cudaGetErrorName(status),
                     cudaGetErrorString(status), context.empty() ? "" : " for ", context);
}
}  // namespace

CudaError::CudaError(cudaError_t status, std::string_view call, std::string_view context)
    : std::runtime_error(describe(status, call, context)), status_(status) {}

bool CudaError::sticky() const {
  return is_sticky_cuda_error(status_);
}

void check_cuda(cudaError_t status, std::string_view call, std::string_view context) {
  if (status != cudaSuccess) throw CudaError(status, call, context);
}

bool is_sticky_cuda_error(cudaError_t status) {
  switch (status) {
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchFailure:
    case cudaErrorAssert:
    case cudaErrorHardwareStackError:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorLaunchTimeout:
    case cudaErrorECCUncorrectable:
    case cudaErrorContextIsDestroyed:
    case cudaErrorUnknown:  // often a hardware fault (an Xid): the context cannot be trusted
      return true;
    default:
      return false;
  }
}

}  // namespace mhc
