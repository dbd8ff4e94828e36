#include "render/graphviz.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <fstream>
#include <vector>

namespace smsmc::render {

namespace {
// Graphviz's messages, collected instead of printed, for RenderError.
std::string graphviz_messages;
int collect(char* message) {
  graphviz_messages += message;
  return 0;
}
std::string with_messages(std::string what) {
  while (!graphviz_messages.empty() && (graphviz_messages.back() == '\n' || graphviz_messages.back() == ' '))
    graphviz_messages.pop_back();
  if (!graphviz_messages.empty()) what += " (Graphviz: " + graphviz_messages + ")";
  return what;
}

// Graphviz 2.42's pango plugin caches a pointer to the last font name it
// measured, a string owned by the graph; after agclose() the next layout
// strcmp()s freed memory (AddressSanitizer: heap-use-after-free in
// libgvplugin_pango, found by tests/render_test under SMSMC_SANITIZE). So
// smsmc keeps one context and every graph it rendered open until exit: a
// few hundred kilobytes per diagram, still reachable, for a short-lived CLI.
GVC_t* context() {
  static GVC_t* const gvc = gvContext();
  if (gvc == nullptr) throw RenderError("Graphviz could not start (gvContext failed)");
  return gvc;
}
void keep(Agraph_t* graph) {
  static std::vector<Agraph_t*> graphs;
  graphs.push_back(graph);
}
}  // namespace

}  // namespace smsmc::render

// Graphviz, pango and fontconfig keep caches they never free; under
// SMSMC_SANITIZE LeakSanitizer would report them at every exit of a program
// that rendered. Only allocations made inside those libraries are hidden,
// never smsmc's own. (A hook LeakSanitizer looks up; inert otherwise.)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvc.so\nleak:libcgraph.so\nleak:libgvplugin_\nleak:libpango\nleak:libfontconfig.so\n"
         "leak:libcairo.so\nleak:libglib-2.0.so\nleak:libgobject-2.0.so\nleak:libharfbuzz.so\n";
}

namespace smsmc::render {

Format format_for(const std::string& file) {
  auto ends_with = [&](const char* suffix) {
    const std::string s(suffix);
    return file.size() >= s.size() && file.compare(file.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with(".dot") || ends_with(".gv")) return Format::dot;
  if (ends_with(".svg")) return Format::svg;
  if (ends_with(".png")) return Format::png;
  throw RenderError("cannot tell the format of '" + file + "': use a .svg, .png or .dot file name");
}

const char* extension(Format format) {
  switch (format) {
    case Format::dot: return "dot";
    case Format::svg: return "svg";
    case Format::png: return "png";
  }
  return "?";
}

std::string render(const std::string& dot, Format format) {
  if (format == Format::dot) return dot;
  // Graphviz reports through agerr; keep warnings off the user's terminal and
  // turn real errors into exceptions below.
  agseterr(AGERR);
  agseterrf(collect);
  graphviz_messages.clear();
  GVC_t* gvc = context();
  Agraph_t* graph = agmemread(dot.c_str());
  if (graph == nullptr) throw RenderError(with_messages("Graphviz could not read the DOT"));
  keep(graph);
  const char* layout = agget(graph, const_cast<char*>("layout"));
  const char* engine = layout != nullptr && *layout != '\0' ? layout : "dot";
  if (gvLayout(gvc, graph, engine) != 0)
    throw RenderError(with_messages(std::string("Graphviz layout '") + engine + "' failed"));
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc, graph, extension(format), &data, &length);
  std::string out = rc == 0 && data != nullptr ? std::string(data, length) : std::string();
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc, graph);
  if (rc != 0 || out.empty()) throw RenderError(with_messages(std::string("Graphviz could not render ") + extension(format)));
  return out;
}

void render_to_file(const std::string& dot, const std::string& file) {
  const std::string bytes = render(dot, format_for(file));
  std::ofstream out(file, std::ios::binary);
  if (!out) throw RenderError("cannot write " + file);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw RenderError("error writing " + file);
}

}  // namespace smsmc::render
