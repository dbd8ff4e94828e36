#include "tests/timed/models.h"

#include <algorithm>

namespace smsmc::mc::timed::testing {

namespace {

Word with_location(Word state, std::size_t p, int location) {
  const Word mask = Word{15} << (4 * p);
  return (state & ~mask) | (static_cast<Word>(location) << (4 * p));
}

Word with_variable(Word state, int value) {
  return (state & ~(Word{255} << 56)) | (static_cast<Word>(value) << 56);
}

std::vector<Property> to_properties(const std::vector<TestProperty>& properties) {
  std::vector<Property> out;
  for (const TestProperty& p : properties) {
    auto condition = p.condition;
    out.push_back({p.name, p.kind, [condition](const StateView& view) { return condition(view.words); }, "", ""});
  }
  return out;
}

std::vector<TestProperty> every_location(int processes, int locations) {
  std::vector<TestProperty> out;
  for (int p = 0; p < processes; ++p) {
    for (int l = 0; l < locations; ++l) {
      out.push_back({"p" + std::to_string(p) + "@" + std::to_string(l), Expectation::sometimes,
                     [p, l](const Word* s) { return location_of(s, static_cast<std::size_t>(p)) == l; }});
    }
  }
  return out;
}

}  // namespace

// --- NetworkModel -----------------------------------------------------------

NetworkModel::NetworkModel(Network network)
    : network_(std::move(network)), lower_(network_.clocks + 1, no_bound), upper_(network_.clocks + 1, no_bound) {
  auto note = [&](const Constraint& c) {
    if (c.j == 0 && c.i != 0) upper_[c.i] = std::max(upper_[c.i], c.bound.value());
    if (c.i == 0 && c.j != 0) lower_[c.j] = std::max(lower_[c.j], -c.bound.value());
  };
  for (const NetworkProcess& process : network_.processes) {
    for (const auto& invariant : process.invariant) std::for_each(invariant.begin(), invariant.end(), note);
    for (const NetworkEdge& e : process.edges) std::for_each(e.guard.begin(), e.guard.end(), note);
  }
}

void NetworkModel::actions(const Word* state, std::vector<Action>& out) const {
  for (std::size_t p = 0; p < network_.processes.size(); ++p) {
    const NetworkProcess& process = network_.processes[p];
    for (std::size_t e = 0; e < process.edges.size(); ++e) {
      const NetworkEdge& edge = process.edges[e];
      if (edge.from != location_of(state, p)) continue;
      if (edge.variable_equals >= 0 && variable_of(state) != edge.variable_equals) continue;
      out.push_back(static_cast<Action>(p * 64 + e));
    }
  }
}

void NetworkModel::next_state(const Word* state, Action action, Word* out) const {
  const std::size_t p = action / 64;
  const NetworkEdge& edge = network_.processes[p].edges[action % 64];
  Word next = with_location(state[0], p, edge.to);
  if (edge.variable_set >= 0) next = with_variable(next, edge.variable_set);
  out[0] = next;
}

std::vector<Property> NetworkModel::properties() const { return to_properties(network_.properties); }

std::string NetworkModel::format_action(Action action) const {
  const NetworkEdge& edge = network_.processes[action / 64].edges[action % 64];
  return "p" + std::to_string(action / 64) + ":" + std::to_string(edge.from) + "->" + std::to_string(edge.to);
}

void NetworkModel::location(const Word* state, LocationTiming& out) const {
  for (std::size_t p = 0; p < network_.processes.size(); ++p) {
    const NetworkProcess& process = network_.processes[p];
    const auto l = static_cast<std::size_t>(location_of(state, p));
    for (const ClockId x : process.active[l]) {
      out.active[x] = 1;
      out.lower[x] = lower_[x];
      out.upper[x] = upper_[x];
    }
    out.invariant.insert(out.invariant.end(), process.invariant[l].begin(), process.invariant[l].end());
  }
}

void NetworkModel::edge(const Word*, const LocationTiming&, Action action, const Word*, const LocationTiming&,
                        EdgeTiming& out) const {
  const NetworkEdge& edge = network_.processes[action / 64].edges[action % 64];
  out.guard = edge.guard;
  out.resets = edge.resets;
}

std::int64_t NetworkModel::max_constant() const {
  std::int64_t m = 0;
  for (std::size_t x = 1; x <= network_.clocks; ++x) m = std::max({m, lower_[x], upper_[x]});
  return m;
}

Network fischer(int n, std::int64_t a, std::int64_t b, bool strict_wait) {
  enum { idle, req, wait, cs };
  Network net;
  net.clocks = static_cast<std::size_t>(n);
  for (int i = 1; i <= n; ++i) {
    const auto x = static_cast<ClockId>(i);
    NetworkProcess p;
    p.locations = 4;
    p.invariant = {{}, {Constraint::at_most(x, a)}, {}, {}};
    p.active = {{}, {x}, {x}, {}};
    p.edges.push_back({idle, req, {}, {x}, 0, -1});
    p.edges.push_back({req, wait, {Constraint::at_most(x, a)}, {x}, -1, i});
    p.edges.push_back({wait, cs, {Constraint::at_least(x, b, strict_wait)}, {}, i, -1});
    p.edges.push_back({wait, req, {}, {x}, 0, -1});
    p.edges.push_back({cs, idle, {}, {}, -1, 0});
    net.processes.push_back(p);
  }
  net.properties.push_back({"mutex", Expectation::always, [n](const Word* s) {
                              int inside = 0;
                              for (int p = 0; p < n; ++p) inside += location_of(s, static_cast<std::size_t>(p)) == cs;
                              return inside <= 1;
                            }});
  net.properties.push_back({"enters", Expectation::sometimes, [](const Word* s) { return location_of(s, 0) == cs; }});
  return net;
}

Network random_network(std::mt19937& random) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  Network net;
  const int processes = pick(1, 3);
  int locations_max = 0;
  for (int p = 0; p < processes; ++p) {
    NetworkProcess process;
    process.locations = pick(2, 3);
    locations_max = std::max(locations_max, process.locations);
    std::vector<ClockId> own;
    for (int k = pick(1, 2); k > 0; --k) own.push_back(static_cast<ClockId>(++net.clocks));
    process.active.resize(static_cast<std::size_t>(process.locations));
    process.invariant.resize(static_cast<std::size_t>(process.locations));
    for (int l = 0; l < process.locations; ++l) {
      for (const ClockId x : own) {
        // Location 0 keeps every clock: the initial state has them all at 0.
        if (l == 0 || pick(0, 9) < 7) process.active[static_cast<std::size_t>(l)].push_back(x);
      }
      for (const ClockId x : process.active[static_cast<std::size_t>(l)]) {
        if (pick(0, 2) == 0) process.invariant[static_cast<std::size_t>(l)].push_back(Constraint::at_most(x, pick(1, 3)));
      }
    }
    for (int e = pick(2, 5); e > 0; --e) {
      NetworkEdge edge;
      edge.from = pick(0, process.locations - 1);
      edge.to = pick(0, process.locations - 1);
      const auto& here = process.active[static_cast<std::size_t>(edge.from)];
      const auto& there = process.active[static_cast<std::size_t>(edge.to)];
      for (const ClockId x : here) {
        const int kind = pick(0, 3);
        if (kind == 0) edge.guard.push_back(Constraint::at_least(x, pick(0, 3)));
        if (kind == 1) edge.guard.push_back(Constraint::at_most(x, pick(0, 3)));
      }
      for (const ClockId x : there) {
        const bool was_active = std::find(here.begin(), here.end(), x) != here.end();
        if (!was_active || pick(0, 1) == 0) edge.resets.push_back(x);
      }
      if (pick(0, 3) == 0) edge.variable_equals = pick(0, 2);
      if (pick(0, 3) == 0) edge.variable_set = pick(0, 2);
      process.edges.push_back(edge);
    }
    net.processes.push_back(process);
  }
  for (int p = 0; p < processes; ++p) {
    const int locations = net.processes[static_cast<std::size_t>(p)].locations;
    for (int l = 0; l < locations; ++l) {
      net.properties.push_back({"p" + std::to_string(p) + "@" + std::to_string(l), Expectation::sometimes,
                                [p, l](const Word* s) { return location_of(s, static_cast<std::size_t>(p)) == l; }});
    }
  }
  return net;
}

// --- StepSystemModel --------------------------------------------------------

void StepSystemModel::actions(const Word* state, std::vector<Action>& out) const {
  for (std::size_t k = 0; k < system_.steps.size(); ++k) {
    const StepSpec& s = system_.steps[k];
    if (location_of(state, static_cast<std::size_t>(s.process)) != s.from) continue;
    if (s.when_process >= 0) {
      const bool there = location_of(state, static_cast<std::size_t>(s.when_process)) == s.when_location;
      if (there == s.when_not) continue;
    }
    out.push_back(static_cast<Action>(k));
  }
}

void StepSystemModel::next_state(const Word* state, Action action, Word* out) const {
  const StepSpec& s = system_.steps[action];
  out[0] = with_location(state[0], static_cast<std::size_t>(s.process), s.to);
}

std::vector<Property> StepSystemModel::properties() const { return to_properties(system_.properties); }

std::string StepSystemModel::format_action(Action action) const {
  const StepSpec& s = system_.steps[action];
  return "p" + std::to_string(s.process) + ":" + std::to_string(s.from) + "->" + std::to_string(s.to);
}

StepTiming StepSystemModel::step(const Word*, Action action) const {
  const StepSpec& s = system_.steps[action];
  return {s.clock, s.lo, s.hi};
}

std::int64_t StepSystemModel::max_constant() const {
  std::int64_t m = 0;
  for (const StepSpec& s : system_.steps) {
    m = std::max(m, s.lo);
    if (s.hi != StepTiming::unbounded) m = std::max(m, s.hi);
  }
  return m;
}

StepSystem chains(const std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>>& durations) {
  StepSystem system;
  system.processes = static_cast<int>(durations.size());
  for (std::size_t c = 0; c < durations.size(); ++c) {
    for (std::size_t k = 0; k < durations[c].size(); ++k) {
      StepSpec s;
      s.process = static_cast<int>(c);
      s.from = static_cast<int>(k);
      s.to = static_cast<int>(k + 1);
      s.clock = static_cast<ClockId>(++system.clocks);
      s.lo = durations[c][k].first;
      s.hi = durations[c][k].second;
      system.steps.push_back(s);
    }
  }
  std::vector<int> lengths;
  for (const auto& chain : durations) lengths.push_back(static_cast<int>(chain.size()));
  system.properties.push_back({"all-done", Expectation::sometimes, [lengths](const Word* s) {
                                 for (std::size_t c = 0; c < lengths.size(); ++c) {
                                   if (location_of(s, c) != lengths[c]) return false;
                                 }
                                 return true;
                               }});
  if (lengths.size() >= 2) {
    system.properties.push_back({"race", Expectation::sometimes, [lengths](const Word* s) {
                                   return location_of(s, 0) == lengths[0] && location_of(s, 1) != lengths[1];
                                 }});
  }
  return system;
}

StepSystem random_steps(std::mt19937& random) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  StepSystem system;
  system.processes = pick(1, 3);
  std::vector<int> locations;
  for (int p = 0; p < system.processes; ++p) locations.push_back(pick(2, 3));
  for (int p = 0; p < system.processes; ++p) {
    for (int l = 0; l < locations[static_cast<std::size_t>(p)]; ++l) {
      for (int k = pick(1, 2); k > 0; --k) {
        StepSpec s;
        s.process = p;
        s.from = l;
        s.to = pick(0, locations[static_cast<std::size_t>(p)] - 1);
        s.clock = static_cast<ClockId>(++system.clocks);
        s.lo = pick(0, 3);
        s.hi = pick(0, 4) == 0 ? StepTiming::unbounded : s.lo + pick(0, 4 - static_cast<int>(s.lo));
        if (system.processes > 1 && pick(0, 2) == 0) {
          s.when_process = (p + pick(1, system.processes - 1)) % system.processes;
          s.when_location = pick(0, locations[static_cast<std::size_t>(s.when_process)] - 1);
          s.when_not = pick(0, 1) == 0;
        }
        system.steps.push_back(s);
      }
    }
  }
  system.properties = every_location(system.processes, *std::max_element(locations.begin(), locations.end()));
  return system;
}

}  // namespace smsmc::mc::timed::testing
