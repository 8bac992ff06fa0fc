#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace mhc {
namespace {

TEST(JsonWriter, NestsAndSeparates) {
  JsonWriter json(0);
  json.begin_object().field("a", 1).key("b").begin_array().value("x").value(2.5).end_array();
  json.key("c").begin_object().end_object().end_object();
  EXPECT_EQ(json.str(), R"({"a":1,"b":["x",2.5],"c":{}})");
}

TEST(JsonWriter, EscapesStringsAndNullsNonFinite) {
  JsonWriter json(0);
  json.begin_array().value("q\"\\\n\t").value(std::nan("")).value(true).null().end_array();
  EXPECT_EQ(json.str(), R"(["q\"\\\n\t",null,true,null])");
}

}  // namespace
}  // namespace mhc
