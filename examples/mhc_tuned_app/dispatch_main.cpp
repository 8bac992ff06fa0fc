// Prints where a shape dispatches: mhc_tuned_dispatch PATH DIRECTION B C n (0/1 enums as in
// mhc_tuned.h; f32 residual, paper convention). Needs no GPU.
#include <mhc_tuned.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s PATH DIRECTION B C n\n", argv[0]);
    return 2;
  }
  const mhc_tuned_problem problem{std::atoi(argv[1]),  MHC_TUNED_F32,       MHC_TUNED_PAPER,
                                  std::atoll(argv[3]), std::atoll(argv[4]), std::atoll(argv[5])};
  mhc_tuned_dispatch_info info;
  const mhc_tuned_status status = mhc_tuned_query_dispatch(&problem, std::atoi(argv[2]), &info);
  if (status != MHC_TUNED_OK) {
    std::printf("error %s\n", mhc_tuned_status_string(status));
    return 1;
  }
  static const char* kinds[] = {"exact", "nearest", "default", "baseline", "none"};
  std::printf("%s distance=%g tuned=%lld,%lld pipeline=%s variants=%s\n", kinds[info.kind],
              info.distance, info.tuned_tokens, info.tuned_hidden, info.pipeline, info.variants);
  return 0;
}
