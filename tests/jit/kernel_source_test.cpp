#include "jit/kernel_source.hpp"

#include <gtest/gtest.h>

#include "jit/kernel_sandbox.hpp"

namespace mhc {
namespace {

std::vector<std::string> paths_of(const KernelSource& source) {
  std::vector<std::string> paths;
  for (const SourceFile& file : source.files) paths.push_back(file.relative_path);
  return paths;
}

TEST(KernelSource, FollowsQuotedIncludesRecursivelyAsNvrtcResolvesThem) {
  testing::KernelSandbox sandbox;
  sandbox.write("ops/op.cu",
                "#include \"local.h\"\n"         // next to the including file
                "  #  include \"common/a.h\"\n"  // from the kernels directory
                "#include <cuda_bf16.h>\n"       // angle brackets: CUDA's, not hashed
                "#include \"cuda_fp16.h\"\n");   // quoted but not ours: hashed by name
  sandbox.write("ops/local.h", "// local\n");
  sandbox.write("common/a.h", "#include \"b.h\"\n#include \"a.h\"\n");  // b.h next to a.h; a cycle
  sandbox.write("common/b.h", "// b\n");
  const KernelSource source = load_kernel_source(sandbox.kernels_dir(), "ops/op.cu");
  EXPECT_EQ(paths_of(source),
            (std::vector<std::string>{"ops/op.cu", "ops/local.h", "common/a.h", "common/b.h"}));
  EXPECT_EQ(source.external_includes, std::vector<std::string>{"cuda_fp16.h"});
  EXPECT_TRUE(source.main_path.is_absolute());
  EXPECT_EQ(source.text().substr(0, 8), "#include");
}

TEST(KernelSource, MissingMainFileNamesThePath) {
  testing::KernelSandbox sandbox;
  try {
    load_kernel_source(sandbox.kernels_dir(), "nowhere.cu");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("nowhere.cu"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace mhc
