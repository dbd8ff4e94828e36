#include "render/graphviz.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <fstream>
#include <memory>

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
}  // namespace

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
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
  if (!gvc) throw RenderError("Graphviz could not start (gvContext failed)");
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(dot.c_str()), agclose);
  if (!graph) throw RenderError(with_messages("Graphviz could not read the DOT"));
  const char* layout = agget(graph.get(), const_cast<char*>("layout"));
  const char* engine = layout != nullptr && *layout != '\0' ? layout : "dot";
  if (gvLayout(gvc.get(), graph.get(), engine) != 0)
    throw RenderError(with_messages(std::string("Graphviz layout '") + engine + "' failed"));
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc.get(), graph.get(), extension(format), &data, &length);
  std::string out = rc == 0 && data != nullptr ? std::string(data, length) : std::string();
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), graph.get());
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
