#include "core/problem.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "core/enum_names.hpp"
#include "core/errors.hpp"

namespace mhc {

MhcConstants paper_constants() {
  return MhcConstants{};
}

MhcConstants production_constants() {
  MhcConstants c;
  c.rms_eps = 1e-6;
  c.sinkhorn_eps = 1e-6;
  c.post_mult = 1.0;
  c.pre_eps = 1e-6;
  return c;
}

MhcConstants default_constants(Convention convention) {
  return convention == Convention::paper ? paper_constants() : production_constants();
}

namespace {

constexpr EnumNames<HPath, 2> kPathNames{
    {{HPath::static_h, "static"}, {HPath::dynamic_h, "dynamic"}}};
constexpr EnumNames<Direction, 2> kDirectionNames{
    {{Direction::forward, "forward"}, {Direction::backward, "backward"}}};
constexpr EnumNames<Dtype, 2> kDtypeNames{{{Dtype::f32, "f32"}, {Dtype::bf16, "bf16"}}};
constexpr EnumNames<Convention, 2> kConventionNames{
    {{Convention::paper, "paper"}, {Convention::production, "production"}}};

}  // namespace

std::string_view to_string(HPath path) {
  return enum_name(kPathNames, path);
}
std::string_view to_string(Direction direction) {
  return enum_name(kDirectionNames, direction);
}
std::string_view to_string(Dtype dtype) {
  return enum_name(kDtypeNames, dtype);
}
std::string_view to_string(Convention convention) {
  return enum_name(kConventionNames, convention);
}

std::string to_string(const Shape& shape) {
  return fmt::format("{},{},{}", shape.tokens, shape.hidden, shape.streams);
}

std::string to_string(const Problem& p) {
  return fmt::format("{}/{}/{}/{}/{}", to_string(p.path), to_string(p.direction),
                     to_string(p.residual_dtype), to_string(p.convention), to_string(p.shape));
}

HPath parse_path(std::string_view text) {
  return parse_enum(kPathNames, text, "path");
}
Direction parse_direction(std::string_view text) {
  return parse_enum(kDirectionNames, text, "direction");
}
Dtype parse_dtype(std::string_view text) {
  return parse_enum(kDtypeNames, text, "dtype");
}
Convention parse_convention(std::string_view text) {
  return parse_enum(kConventionNames, text, "convention");
}

int64_t dtype_bytes(Dtype dtype) {
  return dtype == Dtype::f32 ? 4 : 2;
}

}  // namespace mhc
