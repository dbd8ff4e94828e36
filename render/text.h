// Small text helpers shared by the diagram builders.
#pragma once

#include <cstdio>
#include <string>

namespace smsmc::render {

/// Escapes text for a Graphviz HTML-like label (log lines contain '<', '|').
inline std::string html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

/// Fixed one-decimal formatting: positions must print the same everywhere
/// so that the DOT is byte-for-byte deterministic.
inline std::string fmt_num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

/// A Helvetica-ish estimate of a line's width in points; only used to keep
/// notes and labels clear of their lifeline, so it errs on the wide side.
inline double text_width(const std::string& text, double font_size) {
  double chars = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) chars += 1;  // count UTF-8 code points, not bytes
  }
  return chars * font_size * 0.56;
}

}  // namespace smsmc::render
