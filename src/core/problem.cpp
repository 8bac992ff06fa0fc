#include "core/problem.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

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

template <typename Enum, size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<HPath, 2> kPathNames{
    {{HPath::static_h, "static"}, {HPath::dynamic_h, "dynamic"}}};
constexpr NameTable<Direction, 2> kDirectionNames{
    {{Direction::forward, "forward"}, {Direction::backward, "backward"}}};
constexpr NameTable<Dtype, 2> kDtypeNames{{{Dtype::f32, "f32"}, {Dtype::bf16, "bf16"}}};
constexpr NameTable<Convention, 2> kConventionNames{
    {{Convention::paper, "paper"}, {Convention::production, "production"}}};

template <typename Enum, size_t N>
std::string_view name_of(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "?";
}

template <typename Enum, size_t N>
Enum parse_name(const NameTable<Enum, N>& table, std::string_view text, std::string_view what) {
  std::string allowed;
  for (const auto& [e, name] : table) {
    if (name == text) return e;
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
  }
  throw UsageError(fmt::format("unknown {} '{}' (allowed: {})", what, text, allowed));
}

}  // namespace

std::string_view to_string(HPath path) {
  return name_of(kPathNames, path);
}
std::string_view to_string(Direction direction) {
  return name_of(kDirectionNames, direction);
}
std::string_view to_string(Dtype dtype) {
  return name_of(kDtypeNames, dtype);
}
std::string_view to_string(Convention convention) {
  return name_of(kConventionNames, convention);
}

std::string to_string(const Shape& shape) {
  return fmt::format("{},{},{}", shape.tokens, shape.hidden, shape.streams);
}

std::string to_string(const Problem& p) {
  return fmt::format("{}/{}/{}/{}/{}", to_string(p.path), to_string(p.direction),
                     to_string(p.residual_dtype), to_string(p.convention), to_string(p.shape));
}

HPath parse_path(std::string_view text) {
  return parse_name(kPathNames, text, "path");
}
Direction parse_direction(std::string_view text) {
  return parse_name(kDirectionNames, text, "direction");
}
Dtype parse_dtype(std::string_view text) {
  return parse_name(kDtypeNames, text, "dtype");
}
Convention parse_convention(std::string_view text) {
  return parse_name(kConventionNames, text, "convention");
}

int64_t dtype_bytes(Dtype dtype) {
  return dtype == Dtype::f32 ? 4 : 2;
}

}  // namespace mhc
