// The lifelines of a sequence diagram, laid out from the service registry:
// per scope unit (the parent's own services, then each secondary site), the
// services in registry order, stably sorted by their band (parent, link,
// secondary). A service's lanes are drawn when its traits say so for the
// model's parameters, and every actor that acts in the trace (steps, sends
// or receives a message, writes a log line) has one, so no step, arrow or
// note can lack a lifeline.
#pragma once

#include "statemachines/traits.h"
#include "statemachines/world.h"
#include "trace/replay.h"

#include <string>
#include <vector>

namespace smsmc::render {

struct Lane {
  std::vector<int> actors;  // more than one: the instances of an indexed service, grouped
  sm::Band band;
  int site;                 // -1: the parent's own services
  double x = 0;             // set by the diagram
  double width = 0;
};

struct Lanes {
  std::vector<Lane> lanes;
  std::vector<int> lane_of;  // per actor; -1 for an actor that is not drawn (it never acts)
};

/// An indexed service with more than `group_above` instances in a site gets
/// one lane for all of them.
Lanes make_lanes(const trace::Replay& replay, int group_above);

/// "Despooler", "Logon server 1.3", "Logon servers 2.1–2.8".
std::string lane_title(const sm::Layout& layout, const Lane& lane);
/// "despooler[1]", "logon_server[2.1…2.8]".
std::string lane_name(const sm::Layout& layout, const Lane& lane);

}  // namespace smsmc::render
