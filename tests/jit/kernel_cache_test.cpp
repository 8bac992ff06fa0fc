#include "jit/kernel_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "jit/compiler.hpp"
#include "jit/kernel_sandbox.hpp"

namespace mhc {
namespace {

namespace fs = std::filesystem;
using testing::KernelSandbox;
using testing::scale_request;

class CompileCache : public ::testing::Test {
 protected:
  KernelSandbox sandbox_;
  CompilerSettings settings_ = sandbox_.settings();
};

TEST_F(CompileCache, SecondCompileIsAHitWithTheSameBytes) {
  const CompiledKernel first = compile_kernel(scale_request("sm_90a"), settings_);
  const CompiledKernel second = compile_kernel(scale_request("sm_90a"), settings_);
  EXPECT_FALSE(first.cache_hit);
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.compile_ms, 0.0);
  EXPECT_EQ(second.key, first.key);
  EXPECT_EQ(second.cubin, first.cubin);
  EXPECT_EQ(second.ptx, first.ptx);
  EXPECT_EQ(second.lowered_names, first.lowered_names);
  EXPECT_EQ(second.log, first.log);
  EXPECT_EQ(second.usage.registers, first.usage.registers);
  EXPECT_EQ(second.usage.shared_bytes, first.usage.shared_bytes);
  EXPECT_TRUE(
      fs::is_regular_file(KernelCache(settings_.cache_dir).entry_dir(first.key) / "kernel.cubin"));
}

TEST_F(CompileCache, ChangingAnIncludedHeaderIsAMiss) {
  const CompiledKernel before = compile_kernel(scale_request("compute_90"), settings_);
  sandbox_.write("common/scale_factor.h", "#define SCALE_FACTOR 3\n");
  const CompiledKernel after = compile_kernel(scale_request("compute_90"), settings_);
  EXPECT_NE(after.key, before.key);
  EXPECT_FALSE(after.cache_hit);
  EXPECT_NE(after.ptx, before.ptx);
}

TEST_F(CompileCache, KeyCoversArchOptionsAndNameExpressions) {
  settings_.use_cache = false;
  const std::string base = compile_kernel(scale_request("compute_90"), settings_).key;
  EXPECT_NE(compile_kernel(scale_request("compute_80"), settings_).key, base);
  EXPECT_NE(compile_kernel(scale_request("compute_90", "scale<64, float>"), settings_).key, base);
  CompileRequest with_option = scale_request("compute_90");
  with_option.options = {"-DUNUSED=1"};
  EXPECT_NE(compile_kernel(with_option, settings_).key, base);
  CompileRequest relabeled = scale_request("compute_90");
  relabeled.label = "another label";
  EXPECT_EQ(compile_kernel(relabeled, settings_).key, base);  // a label is not part of the binary
}

TEST_F(CompileCache, KeyDoesNotDependOnWhereTheKernelsDirectoryIs) {
  const CompiledKernel original = compile_kernel(scale_request("compute_90"), settings_);
  const fs::path moved = sandbox_.root() / "elsewhere" / "deeper" / "kernels";
  fs::create_directories(moved.parent_path());
  fs::copy(sandbox_.kernels_dir(), moved, fs::copy_options::recursive);
  CompilerSettings moved_settings = settings_;
  moved_settings.kernels_dir = moved;
  const CompiledKernel copy = compile_kernel(scale_request("compute_90"), moved_settings);
  EXPECT_EQ(copy.key, original.key);
  EXPECT_TRUE(copy.cache_hit);
}

TEST_F(CompileCache, TruncatedCubinIsDetectedRemovedAndRecompiled) {
  const CompiledKernel first = compile_kernel(scale_request("sm_90a"), settings_);
  const fs::path cubin = KernelCache(settings_.cache_dir).entry_dir(first.key) / "kernel.cubin";
  fs::resize_file(cubin, first.cubin.size() / 2);
  const CompiledKernel again = compile_kernel(scale_request("sm_90a"), settings_);
  EXPECT_FALSE(again.cache_hit);
  EXPECT_EQ(again.cubin, first.cubin);
  EXPECT_EQ(fs::file_size(cubin), first.cubin.size());  // the entry was rebuilt
  EXPECT_TRUE(compile_kernel(scale_request("sm_90a"), settings_).cache_hit);
}

TEST_F(CompileCache, EntryWithAMissingFileOrBadManifestIsRecompiled) {
  const CompiledKernel first = compile_kernel(scale_request("compute_90"), settings_);
  const fs::path entry = KernelCache(settings_.cache_dir).entry_dir(first.key);
  fs::remove(entry / "compile.log");
  EXPECT_FALSE(compile_kernel(scale_request("compute_90"), settings_).cache_hit);
  std::ofstream(entry / "manifest.txt", std::ios::trunc) << "format 1\nkey not-this-one\n";
  const CompiledKernel again = compile_kernel(scale_request("compute_90"), settings_);
  EXPECT_FALSE(again.cache_hit);
  EXPECT_EQ(again.ptx, first.ptx);
}

TEST_F(CompileCache, FlippedByteWithTheSameSizeFailsTheChecksum) {
  const CompiledKernel first = compile_kernel(scale_request("compute_90"), settings_);
  const fs::path ptx = KernelCache(settings_.cache_dir).entry_dir(first.key) / "kernel.ptx";
  std::string text = first.ptx;
  text[text.size() / 2] ^= 1;
  std::ofstream(ptx, std::ios::binary | std::ios::trunc) << text;
  const CompiledKernel again = compile_kernel(scale_request("compute_90"), settings_);
  EXPECT_FALSE(again.cache_hit);
  EXPECT_EQ(again.ptx, first.ptx);
}

TEST_F(CompileCache, OffMeansNothingIsReadOrWritten) {
  settings_.use_cache = false;
  compile_kernel(scale_request("compute_90"), settings_);
  EXPECT_FALSE(compile_kernel(scale_request("compute_90"), settings_).cache_hit);
  EXPECT_FALSE(fs::exists(settings_.cache_dir));
}

// Two processes compiling the same key both publish; the second rename loses and keeps the first.
TEST(KernelCache, LosingThePublishRaceKeepsTheExistingEntry) {
  KernelSandbox sandbox;
  const KernelCache cache(sandbox.cache_dir());
  CompiledKernel theirs;
  theirs.key = std::string(64, 'a');
  theirs.ptx = "their ptx";
  theirs.lowered_names = {"kernel_a"};
  theirs.usage = {10, 0, 0, 0, 256};
  theirs.compile_ms = 12.5;
  cache.store(theirs, "theirs");
  CompiledKernel ours = theirs;
  ours.ptx = "our ptx";
  EXPECT_NO_THROW(cache.store(ours, "ours"));
  const std::optional<CompiledKernel> loaded = cache.load(theirs.key);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->ptx, "their ptx");
  EXPECT_EQ(loaded->lowered_names, theirs.lowered_names);
  EXPECT_EQ(loaded->usage.registers, 10);
  EXPECT_EQ(loaded->usage.shared_bytes, 256);
  EXPECT_EQ(loaded->compile_ms, 12.5);
  EXPECT_TRUE(fs::is_empty(cache.entry_dir(theirs.key).parent_path() / ".staging"));
}

}  // namespace
}  // namespace mhc
