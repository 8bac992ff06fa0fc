// Runs one mHC layer forward and then backward through libmhc_tuned on GPU 0, the way a training
// step would (the backward reads what the forward saved), and checks every output against the
// package's float64 reference with the bounds mhc-tune verified the kernels by.
//
//   mhc_tuned_layer_check static|dynamic B C n [f32|bf16] [seed]
//
// Prints one line per checked tensor, then PASS or FAIL. Exit 0 when every output is within its
// bound, 1 when one is not (or a call fails), 2 for bad arguments, 3 when there is no CUDA device.
// MHC_TUNED_FORCE_BASELINE=1 checks the unfused baseline instead of the tuned kernels.
#include <cuda_runtime_api.h>
#include <mhc_tuned.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "gpu/tensor_storage.hpp"
#include "reference/layer_values.hpp"
#include "verify/output_verification.hpp"

namespace {

using mhc::Tensor;

struct Arguments {
  mhc::Problem backward;  // the forward problem is the same with Direction::forward
  unsigned long long seed = 1;
};

bool parse_arguments(int argc, char** argv, Arguments* a) {
  if (argc < 5 || argc > 7) return false;
  const std::string path = argv[1];
  const std::string dtype = argc > 5 ? argv[5] : "f32";
  if ((path != "static" && path != "dynamic") || (dtype != "f32" && dtype != "bf16")) return false;
  mhc::Problem& p = a->backward;
  p.path = path == "static" ? mhc::HPath::static_h : mhc::HPath::dynamic_h;
  p.direction = mhc::Direction::backward;
  p.residual_dtype = dtype == "f32" ? mhc::Dtype::f32 : mhc::Dtype::bf16;
  p.convention = mhc::Convention::paper;
  p.constants = mhc::default_constants(p.convention);
  p.shape = {std::atoll(argv[2]), std::atoll(argv[3]), std::atoll(argv[4])};
  if (argc > 6) a->seed = std::strtoull(argv[6], nullptr, 10);
  return p.shape.tokens > 0 && p.shape.hidden > 0 && p.shape.streams > 0;
}

// Device memory for every tensor of the layer; freed on every way out.
struct LayerMemory {
  mhc_tuned_tensors tensors{};
  ~LayerMemory() {
    for (void* p : tensors.ptr) cudaFree(p);
  }
};

bool check_cuda(cudaError_t error, const char* what) {
  if (error == cudaSuccess) return true;
  std::fprintf(stderr, "%s: %s\n", what, cudaGetErrorString(error));
  return false;
}

bool check_status(mhc_tuned_status status, const char* what) {
  if (status == MHC_TUNED_OK) return true;
  std::fprintf(stderr, "%s: %s\n", what, mhc_tuned_status_string(status));
  return false;
}

// Inputs hold the reference's values (already rounded to their storage type); every other tensor
// starts as 0xFF bytes (NaN in f32 and bf16), so an output the library forgets to write fails.
bool upload_layer(const mhc::LayerValues& values, LayerMemory* memory) {
  const mhc::Problem& problem = values.problem;
  for (int i = 0; i < mhc::kTensorCount; ++i) {
    const auto tensor = static_cast<Tensor>(i);
    if (!mhc::tensor_used(tensor, problem)) continue;
    const auto info = mhc::tensor_info(tensor, problem);
    void** p = &memory->tensors.ptr[i];
    if (!check_cuda(cudaMalloc(p, info.bytes()), "cudaMalloc")) return false;
    const bool input = tensor == Tensor::x || tensor == Tensor::phi || tensor == Tensor::alpha ||
                       tensor == Tensor::bias || tensor == Tensor::h_static ||
                       tensor == Tensor::rms_weight || tensor == Tensor::d_x_next;
    if (!input) {
      if (!check_cuda(cudaMemset(*p, 0xFF, info.bytes()), "cudaMemset")) return false;
      continue;
    }
    const auto bytes = mhc::encode_storage(info.storage, values[tensor]);
    if (!check_cuda(cudaMemcpy(*p, bytes.data(), bytes.size(), cudaMemcpyHostToDevice),
                    "cudaMemcpy to the device"))
      return false;
  }
  return true;
}

bool download(const LayerMemory& memory, const mhc::Problem& problem, Tensor tensor,
              std::vector<mhc::ProducedTensor>* out) {
  const auto info = mhc::tensor_info(tensor, problem);
  std::vector<std::byte> bytes(info.bytes());
  if (!check_cuda(cudaMemcpy(bytes.data(), memory.tensors.ptr[static_cast<int>(tensor)],
                             bytes.size(), cudaMemcpyDeviceToHost),
                  "cudaMemcpy to the host"))
    return false;
  out->push_back({tensor, mhc::decode_storage(info.storage, bytes)});
  return true;
}

void print_dispatch(const mhc_tuned_problem& problem, int direction) {
  static const char* kinds[] = {"exact", "nearest", "default", "baseline", "none"};
  mhc_tuned_dispatch_info info;
  if (mhc_tuned_query_dispatch(&problem, direction, &info) != MHC_TUNED_OK) return;
  std::printf("%s: %s pipeline %s (distance %g)\n",
              direction == MHC_TUNED_FORWARD ? "forward" : "backward", kinds[info.kind],
              info.pipeline, info.distance);
}

// Groups of outputs judged together: `reads` are what produced them, which decides whether bf16
// rounding is on their path. tf32 is the loosest float32 math any variant may use.
bool verify(const mhc::LayerValues& expected, const LayerMemory& memory,
            const std::vector<Tensor>& outputs, const std::vector<Tensor>& reads) {
  std::vector<mhc::ProducedTensor> produced;
  for (Tensor t : outputs)
    if (mhc::tensor_used(t, expected.problem) && !download(memory, expected.problem, t, &produced))
      return false;
  const auto result = mhc::verify_outputs(expected, produced, reads, mhc::MathPrecision::tf32);
  for (const auto& c : result.checks)
    std::printf("  %-13s rel norm error %.2e (bound %.0e), max abs error %.2e, %lld out of bound\n",
                std::string(mhc::tensor_name(c.tensor)).c_str(), c.stats.rel_norm_error,
                c.bound.rel_norm, c.stats.max_abs_error,
                static_cast<long long>(c.elements_out_of_bound));
  if (!result.passed) std::printf("  failed: %s\n", result.failure.c_str());
  return result.passed;
}

bool run_and_check(mhc_tuned_handle handle, const Arguments& a) {
  mhc::LayerValues expected = mhc::make_random_layer(a.backward, a.seed);
  mhc::reference_forward(expected);
  mhc::reference_backward(expected);

  LayerMemory memory;
  if (!upload_layer(expected, &memory)) return false;
  const mhc::Problem& p = a.backward;
  const mhc_tuned_problem problem{
      p.path == mhc::HPath::static_h ? MHC_TUNED_STATIC_H : MHC_TUNED_DYNAMIC_H,
      p.residual_dtype == mhc::Dtype::f32 ? MHC_TUNED_F32 : MHC_TUNED_BF16,
      MHC_TUNED_PAPER,
      p.shape.tokens,
      p.shape.hidden,
      p.shape.streams};
  print_dispatch(problem, MHC_TUNED_FORWARD);
  print_dispatch(problem, MHC_TUNED_BACKWARD);
  if (!check_status(mhc_tuned_forward(handle, &problem, &memory.tensors, nullptr),
                    "mhc_tuned_forward") ||
      !check_status(mhc_tuned_backward(handle, &problem, &memory.tensors, nullptr),
                    "mhc_tuned_backward") ||
      !check_cuda(cudaDeviceSynchronize(), "the layer's kernels"))
    return false;

  const std::vector<Tensor> parameters = {Tensor::x,    Tensor::phi,      Tensor::alpha,
                                          Tensor::bias, Tensor::h_static, Tensor::rms_weight,
                                          Tensor::x_in, Tensor::f,        Tensor::d_x_next};
  bool ok = verify(expected, memory, {Tensor::h_pre, Tensor::h_post, Tensor::h_res},
                   {Tensor::x, Tensor::phi, Tensor::alpha, Tensor::bias, Tensor::h_static});
  ok = verify(expected, memory, {Tensor::x_next}, parameters) && ok;
  ok = verify(expected, memory,
              {Tensor::d_x, Tensor::d_rms_weight, Tensor::d_phi, Tensor::d_alpha, Tensor::d_bias,
               Tensor::d_h_static},
              parameters) &&
       ok;
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments arguments;
  if (!parse_arguments(argc, argv, &arguments)) {
    std::fprintf(stderr, "usage: %s static|dynamic B C n [f32|bf16] [seed]\n", argv[0]);
    return 2;
  }
  int devices = 0;
  const cudaError_t error = cudaGetDeviceCount(&devices);
  if (error != cudaSuccess || devices == 0) {
    std::fprintf(stderr, "no CUDA device: %s\n", cudaGetErrorString(error));
    return 3;
  }
  std::printf("libmhc_tuned %s, tuned on %s (%s); layer %s\n", mhc_tuned_version(),
              mhc_tuned_gpu_name(), mhc_tuned_arch(), mhc::to_string(arguments.backward).c_str());
  mhc_tuned_handle handle = nullptr;
  if (!check_status(mhc_tuned_create(0, &handle), "mhc_tuned_create")) return 1;
  bool ok = false;
  try {
    ok = run_and_check(handle, arguments);
  } catch (const std::exception& e) {  // the reference refuses a shape it cannot compute
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  mhc_tuned_destroy(handle);
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
