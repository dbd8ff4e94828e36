#include "render/sequence.h"

#include "render/lanes.h"
#include "render/text.h"
#include "spec/properties.h"
#include "spec/shared_parent.h"
#include "spec/timing.h"
#include "statemachines/protocol.h"
#include "statemachines/registry.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>

namespace smsmc::render {

namespace {

// Geometry, in points (1/72 inch). y grows downwards here and is negated
// when written, because Graphviz's y axis points up.
constexpr double lane_gap = 128;
constexpr double gutter_x = 0;
constexpr double first_lane_x = 70;
constexpr double header_y = 40;
constexpr double header_height = 40;
constexpr double row = 36;        // a step's box
constexpr double message_row = 24;
constexpr double log_line = 14;
constexpr double font = 11;

const char* red = "#c62828";
const char* pale_red = "#ffe3e3";
const char* package_color = "#c25e00";

/// How a lifeline is drawn while its actor is in a state: a stopped or not
/// yet installed service fades, an Emergency Restart is an alarm. Purely
/// presentation; an unknown name is drawn normally.
enum class Look { normal, faded, alarm };
Look look_of(const char* state) {
  const std::string s(state);
  if (s == "Stopped" || s == "NotInstalled") return Look::faded;
  if (s == "EmergencyRestart") return Look::alarm;
  return Look::normal;
}

bool is_kb_line(const sm::Layout& layout, const sm::LogLine& line) {
  const sm::ServiceTraits& traits = layout.registry().traits(layout.actor(line.actor).service);
  for (int i = 0; i < traits.kb_line_count(); ++i) {
    if (line.text == traits.kb_line(i)) return true;
  }
  return false;
}

class Builder {
 public:
  Builder(const trace::Replay& replay, const SequenceOptions& options)
      : r_(replay), layout_(replay.layout()), options_(options) {}

  std::string build() {
    make_lanes();
    header();
    for (std::size_t k = 0; k < r_.steps.size(); ++k) step(k);
    y_ += row;
    footer();
    lifelines();
    bands();
    std::ostringstream out;
    out << "// smsmc message sequence diagram. Positions are pinned: render with\n"
        << "// `dot -Tsvg` (the file names its layout engine, nop2) or `smsmc render`.\n";
    out << "digraph trace {\n";
    out << "  layout=nop2; splines=line; outputorder=edgesfirst; bgcolor=white; pad=0.3;\n";
    out << "  labelloc=t; fontname=\"Helvetica\"; label=<" << title() << ">;\n";
    out << "  node [fontname=\"Helvetica\" fontsize=" << fmt_num(font) << " margin=\"0.08,0.03\"];\n";
    out << "  edge [fontname=\"Helvetica\" fontsize=10 arrowsize=0.8];\n";
    out << clusters_.str() << nodes_.str() << edges_.str() << "}\n";
    return out.str();
  }

 private:
  // ---- lanes ---------------------------------------------------------------
  void make_lanes() {
    Lanes lanes = render::make_lanes(r_, options_.group_logon_servers_above);
    lanes_ = std::move(lanes.lanes);
    lane_of_ = std::move(lanes.lane_of);
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      lanes_[i].width = std::max({lane_gap, text_width(lane_title(i), font * 1.1) + 28, text_width(lane_name(i), 9) + 28});
      if (i == 0) {
        lanes_[i].x = first_lane_x;
        continue;
      }
      // A wider gap between sites keeps their bands apart.
      lanes_[i].x = lanes_[i - 1].x + (lanes_[i - 1].width + lanes_[i].width) / 2 +
                    (lanes_[i].site != lanes_[i - 1].site ? 40 : 0);
    }
    right_ = lanes_.back().x;
    current_.resize(layout_.actors().size());
    for (std::size_t a = 0; a < current_.size(); ++a) current_[a] = layout_.actors()[a].field.get(r_.initial.data());
    looks_.resize(lanes_.size());
    for (std::size_t l = 0; l < lanes_.size(); ++l) looks_[l].push_back({header_y + header_height / 2, lane_look(l)});
  }

  const sm::Actor& actor(int id) const { return layout_.actor(id); }
  const char* state_name(int id, unsigned state) const { return layout_.machine(id).states[state]; }

  /// The lane's look from the current states (a group fades once all are stopped).
  Look lane_look(std::size_t lane) const {
    Look look = Look::faded;
    for (int a : lanes_[lane].actors) {
      const Look l = look_of(state_name(a, current_[static_cast<std::size_t>(a)]));
      if (l == Look::alarm) return l;
      if (l == Look::normal) look = Look::normal;
    }
    return look;
  }

  std::string lane_state(std::size_t lane) const {
    const Lane& l = lanes_[lane];
    if (l.actors.size() == 1) return state_name(l.actors[0], current_[static_cast<std::size_t>(l.actors[0])]);
    std::map<std::string, int> counts;
    for (int a : l.actors) ++counts[state_name(a, current_[static_cast<std::size_t>(a)])];
    std::string out;
    for (const auto& [state, count] : counts) out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + state;
    return out;
  }

  std::string lane_title(std::size_t lane) const { return render::lane_title(layout_, lanes_[lane]); }
  std::string lane_name(std::size_t lane) const { return render::lane_name(layout_, lanes_[lane]); }
  /// The lane of an actor that acts in the trace: make_lanes gives every
  /// one a lane, so a miss is a bug, reported as one.
  std::size_t lane_of(int actor) const {
    const int lane = lane_of_[static_cast<std::size_t>(actor)];
    if (lane < 0) throw std::logic_error("sequence diagram: " + actor_name(actor) + " acts but has no lifeline");
    return static_cast<std::size_t>(lane);
  }
  const std::string& actor_name(int actor) const { return layout_.actor(actor).name; }

  // ---- rows ----------------------------------------------------------------
  void header() {
    for (std::size_t l = 0; l < lanes_.size(); ++l) {
      node("h" + std::to_string(l), lanes_[l].x, header_y,
           "shape=box style=\"rounded,filled\" fillcolor=white penwidth=1.2 label=<<b>" + html(lane_title(l)) +
               "</b><br/><font point-size=\"9\" color=\"#555555\">" + html(lane_name(l)) + "</font>>");
    }
    y_ = header_y + header_height / 2 + 16;
  }

  void footer() {
    const double y = y_ + 10;
    for (std::size_t l = 0; l < lanes_.size(); ++l) {
      const Look look = lane_look(l);
      std::string style = "shape=box style=\"rounded,filled\" fontsize=10 ";
      style += look == Look::alarm ? std::string("fillcolor=\"") + pale_red + "\" color=\"" + red + "\" fontcolor=\"" + red + "\""
               : look == Look::faded ? "fillcolor=\"#eeeeee\" color=\"#999999\" fontcolor=\"#666666\""
                                     : "fillcolor=white";
      node("f" + std::to_string(l), lanes_[l].x, y, style + " label=<" + html(lane_state(l)) + ">");
    }
    footer_y_ = y;
    std::string legend =
        "boxes: a step the actor takes by itself · arrows: messages sent inside that step (orange: the site "
        "install package moving) · grey: the new state · notes: log lines · dotted lifeline: stopped or not "
        "installed";
    node("legend", (first_lane_x + right_) / 2, y + 34,
         "shape=plaintext fontsize=9 fontcolor=\"#555555\" label=<" + html(legend) + ">");
    bottom_ = y + 44;
  }

  /// A timed trace's step time under the step number: "t = 1,260 s".
  [[nodiscard]] std::string time_label(std::size_t k) const {
    const std::optional<mc::timed::Time>& at = r_.trace.steps[k].time;
    if (!at) return "";
    const std::string text = at->den == 1 ? spec::format_seconds(at->num) : at->to_string();
    return "<br/><font point-size=\"8\">t = " + html(text) + " s</font>";
  }

  void step(std::size_t k) {
    const trace::ReplayedStep& s = r_.steps[k];
    const std::size_t number = k + 1;
    const bool violating = r_.violating_step && *r_.violating_step == number;
    std::vector<std::string> failures;  // other properties that first fail here
    for (const auto& [name, at] : first_failures()) {
      if (at == number && !(violating && name == r_.property)) failures.push_back(name);
    }
    if (r_.trace.loop_start && *r_.trace.loop_start == k) loop_top_ = y_ + 6;
    y_ += row;
    const std::size_t lane = lane_of(s.actor);
    const double x = lanes_[lane].x;
    const sm::MachineInfo& info = layout_.machine(s.actor);
    node("n" + std::to_string(number), gutter_x, y_,
         std::string("shape=plaintext fontsize=10 fontcolor=\"") + (violating || !failures.empty() ? red : "#555555") +
             "\" label=<" + std::to_string(number) + time_label(k) + ">");
    const std::string event = info.events[static_cast<std::size_t>(s.event)].name;
    std::string label = "<b>" + html(event) + "</b>";
    if (lanes_[lane].actors.size() > 1) label = html(actor(s.actor).name) + "<br/>" + label;
    if (s.before != s.after)
      label += "<br/><font point-size=\"9\" color=\"#555555\">→ " + html(info.states[s.after]) + "</font>";
    const std::string box_style = violating || !failures.empty()
                                      ? std::string("fillcolor=\"") + pale_red + "\" color=\"" + red + "\" penwidth=2"
                                      : "fillcolor=\"#f2f5fa\" color=\"#4a5a75\"";
    node("s" + std::to_string(number), x, y_, "shape=box style=\"filled\" " + box_style + " label=<" + label + ">");
    double box_half = text_width(event, font * 1.1) / 2 + 10;
    if (s.before != s.after) box_half = std::max(box_half, text_width(std::string("→ ") + info.states[s.after], 9) / 2 + 10);
    std::vector<std::string> marks;
    if (violating) {
      marks.push_back(r_.finding == trace::Finding::safety_violation ? "✗ violates " + r_.property
                                                                     : "✗ " + r_.property + " can no longer hold");
    }
    for (const std::string& name : failures) marks.push_back("✗ violates " + name);
    if (!marks.empty()) {
      std::string text;
      double width = 0;
      for (const std::string& m : marks) {
        text += (text.empty() ? "" : "<br/>") + html(m);
        width = std::max(width, text_width(m, font));
      }
      node("v" + std::to_string(number), x + box_half + 8 + width / 2, y_,
           std::string("shape=plaintext fontcolor=\"") + red + "\" label=<<b>" + text + "</b>>");
    }
    current_[static_cast<std::size_t>(s.actor)] = s.after;
    mark_look(lane, y_);
    y_ += row / 2 - 4;

    // Log lines and messages in the order the step wrote and sent them.
    std::size_t next_log = 0;
    for (std::size_t m = 0; m <= s.messages.size(); ++m) {
      const std::size_t upto = m < s.messages.size() ? s.messages[m].log_index : s.log.size();
      if (next_log < upto) {
        notes(s, next_log, std::min(upto, s.log.size()), violating);
        next_log = upto;
      }
      if (m < s.messages.size()) message(number, m, s.messages[m], violating);
    }
    if (r_.trace.loop_start && k + 1 == r_.steps.size()) loop_bottom_ = y_ + 4;
  }

  void message(std::size_t number, std::size_t index, const trace::RecordedMessage& m, bool violating) {
    y_ += message_row;
    const std::string id = "m" + std::to_string(number) + "_" + std::to_string(index);
    const std::size_t to_lane = lane_of(m.to);
    const double x_from = lanes_[lane_of(m.from)].x;
    const double x_to = lanes_[to_lane].x;
    const sm::Actor& to = actor(m.to);
    std::string event = layout_.machine(m.to).events[static_cast<std::size_t>(m.event)].name;
    if (lanes_[to_lane].actors.size() > 1)
      event += " (" + std::to_string(to.site + 1) + "." + std::to_string(to.index + 1) + ")";
    anchor(id + "a", x_from, y_);
    anchor(id + "b", x_to, y_);
    // The site install package's journey (HM -> link -> inbox -> taker) is
    // the story of the race: its hops get their own colour.
    const bool package = layout_.registry().traits(to.service).is_package_hop();
    const std::string color = violating ? red : package ? package_color : "#1f3a68";
    edges_ << "  " << id << "a -> " << id << "b [color=\"" << color << "\" fontcolor=\"" << color << "\""
           << (violating || package ? " penwidth=1.8" : "") << " label=<" << (package ? "<b>" : "") << html(event)
           << (package ? "</b>" : "") << ">];\n";
    current_[static_cast<std::size_t>(m.to)] = m.to_after;
    if (m.to_before != m.to_after) {
      const std::string text = "→ " + lane_state(to_lane);
      const double w = text_width(text, 9);
      const double side = x_to >= x_from ? 1 : -1;
      node(id + "s", x_to + side * (6 + w / 2), y_ + 9,
           "shape=plaintext fontsize=9 fontcolor=\"#555555\" label=<" + html(text) + ">");
    }
    mark_look(to_lane, y_);
  }

  void notes(const trace::ReplayedStep& s, std::size_t from, std::size_t to, bool violating) {
    std::size_t i = from;
    while (i < to) {
      // One note per run of lines from the same actor.
      std::size_t j = i;
      std::string text;
      double width = 0;
      bool kb = false;
      while (j < to && s.log[j].actor == s.log[i].actor) {
        text += (text.empty() ? "" : "<br align=\"left\"/>") + html(s.log[j].text);
        width = std::max(width, text_width(s.log[j].text, 10));
        kb |= is_kb_line(layout_, s.log[j]);
        ++j;
      }
      const double lines = static_cast<double>(j - i);
      const double height = lines * log_line + 10;
      y_ += 8 + height / 2;
      const double x = lanes_[lane_of(s.log[i].actor)].x;
      const bool alarm = kb || violating;
      // Right of the lifeline, unless that runs past the last lane.
      const double half = (width + 24) / 2;
      const double centre = x + 12 + 2 * half > right_ + lanes_.back().width / 2 && x - 12 - 2 * half > gutter_x ? x - 12 - half : x + 12 + half;
      node("l" + std::to_string(++notes_), centre, y_,
           std::string("shape=note style=filled fontsize=10 fillcolor=\"") + (alarm ? "#fff1f1" : "#fffbe6") +
               "\" color=\"" + (alarm ? red : "#b59f3b") + "\" fontcolor=\"" + (alarm ? red : "#333333") +
               "\" label=<" + text + "<br align=\"left\"/>>");
      y_ += height / 2;
      i = j;
    }
  }

  // ---- decorations -----------------------------------------------------------
  void mark_look(std::size_t lane, double y) {
    const Look look = lane_look(lane);
    if (looks_[lane].back().second != look) looks_[lane].push_back({y, look});
  }

  void lifelines() {
    for (std::size_t l = 0; l < lanes_.size(); ++l) {
      const auto& segments = looks_[l];
      for (std::size_t i = 0; i < segments.size(); ++i) {
        const double from = segments[i].first;
        const double to = i + 1 < segments.size() ? segments[i + 1].first : footer_y_;
        const std::string a = "ll" + std::to_string(l) + "_" + std::to_string(i);
        anchor(a + "a", lanes_[l].x, from);
        anchor(a + "b", lanes_[l].x, to);
        const char* style = segments[i].second == Look::faded  ? "style=dotted color=\"#aaaaaa\""
                            : segments[i].second == Look::alarm ? "style=solid penwidth=3 color=\"#c62828\""
                                                                : "style=dashed color=\"#444444\"";
        edges_ << "  " << a << "a -> " << a << "b [arrowhead=none " << style << "];\n";
      }
    }
    if (loop_top_ > 0 && loop_bottom_ > loop_top_) {
      anchor("loopa", gutter_x - 22, loop_top_);
      anchor("loopb", gutter_x - 22, loop_bottom_);
      edges_ << "  loopb -> loopa [color=\"" << red << "\" penwidth=2 fontcolor=\"" << red
             << "\" label=<repeats<br/>forever>];\n";
    }
  }

  void bands() {
    std::size_t i = 0;
    int index = 0;
    while (i < lanes_.size()) {
      std::size_t j = i;
      while (j < lanes_.size() && lanes_[j].band == lanes_[i].band && lanes_[j].site == lanes_[i].site) ++j;
      const Lane& first = lanes_[i];
      const double left = first.x - first.width / 2 + 4;
      const double right = lanes_[j - 1].x + lanes_[j - 1].width / 2 - 4;
      const double top = header_y - header_height / 2 - 26;
      const double bottom = footer_y_ + 18;
      const std::string site = std::to_string(first.site + 1);
      std::string label;
      const char* color = "#ffffff";
      switch (first.band) {
        case sm::Band::parent:
          label = layout_.sites() == 1 || first.site < 0 ? "parent site" : "parent · site " + site;
          color = "#e7effa";
          break;
        case sm::Band::link: label = "link"; color = "#f4f4f4"; break;
        case sm::Band::secondary:
          label = "secondary site " + site;
          color = "#eaf5e6";
          break;
      }
      clusters_ << "  subgraph cluster_" << index++ << " { bb=\"" << fmt_num(left) << "," << fmt_num(-bottom) << ","
                << fmt_num(right) << "," << fmt_num(-top) << "\"; lp=\"" << fmt_num((left + right) / 2) << ","
                << fmt_num(-top - 10) << "\"; label=<<b>" << html(label) << "</b>>; fontsize=10; fontcolor=\"#445566\";"
                << " style=filled; fillcolor=\"" << color << "\"; color=\"" << color << "\"; }\n";
      i = j;
    }
  }

  std::string title() const {
    const trace::Trace& t = r_.trace;
    std::string line1 = "KB Q186408 · variant " + t.variant + " · N=" + std::to_string(t.sites) +
                        (t.sites == 1 ? " secondary site" : " secondary sites") + ", M=" +
                        std::to_string(t.logon_servers) + (t.logon_servers == 1 ? " logon server" : " logon servers");
    // Only a shared parent is named: a default trace's title is unchanged.
    if (const std::string parent = spec::describe_parent(t.parent); !parent.empty()) line1 += " · " + html(parent);
    std::string line2;
    if (r_.violation()) {
      const spec::PropertyInfo* info = spec::find_property(r_.property);
      line2 = "<font color=\"" + std::string(red) + "\"><b>violates " + html(r_.property) + "</b>" +
              (info != nullptr ? ": " + html(info->statement) : "") + "</font>";
    } else {
      line2 = "<font color=\"#2e7d32\"><b>clean</b>: no property is violated</font>";
    }
    std::string line3 = "found by " + t.explorer + (t.seed ? " (seed " + std::to_string(*t.seed) + ")" : "") + " · " +
                        std::to_string(t.steps.size()) + (t.steps.size() == 1 ? " step" : " steps") + " · " +
                        spec::environment_name(t.environment) + " · " + trace::finding_name(r_.finding) +
                        (t.timing ? " · timing " + t.timing->profile : "");
    return "<font point-size=\"16\"><b>" + html(line1) + "</b></font><br/><font point-size=\"12\">" + line2 +
           "</font><br/><font point-size=\"10\" color=\"#555555\">" + html(line3) + "</font><br/> ";
  }

  /// For every violated `always` property, the first step after which it fails.
  const std::vector<std::pair<std::string, std::size_t>>& first_failures() {
    if (failures_computed_) return failures_;
    failures_computed_ = true;
    // Step 0 is the initial state: a property that already fails there has
    // no step to mark.
    for (const std::string& name : r_.violated) {
      const mc::PropertyOnPath* p = r_.evaluation.find(name);
      if (p != nullptr && p->first_failure && *p->first_failure > 0) failures_.emplace_back(name, *p->first_failure);
    }
    return failures_;
  }

  // ---- output helpers ----------------------------------------------------------
  void node(const std::string& id, double x, double y, const std::string& attributes) {
    nodes_ << "  " << id << " [pos=\"" << fmt_num(x) << "," << fmt_num(-y) << "\" " << attributes << "];\n";
  }
  void anchor(const std::string& id, double x, double y) {
    nodes_ << "  " << id << " [pos=\"" << fmt_num(x) << "," << fmt_num(-y)
           << "\" shape=point width=0.01 height=0.01 label=\"\" color=\"#00000000\"];\n";
  }

  const trace::Replay& r_;
  const sm::Layout& layout_;
  SequenceOptions options_;
  std::vector<Lane> lanes_;
  std::vector<int> lane_of_;  // per actor; -1: not drawn
  std::vector<unsigned> current_;
  std::vector<std::vector<std::pair<double, Look>>> looks_;
  std::vector<std::pair<std::string, std::size_t>> failures_;
  bool failures_computed_ = false;
  double y_ = 0;
  double right_ = 0;
  double footer_y_ = 0;
  double bottom_ = 0;
  double loop_top_ = 0;
  double loop_bottom_ = 0;
  int notes_ = 0;
  std::ostringstream clusters_, nodes_, edges_;
};

}  // namespace

std::string sequence_dot(const trace::Replay& replay, const SequenceOptions& options) {
  return Builder(replay, options).build();
}

}  // namespace smsmc::render
