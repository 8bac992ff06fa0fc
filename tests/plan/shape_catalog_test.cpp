#include "plan/shape_catalog.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "core/errors.hpp"

namespace mhc {
namespace {

TEST(ShapeCatalog, PaperSetIsAppendixA) {
  const auto& paper = find_shape_set("paper").shapes;
  const std::vector<Shape> expected = {{320, 1280, 4},  {512, 1920, 4}, {1280, 2560, 4},
                                       {2560, 1280, 4}, {128, 1280, 8}, {256, 1280, 8},
                                       {32, 1280, 32},  {64, 1280, 32}, {128, 1280, 32}};
  EXPECT_EQ(paper, expected);
  for (const auto& s : paper) EXPECT_NO_THROW(validate_shape(s));
}

TEST(ShapeCatalog, ParsesUserShape) {
  EXPECT_EQ(parse_shape("4096,7168,4"), (Shape{4096, 7168, 4}));
  EXPECT_EQ(parse_shape(" 8 , 16 , 8 "), (Shape{8, 16, 8}));
}

void expect_usage_error(const std::string& text, const std::string& fragment) {
  try {
    parse_shape(text);
    FAIL() << text << " was accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
        << "message '" << e.what() << "' lacks '" << fragment << "'";
  }
}

TEST(ShapeCatalog, RejectsBadShapesNamingTheValue) {
  expect_usage_error("0,1280,4", "B = 0 must be >= 1");
  expect_usage_error("-5,1280,4", "B = -5");
  expect_usage_error("320,1284,4", "C = 1284 must be a multiple of 8");
  expect_usage_error("320,131072,4", "C = 131072");
  expect_usage_error("320,1280,5", "n = 5 is not supported (allowed: 4, 8, 16, 32)");
  expect_usage_error("320,1280", "three fields");
  expect_usage_error("320,abc,4", "'abc' is not an integer");
  expect_usage_error("320,1280,4x", "'4x' is not an integer");
  expect_usage_error("99999999999999999999,1280,4", "is not an integer");
  // 2^20 tokens x 32 streams x 65536 would overflow 32-bit indexing (and int64 if multiplied).
  expect_usage_error("1048576,65536,32", "exceeds");
}

TEST(ShapeCatalog, UnknownSetListsKnownSets) {
  try {
    find_shape_set("papers");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("known: paper"), std::string::npos);
  }
}

TEST(ShapeCatalog, ResolvesUnionWithoutRepeats) {
  const auto shapes = resolve_shapes({"paper"}, {"320,1280,4", "8,64,4"}, {});
  EXPECT_EQ(shapes.size(), 10u);
  EXPECT_EQ(shapes.back(), (Shape{8, 64, 4}));
}

TEST(ShapeCatalog, ReadsShapesFileWithLineNumbersInErrors) {
  const std::string path = ::testing::TempDir() + "/shapes.txt";
  {
    std::ofstream out(path);
    out << "# my shapes\n16,256,8\n\n32,512,4  # trailing comment\n";
  }
  EXPECT_EQ(read_shapes_file(path), (std::vector<Shape>{{16, 256, 8}, {32, 512, 4}}));
  {
    std::ofstream out(path);
    out << "16,256,8\n16,250,8\n";
  }
  try {
    read_shapes_file(path);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":2:"), std::string::npos) << e.what();
  }
  std::remove(path.c_str());
  EXPECT_THROW(read_shapes_file(path), UsageError);
}

}  // namespace
}  // namespace mhc
