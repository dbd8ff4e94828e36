// Turning DOT into pictures. smsmc links Graphviz's C library (libgvc and
// libcgraph) rather than running the `dot` program: no dependence on PATH or a
// subprocess, errors come back as return codes in-process, and tests can
// render into memory. The DOT we hand it is also what `-o file.dot` writes, so
// a user can re-render it with `dot -Tpdf` (the layout engine is named in the
// file's `layout` attribute).
#pragma once

#include <stdexcept>
#include <string>

namespace smsmc::render {

enum class Format { dot, svg, png };

struct RenderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// From a file name's extension (.dot, .gv, .svg, .png); throws RenderError.
Format format_for(const std::string& file);
const char* extension(Format format);

/// Lays out and renders DOT with the engine named by its `layout` attribute
/// (dot when there is none). For Format::dot returns `dot` unchanged.
std::string render(const std::string& dot, Format format);

/// render() into `file`, the format chosen by its extension.
void render_to_file(const std::string& dot, const std::string& file);

}  // namespace smsmc::render
