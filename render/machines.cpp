#include "render/machines.h"

#include "render/text.h"
#include "statemachines/protocol.h"

#include <algorithm>
#include <sstream>

namespace smsmc::render {

namespace {
const char* red = "#c62828";

std::string steps_text(const std::vector<std::size_t>& steps) {
  std::string out = steps.size() == 1 ? "step " : "steps ";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i == 6) return out + ", …";
    out += (i == 0 ? "" : ", ") + std::to_string(steps[i]);
  }
  return out;
}
}  // namespace

std::string machine_dot(const sm::MachineInfo& info, const MachinePath* path) {
  std::ostringstream out;
  out << "// smsmc state machine of " << info.name << ", walked from its Boost.MSM transition_table.\n";
  out << "digraph " << info.name << " {\n";
  out << "  layout=dot; rankdir=TB; nodesep=0.5; ranksep=0.55; pad=0.3; fontname=\"Helvetica\"; labelloc=t;\n";
  out << "  label=<<font point-size=\"15\"><b>" << html(info.name) << "</b></font><br/><font point-size=\"10\">"
      << html(info.summary) << "</font><br/><font point-size=\"9\" color=\"#555555\">"
      << "solid: a step the machine takes by itself · dashed: a message from another machine · "
      << "label: event [guard] / action" << (path != nullptr ? " · red: taken by the trace" : "")
      << "</font><br/> >;\n";
  out << "  node [fontname=\"Helvetica\" fontsize=11 shape=box style=\"rounded,filled\" fillcolor=white];\n";
  out << "  edge [fontname=\"Helvetica\" fontsize=9];\n";
  out << "  start [shape=point width=0.15 fillcolor=black label=\"\"];\n";
  for (std::size_t s = 0; s < info.states.size(); ++s) {
    const bool visited = path != nullptr && s < path->visited.size() && path->visited[s];
    out << "  s" << s << " [label=<" << html(info.states[s]) << ">"
        << (visited ? std::string(" fillcolor=\"#ffe3e3\" color=\"") + red + "\" penwidth=1.8" : "") << "];\n";
  }
  out << "  start -> s" << info.initial << ";\n";
  for (std::size_t i = 0; i < info.rows.size(); ++i) {
    const sm::CompiledRow& row = info.rows[i];
    const sm::EventInfo& event = info.events[row.event];
    std::string label = html(event.name);
    if (*row.guard_name != '\0') label += "<br/>[" + html(row.guard_name) + "]";
    if (*row.action_name != '\0') label += "<br/>/ " + html(row.action_name);
    std::string style = event.spontaneous ? "style=solid" : "style=dashed";
    if (path != nullptr) {
      auto taken = path->rows.find(i);
      if (taken != path->rows.end()) {
        label += "<br/><b>" + html(steps_text(taken->second)) + "</b>";
        style += std::string(" color=\"") + red + "\" fontcolor=\"" + red + "\" penwidth=2.2";
      }
    }
    out << "  s" << static_cast<unsigned>(row.source) << " -> s" << static_cast<unsigned>(row.target) << " [label=<"
        << label << "> " << style << "];\n";
  }
  out << "}\n";
  return out.str();
}

namespace {
/// The row Boost.MSM took: among the rows of (source, event) that lead to
/// `target`, the first in MSM's order whose guard holds.
int row_taken(const sm::MachineInfo& info, sm::World& world, int actor, unsigned source, int event, unsigned target) {
  const sm::Context ctx(world, actor);
  int fallback = -1;
  for (std::uint8_t index : info.cell(source, static_cast<unsigned>(event))) {
    const sm::CompiledRow& row = info.rows[index];
    if (row.target != target) continue;
    if (fallback < 0) fallback = index;
    if (row.guard == nullptr || row.guard(ctx)) return index;
  }
  return fallback;
}
}  // namespace

std::map<int, MachinePath> machine_paths(const trace::Replay& replay) {
  const sm::Layout& layout = replay.layout();
  std::map<int, MachinePath> paths;
  auto path_of = [&](int service) -> MachinePath& {
    MachinePath& p = paths[service];
    if (p.visited.empty()) p.visited.assign(layout.registry().machine(service).states.size(), false);
    return p;
  };
  for (const sm::Actor& a : layout.actors()) path_of(a.service).visited[a.field.get(replay.initial.data())] = true;
  for (std::size_t k = 0; k < replay.steps.size(); ++k) {
    const trace::ReplayedStep& s = replay.steps[k];
    std::vector<mc::Word> state(replay.state_after(k), replay.state_after(k) + layout.words());
    sm::World world = replay.model->world(state.data());
    auto record = [&](int actor, unsigned before, int event, unsigned after) {
      const int service = layout.actor(actor).service;
      const sm::MachineInfo& info = layout.machine(actor);
      const unsigned saved = layout.actor(actor).field.get(state.data());
      layout.actor(actor).field.set(state.data(), before);
      const int row = row_taken(info, world, actor, before, event, after);
      layout.actor(actor).field.set(state.data(), saved);
      MachinePath& p = path_of(service);
      if (row >= 0) p.rows[static_cast<std::size_t>(row)].push_back(k + 1);
      p.visited[after] = true;
    };
    record(s.actor, s.before, s.event, s.after);
    for (const trace::RecordedMessage& m : s.messages) record(m.to, m.to_before, m.event, m.to_after);
  }
  for (auto& [service, p] : paths) {
    for (auto& [row, steps] : p.rows) steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  }
  return paths;
}

}  // namespace smsmc::render
