#include "emit/table_source.hpp"

#include <fmt/format.h>

namespace mhc::emit {
namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string enumerator(HPath v) {
  return v == HPath::static_h ? "HPath::static_h" : "HPath::dynamic_h";
}
std::string enumerator(Direction v) {
  return v == Direction::forward ? "Direction::forward" : "Direction::backward";
}
std::string enumerator(Dtype v) {
  return v == Dtype::f32 ? "Dtype::f32" : "Dtype::bf16";
}
std::string enumerator(Convention v) {
  return v == Convention::paper ? "Convention::paper" : "Convention::production";
}
std::string enumerator(runtime::PipelineRole v) {
  switch (v) {
    case runtime::PipelineRole::tuned:
      return "PipelineRole::tuned";
    case runtime::PipelineRole::default_pipeline:
      return "PipelineRole::default_pipeline";
    case runtime::PipelineRole::baseline:
      return "PipelineRole::baseline";
  }
  return "";
}

// Bytes as an array, 16 per line; a trailing zero keeps PTX usable as a C string.
std::string byte_array(const std::string& name, const char* data, size_t size, bool terminate) {
  std::string out = fmt::format("const unsigned char {}[] = {{", name);
  for (size_t i = 0; i < size; ++i)
    out +=
        fmt::format("{}{}", i % 16 == 0 ? "\n    " : "", static_cast<unsigned char>(data[i])) + ",";
  if (terminate) out += "0";
  return out + "};\n";
}

std::string problem_source(const Problem& p) {
  const auto& k = p.constants;
  return fmt::format(
      "{{.path = {}, .direction = {}, .shape = {{{}, {}, {}}}, .residual_dtype = {}, "
      ".convention = {}, .constants = {{{}, {}, {}, {}, {}}}}}",
      enumerator(p.path), enumerator(p.direction), p.shape.tokens, p.shape.hidden, p.shape.streams,
      enumerator(p.residual_dtype), enumerator(p.convention), k.sinkhorn_iters, k.rms_eps,
      k.sinkhorn_eps, k.post_mult, k.pre_eps);
}

std::string geometry_source(const LaunchGeometry& g) {
  return fmt::format("{{{{{}, {}, {}}}, {{{}, {}, {}}}, {}}}", g.grid[0], g.grid[1], g.grid[2],
                     g.block[0], g.block[1], g.block[2], g.shared_bytes);
}

std::string pipeline_source(const runtime::TablePipeline& tp) {
  const auto& p = tp.definition;
  std::string conventions, steps;
  for (auto c : p.conventions) conventions += enumerator(c) + ", ";
  for (const auto& s : p.steps) {
    std::string ops;
    for (const auto& op : s.ops) ops += quoted(op) + ", ";
    steps += fmt::format("{{{{{}}}, {}}}, ", ops, s.per_sinkhorn_iteration);
  }
  return fmt::format("          {{{{{}, \"\", {}, {}, {{{}}}, {}, {{{}}}}}, {}}},\n",
                     quoted(p.name), enumerator(p.path), enumerator(p.direction), conventions,
                     p.baseline, steps, enumerator(tp.role));
}

}  // namespace

std::string fill_template(std::string text,
                          const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [name, value] : values) {
    const std::string marker = "@" + name + "@";
    for (size_t at = text.find(marker); at != std::string::npos;
         at = text.find(marker, at + value.size()))
      text.replace(at, marker.size(), value);
  }
  return text;
}

std::string render_table_source(const std::string& template_text,
                                const runtime::DispatchTable& table,
                                const std::vector<EmbeddedKernel>& kernels,
                                const TableSourceInfo& info) {
  std::string data, kernel_rows, entries, pipelines;
  for (size_t i = 0; i < kernels.size(); ++i) {
    const auto& k = kernels[i];
    data += fmt::format("// {} [{}]\n", k.name_expression, k.source);
    if (!k.cubin.empty())  // a virtual-arch compile has PTX only
      data += byte_array(fmt::format("kCubin{}", i), k.cubin.data(), k.cubin.size(), false);
    data += byte_array(fmt::format("kPtx{}", i), k.ptx.data(), k.ptx.size(), true);
    kernel_rows += fmt::format("          {{{}, {}, {}, {}, {}, kPtx{}, {}}},\n", quoted(k.source),
                               quoted(k.name_expression), quoted(k.lowered_name),
                               k.cubin.empty() ? "nullptr" : fmt::format("kCubin{}", i),
                               k.cubin.size(), i, k.ptx.size());
  }
  for (const auto& e : table.entries) {
    std::string variants;
    for (const auto& v : e.variants)
      variants += fmt::format("{{{}, {}, {}}}, ", quoted(v.op), quoted(v.params),
                              geometry_source(v.geometry));
    entries += fmt::format("          {{{}, {}, {{{}}}, {}}},\n", problem_source(e.problem),
                           quoted(e.pipeline), variants, e.median_us);
  }
  for (const auto& p : table.pipelines) pipelines += pipeline_source(p);
  return fill_template(template_text, {{"VERSION", info.version},
                                       {"DATABASE", info.database},
                                       {"GPU_NAME", table.gpu_name},
                                       {"ARCH", table.arch},
                                       {"KERNEL_DATA", data},
                                       {"ENTRIES", entries},
                                       {"PIPELINES", pipelines},
                                       {"KERNELS", kernel_rows}});
}

}  // namespace mhc::emit
