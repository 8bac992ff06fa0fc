#pragma once
// What the two backward op groups share (backward_ops.cpp, naive_backward_ops.cpp): the base
// definition of a backward op and the problem sizes their rules and byte counts use.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ops/op.hpp"

namespace mhc::bwd {

inline int64_t n_of(const Problem& p) {
  return p.shape.streams;
}
inline int64_t m_of(const Problem& p) {
  return mixing_logits(p.shape.streams);
}
inline int64_t h_rows(const Problem& p) {
  return p.path == HPath::dynamic_h ? p.shape.tokens : 1;
}
inline int64_t residual_bytes(const Problem& p) {
  return p.shape.elements() * dtype_bytes(p.residual_dtype);
}
inline int64_t channel_bytes(const Problem& p, int64_t bytes) {
  return p.shape.tokens * p.shape.hidden * bytes;
}
inline std::string num(int64_t v) {
  return std::to_string(v);
}
inline std::string flag(bool v) {
  return v ? "true" : "false";
}
inline uint32_t u32(int64_t v) {
  return static_cast<uint32_t>(v);
}
inline std::string no_constraint(const Problem&, const ParamPoint&) {
  return {};
}
inline int64_t sinkhorn_slots(const Problem& p) {
  return 2 * int64_t{p.constants.sinkhorn_iters};
}

inline OpDefinition backward_op(std::string name, std::string source, std::vector<HPath> paths) {
  OpDefinition op;
  op.name = std::move(name);
  op.source = std::move(source);
  op.paths = std::move(paths);
  op.direction = Direction::backward;
  op.invalid_reason = no_constraint;
  return op;
}

}  // namespace mhc::bwd
