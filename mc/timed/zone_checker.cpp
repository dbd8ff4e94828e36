#include "mc/timed/zone_checker.h"

#include "mc/timed/explorer.h"

#include <algorithm>
#include <stdexcept>

namespace smsmc::mc::timed {

const char* avoidance_name(Avoidance value) {
  switch (value) {
    case Avoidance::no: return "no";
    case Avoidance::yes: return "yes";
    case Avoidance::unknown: return "unknown";
  }
  return "?";
}

const TimedPropertyResult* TimedResult::find(const std::string& name) const {
  for (const TimedPropertyResult& result : properties) {
    if (result.name == name) return &result;
  }
  return nullptr;
}

namespace {

/// The run along `path`, checked by replay; a path the zone graph produced
/// always has one, so failing either is a bug in the engine.
TimedRun checked_run(const TimedModel& model, const Path& path, Schedule schedule, EndWindow window = {}) {
  std::optional<TimedRun> run = concretise(model, path, schedule, window);
  if (!run) throw std::logic_error("zone explorer: a symbolic path has no timed run");
  if (const auto error = check_run(model, *run)) {
    throw std::logic_error("zone explorer: the concretised run fails its replay: " + *error);
  }
  return *run;
}

/// The extreme bound seen so far, and where.
struct Record {
  bool seen = false;
  Bound key;  // compared so that a larger key is more extreme
  std::uint32_t parent = Explorer::none;
  Action via = 0;

  void offer(Bound candidate, std::uint32_t from, Action action) {
    if (seen && candidate <= key) return;
    seen = true;
    key = candidate;
    parent = from;
    via = action;
  }
};

}  // namespace

TimedResult ZoneChecker::run() const {
  std::vector<Property> properties;
  for (Property& property : model_.discrete().properties()) {
    if (only_.empty() || std::find(only_.begin(), only_.end(), property.name) != only_.end()) {
      properties.push_back(std::move(property));
    }
  }
  for (const std::string& name : only_) {
    const bool known = std::any_of(properties.begin(), properties.end(), [&](const Property& p) { return p.name == name; });
    if (!known) throw std::invalid_argument("unknown property: " + name);
  }
  const ZoneGraph graph(model_, {extrapolation_, covering_, false, 0});
  Explorer explorer(graph, {max_states_, timeout_, progress_, progress_interval_}, false);
  std::vector<std::uint32_t> found(properties.size(), Explorer::none);
  std::size_t undecided = 0;
  for (const Property& property : properties) undecided += property.kind == Expectation::eventually ? 0 : 1;
  const bool stop_when_decided = undecided == properties.size() && !properties.empty() && !collect_states_;
  explorer.search(nullptr, {}, [&](std::uint32_t node, const StateView& view, std::size_t) {
    for (std::size_t p = 0; p < properties.size(); ++p) {
      const Property& property = properties[p];
      if (found[p] != Explorer::none || property.kind == Expectation::eventually) continue;
      const bool holds = property.condition(view);
      if ((property.kind == Expectation::always) != holds) {
        found[p] = node;
        --undecided;
      }
    }
    return !(stop_when_decided && undecided == 0);
  });

  TimedResult result;
  result.stats = explorer.stats();
  if (collect_states_) result.states = explorer.discrete_states();
  const bool complete = result.stats.complete;
  for (std::size_t p = 0; p < properties.size(); ++p) {
    const Property& property = properties[p];
    TimedPropertyResult out;
    out.name = property.name;
    out.kind = property.kind;
    out.description = property.description;
    out.witness_for = property.witness_for;
    if (found[p] != Explorer::none) {
      out.verdict = property.kind == Expectation::always ? Verdict::violated : Verdict::holds;
      out.path = explorer.path_to(found[p]);
      if (timed_runs_) out.run = checked_run(model_, *out.path, Schedule::earliest);
    } else if (property.kind == Expectation::eventually) {
      out.note = "the zone explorer checks safety and reachability only";
    } else if (!complete) {
      out.note = property.kind == Expectation::always
                     ? "no violation in the states explored before the search stopped"
                     : "not reached in the states explored before the search stopped";
    } else if (property.kind == Expectation::always) {
      out.verdict = Verdict::holds;
    } else {
      out.verdict = Verdict::violated;
      out.note = "no reachable state satisfies it";
    }
    result.properties.push_back(std::move(out));
  }
  return result;
}

TimeToGoal ZoneChecker::time_to(const std::function<bool(const StateView&)>& goal, std::int64_t horizon) const {
  if (horizon <= 0) throw std::invalid_argument("time_to: the horizon must be positive");
  const ZoneGraph graph(model_, {extrapolation_, covering_, true, horizon});
  Explorer explorer(graph, {max_states_, timeout_, progress_, progress_interval_}, true);
  Record worst;  // largest upper bound of t on entry
  Record best;   // largest (-t) bound on entry: the smallest lower bound of t
  std::uint32_t avoiding = Explorer::none;
  std::string avoiding_note;
  explorer.search(
      &goal,
      [&](std::uint32_t parent, Action via, const EntryFacts& facts) {
        worst.offer(facts.t_upper, parent, via);
        best.offer(facts.t_lower_negated, parent, via);
      },
      [&](std::uint32_t node, const StateView& view, std::size_t successors) {
        if (avoiding != Explorer::none) return true;
        if (explorer.divergent(node)) {
          avoiding = node;
          avoiding_note = view.terminal ? "a run ends in a state outside the goal where no step is enabled"
                                        : "time can pass forever outside the goal: no step is forced to fire";
        } else if (successors == 0) {
          avoiding = node;
          avoiding_note = "a run gets stuck outside the goal (timelock: no step can fire and time cannot pass)";
        }
        return true;
      });

  TimeToGoal result;
  result.stats = explorer.stats();
  result.horizon = horizon;
  if (worst.seen) {
    TimeExtreme extreme;
    const Bound upper = worst.key;
    extreme.beyond_horizon = upper.is_infinite() || upper.value() > horizon;
    extreme.value = extreme.beyond_horizon ? horizon : upper.value();
    extreme.attained = !extreme.beyond_horizon && !upper.is_strict();
    extreme.path = explorer.path_to(worst.parent, worst.via);
    if (timed_runs_) {
      extreme.run = extreme.attained
                        ? checked_run(model_, extreme.path, Schedule::earliest, EndWindow::at_least(extreme.value))
                        : checked_run(model_, extreme.path, Schedule::latest);
    }
    result.worst = std::move(extreme);
  }
  if (best.seen) {
    TimeExtreme extreme;
    const Bound lower = best.key;  // -t ≺ lower: t > or >= -lower.value()
    const std::int64_t value = -lower.value();
    extreme.beyond_horizon = value > horizon || (value == horizon && lower.is_strict());
    extreme.value = extreme.beyond_horizon ? horizon : value;
    extreme.attained = !extreme.beyond_horizon && !lower.is_strict();
    extreme.path = explorer.path_to(best.parent, best.via);
    if (timed_runs_) {
      extreme.run = extreme.attained
                        ? checked_run(model_, extreme.path, Schedule::earliest, EndWindow::at_most(extreme.value))
                        : checked_run(model_, extreme.path, Schedule::earliest);
    }
    result.best = std::move(extreme);
  }
  if (avoiding != Explorer::none) {
    result.avoidable = Avoidance::yes;
    result.avoidable_note = avoiding_note;
    result.avoiding_path = explorer.path_to(avoiding);
    if (timed_runs_) result.avoiding_run = checked_run(model_, *result.avoiding_path, Schedule::earliest);
  } else if (!result.stats.complete) {
    result.avoidable = Avoidance::unknown;
    result.avoidable_note = "the search stopped before it explored every state outside the goal";
  } else if (explorer.has_cycle()) {
    result.avoidable = Avoidance::unknown;
    result.avoidable_note =
        "the zone graph outside the goal has a cycle: a run may loop forever without reaching the goal "
        "(unless the cycle takes no time)";
  } else {
    result.avoidable = Avoidance::no;
  }
  return result;
}

}  // namespace smsmc::mc::timed
