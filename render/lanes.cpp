#include "render/lanes.h"

#include "statemachines/registry.h"

#include <algorithm>

namespace smsmc::render {

namespace {
/// Actors that step, send or receive a message, or write a log line.
std::vector<bool> acting_actors(const trace::Replay& replay) {
  std::vector<bool> acts(replay.layout().actors().size(), false);
  auto mark = [&](int actor) { acts[static_cast<std::size_t>(actor)] = true; };
  for (const trace::ReplayedStep& step : replay.steps) {
    mark(step.actor);
    for (const trace::RecordedMessage& m : step.messages) {
      mark(m.from);
      mark(m.to);
    }
    for (const sm::LogLine& line : step.log) mark(line.actor);
  }
  return acts;
}

/// "1." for an instance of site 1, "" for the parent's.
std::string unit_prefix(int site) { return site < 0 ? "" : std::to_string(site + 1) + "."; }
}  // namespace

Lanes make_lanes(const trace::Replay& replay, int group_above) {
  const sm::Layout& layout = replay.layout();
  const sm::Registry& registry = layout.registry();
  const std::vector<bool> acts = acting_actors(replay);
  Lanes out;
  out.lane_of.assign(layout.actors().size(), -1);
  for (int site = -1; site < layout.sites(); ++site) {
    const sm::Scope scope = site < 0 ? sm::Scope::parent : sm::Scope::site;
    std::vector<Lane> unit;
    for (int service = 0; service < registry.size(); ++service) {
      const sm::ServiceTraits& traits = registry.traits(service);
      if (traits.scope() != scope) continue;
      const sm::Layout::Group& group = layout.group(service, site);
      const bool drawn = traits.drawn(layout.params());
      std::vector<int> actors;
      for (int a = group.first; a < group.first + group.count; ++a) {
        if (drawn || acts[static_cast<std::size_t>(a)]) actors.push_back(a);
      }
      if (actors.empty()) continue;
      if (traits.indexed() && group.count > group_above) {
        unit.push_back({std::move(actors), traits.band(), site});
      } else {
        for (int a : actors) unit.push_back({{a}, traits.band(), site});
      }
    }
    std::stable_sort(unit.begin(), unit.end(), [](const Lane& a, const Lane& b) { return a.band < b.band; });
    for (Lane& lane : unit) {
      for (int a : lane.actors) out.lane_of[static_cast<std::size_t>(a)] = static_cast<int>(out.lanes.size());
      out.lanes.push_back(std::move(lane));
    }
  }
  return out;
}

std::string lane_title(const sm::Layout& layout, const Lane& lane) {
  const sm::Actor& first = layout.actor(lane.actors.front());
  const sm::ServiceTraits& traits = layout.registry().traits(first.service);
  if (lane.actors.size() > 1) {
    const sm::Actor& last = layout.actor(lane.actors.back());
    return (traits.plural() != nullptr ? std::string(traits.plural()) : traits.title() + std::string("s")) + " " +
           unit_prefix(lane.site) + std::to_string(first.index + 1) + "–" + unit_prefix(lane.site) +
           std::to_string(last.index + 1);
  }
  if (first.index >= 0) return traits.title() + (" " + unit_prefix(first.site)) + std::to_string(first.index + 1);
  return traits.title();
}

std::string lane_name(const sm::Layout& layout, const Lane& lane) {
  const sm::Actor& first = layout.actor(lane.actors.front());
  if (lane.actors.size() == 1) return first.name;
  const sm::Actor& last = layout.actor(lane.actors.back());
  return std::string(layout.registry().traits(first.service).name()) + "[" + unit_prefix(lane.site) +
         std::to_string(first.index + 1) + "…" + unit_prefix(lane.site) + std::to_string(last.index + 1) + "]";
}

}  // namespace smsmc::render
