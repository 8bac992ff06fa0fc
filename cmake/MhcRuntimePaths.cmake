# NVRTC and CUPTI exist only as shared libraries in the toolkit. Link them by file (never through
# CUDA::nvrtc, which drags the libcuda stub in) and find them through DT_RPATH, which unlike RUNPATH
# also covers NVRTC's own dlopen of libnvrtc-builtins. The list covers this machine's layout and the
# standard toolkit layouts of GPU nodes.
set(MHC_RPATH
    "$ORIGIN;$ORIGIN/lib;${CUDAToolkit_LIBRARY_DIR};/usr/local/cuda/lib64;/usr/local/cuda/lib;/usr/local/cuda/extras/CUPTI/lib64;/usr/local/cuda-13.0/lib64;/usr/local/cuda-13.0/extras/CUPTI/lib64")
set(CMAKE_BUILD_RPATH "${MHC_RPATH}")
set(CMAKE_INSTALL_RPATH "${MHC_RPATH}")
add_link_options(LINKER:--disable-new-dtags)

find_library(MHC_NVRTC_LIBRARY NAMES nvrtc PATHS ${CUDAToolkit_LIBRARY_DIR} REQUIRED NO_DEFAULT_PATH)
find_library(MHC_CUPTI_LIBRARY NAMES cupti
             PATHS ${CUDAToolkit_LIBRARY_DIR} ${CUDAToolkit_LIBRARY_ROOT}/extras/CUPTI/lib64 REQUIRED)
find_path(MHC_CUPTI_INCLUDE_DIR cupti.h
          PATHS ${CUDAToolkit_INCLUDE_DIRS} ${CUDAToolkit_LIBRARY_ROOT}/extras/CUPTI/include REQUIRED)

# Headers NVRTC needs at run time (cuda_bf16.h and friends); MHC_CUDA_INCLUDE overrides on other hosts.
list(GET CUDAToolkit_INCLUDE_DIRS 0 MHC_CUDA_INCLUDE_DIR)
