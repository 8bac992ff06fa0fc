// render_svg_chart: the speedups of the seed's tables as horizontal bars, one per value, in a
// standalone SVG that any browser shows (and GitHub shows inline from the markdown). Missing values
// get no bar, only a note; the report's footnotes say why.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/number_format.hpp"
#include "report/report_printers.hpp"

namespace mhc::report {

namespace {

constexpr int kWidth = 760;
constexpr int kLabelWidth = 140;  // shape labels left of the axis
constexpr int kPlotWidth = 530;
constexpr int kBarHeight = 12;
constexpr int kBarGap = 2;
constexpr int kRowGap = 10;
constexpr int kTitleHeight = 30;

struct Series {
  const char* name;
  const char* colour;
  HPath path;
  Direction direction;
};
constexpr Series kSeries[] = {
    {"static forward", "#1f77b4", HPath::static_h, Direction::forward},
    {"static backward", "#9ecae1", HPath::static_h, Direction::backward},
    {"dynamic forward", "#e6550d", HPath::dynamic_h, Direction::forward},
    {"dynamic backward", "#fdae6b", HPath::dynamic_h, Direction::backward},
};

std::string xml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const SpeedupCell& cell_of(const ResultGroup& g, size_t row, const Series& s) {
  const auto& table = s.path == HPath::static_h ? g.static_h : g.dynamic_h;
  return s.direction == Direction::forward ? table.rows[row].forward : table.rows[row].backward;
}

// The axis runs from 0 to a whole number of ticks at or above the largest speedup.
double tick_step(double largest) {
  return largest <= 10 ? 1 : largest <= 50 ? 5 : 10;
}

}  // namespace

std::string render_svg_chart(const ReportModel& model) {
  double largest = 1.0;
  for (const auto& g : model.groups)
    for (size_t row = 0; row < g.static_h.rows.size(); ++row)
      for (const auto& s : kSeries)
        if (const auto& v = cell_of(g, row, s).speedup.value) largest = std::max(largest, *v);
  const double step = tick_step(largest);
  const double axis_max = std::ceil(largest / step) * step;
  const auto x_of = [&](double v) { return kLabelWidth + v / axis_max * kPlotWidth; };

  std::string body;
  int y = 66;  // below the title, the subtitle and the legend
  for (const auto& g : model.groups) {
    y += kTitleHeight;
    body += fmt::format(
        "  <text class=\"group\" x=\"8\" y=\"{}\">{} residual, {} convention ({}, L2 {})</text>\n",
        y - 10, to_string(g.residual_dtype), to_string(g.convention),
        xml(model.devices[g.device].name), store::to_string(g.cache_mode));
    const int top = y;
    std::string bars;
    // A path the group never swept gets no bars and no notes.
    std::vector<const Series*> shown;
    for (const auto& s : kSeries)
      if ((s.path == HPath::static_h ? g.static_h : g.dynamic_h).swept) shown.push_back(&s);
    for (size_t row = 0; row < g.static_h.rows.size(); ++row) {
      const auto& shape = g.static_h.rows[row].shape;
      const int row_height = static_cast<int>(shown.size()) * (kBarHeight + kBarGap);
      bars += fmt::format("  <text class=\"shape\" x=\"{}\" y=\"{}\">B={} C={} n={}</text>\n",
                          kLabelWidth - 6, y + row_height / 2 + 4, shape.tokens, shape.hidden,
                          shape.streams);
      for (const auto* series : shown) {
        const auto& s = *series;
        const auto& c = cell_of(g, row, s);
        if (c.speedup.value) {
          const double v = *c.speedup.value;
          bars += fmt::format(
              "  <rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\">"
              "<title>{} {},{},{}: {} (baseline {} µs, tuned {} µs)</title></rect>\n",
              kLabelWidth, y, x_of(v) - kLabelWidth, kBarHeight, s.colour, s.name, shape.tokens,
              shape.hidden, shape.streams, format_number(v, Hint::ratio),
              format_number(*c.baseline_us.value, Hint::duration_us),
              format_number(*c.tuned_us.value, Hint::duration_us));
          bars += fmt::format("  <text class=\"value\" x=\"{:.1f}\" y=\"{}\">{}</text>\n",
                              x_of(v) + 4, y + kBarHeight - 2, format_number(v, Hint::ratio));
        } else if (c.speedup.gap != Gap::not_swept) {  // unswept cells stay blank
          bars += fmt::format(
              "  <text class=\"missing\" x=\"{}\" y=\"{}\">{}: no speedup ({})</text>\n",
              kLabelWidth + 4, y + kBarHeight - 2, s.name, gap_code(c.speedup.gap));
        }
        y += kBarHeight + kBarGap;
      }
      y += kRowGap;
    }
    // The axis of this group: ticks, and 1x, where the tuned layer is as fast as the baseline.
    for (double v = 0; v <= axis_max + 1e-9; v += step)
      body += fmt::format(
          "  <line class=\"grid\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\"/>\n"
          "  <text class=\"tick\" x=\"{0:.1f}\" y=\"{3}\">{4}x</text>\n",
          x_of(v), top - 4, y - kRowGap + 2, y + 4, v);
    body += bars;  // over the grid
    body +=
        fmt::format("  <line class=\"one\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\"/>\n",
                    x_of(1.0), top - 4, y - kRowGap + 2);
    y += 12;
  }

  std::string legend;
  for (size_t i = 0; i < std::size(kSeries); ++i)
    legend += fmt::format(
        "  <rect x=\"{0}\" y=\"48\" width=\"12\" height=\"12\" fill=\"{1}\"/>"
        "<text class=\"legend\" x=\"{2}\" y=\"58\">{3}</text>\n",
        8 + 150 * i, kSeries[i].colour, 24 + 150 * i, kSeries[i].name);
  const int height = y + 24;
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" "
      "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
      "  <style>\n"
      "    .title {{ font-size: 14px; font-weight: bold; }}\n"
      "    .group {{ font-size: 12px; font-weight: bold; }}\n"
      "    .shape {{ text-anchor: end; }}\n"
      "    .tick {{ text-anchor: middle; fill: #555; }}\n"
      "    .missing {{ fill: #777; font-style: italic; }}\n"
      "    .grid {{ stroke: #ddd; stroke-width: 1; }}\n"
      "    .one {{ stroke: #333; stroke-width: 1; stroke-dasharray: 4 3; }}\n"
      "  </style>\n"
      "  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
      "  <text class=\"title\" x=\"8\" y=\"22\">Speedup of the tuned mHC layer over the naive "
      "baseline</text>\n"
      "  <text x=\"8\" y=\"38\">Speedup = baseline time / tuned time, both medians of the whole "
      "layer; the dashed line is 1x.</text>\n"
      "{2}{3}"
      "  <text class=\"tick\" x=\"{4}\" y=\"{5}\">From {6} by mhc-tune report; times are medians "
      "in µs. Hover over a bar for its times.</text>\n"
      "</svg>\n",
      kWidth, height, legend, body, kWidth / 2, height - 8, xml(model.database));
}

}  // namespace mhc::report
