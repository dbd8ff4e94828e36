#include "tests/timed/integer_explorer.h"

#include <algorithm>
#include <deque>
#include <map>
#include <stdexcept>

namespace smsmc::mc::timed::testing {

namespace {

constexpr std::int64_t undefined = -1;

/// A discrete state with integer clock values (undefined: inactive).
struct Valued {
  std::vector<Word> words;
  std::vector<std::int64_t> clocks;
};

class Semantics {
 public:
  Semantics(const TimedModel& model, IntegerSemantics kind, std::int64_t max_constant)
      : model_(model), kind_(kind), cap_(max_constant + 1), clocks_(model.clock_count()) {}

  [[nodiscard]] std::vector<Valued> initial() const {
    const std::size_t words = model_.discrete().state_words();
    std::vector<Word> inits;
    model_.discrete().init_states(inits);
    std::vector<Valued> out;
    for (std::size_t i = 0; i + words <= inits.size(); i += words) {
      Valued s{{inits.begin() + static_cast<std::ptrdiff_t>(i), inits.begin() + static_cast<std::ptrdiff_t>(i + words)},
               std::vector<std::int64_t>(clocks_ + 1, undefined)};
      for (const ClockId x : active(s.words)) s.clocks[x] = 0;
      if (invariant_holds(s)) out.push_back(std::move(s));
    }
    return out;
  }

  /// Successors by one tick (`tick` true) or one action.
  void successors(const Valued& s, std::vector<std::pair<Valued, bool>>& out) const {
    out.clear();
    Valued later = s;
    for (std::size_t x = 1; x <= clocks_; ++x) {
      if (later.clocks[x] != undefined) later.clocks[x] = std::min(later.clocks[x] + 1, cap_);
    }
    if (invariant_holds(later)) out.emplace_back(std::move(later), true);
    std::vector<Action> actions;
    model_.discrete().actions(s.words.data(), actions);
    for (const Action a : actions) {
      if (auto next = fire(s, a)) out.emplace_back(std::move(*next), false);
    }
  }

 private:
  [[nodiscard]] std::vector<ClockId> active(const std::vector<Word>& words) const {
    std::vector<ClockId> out;
    if (kind_ == IntegerSemantics::timed_model) {
      const LocationTiming at = location(words);
      for (ClockId x = 1; x <= clocks_; ++x) {
        if (at.active[x]) out.push_back(x);
      }
    } else {
      for (const auto& [action, timing] : enabled_steps(words)) {
        if (timing.clock != 0) out.push_back(timing.clock);
      }
    }
    return out;
  }

  [[nodiscard]] LocationTiming location(const std::vector<Word>& words) const {
    LocationTiming at;
    at.clear(clocks_);
    model_.location(words.data(), at);
    return at;
  }

  [[nodiscard]] std::vector<std::pair<Action, StepTiming>> enabled_steps(const std::vector<Word>& words) const {
    const auto& steps = dynamic_cast<const StepTimedModel&>(model_);
    std::vector<Action> actions;
    model_.discrete().actions(words.data(), actions);
    std::vector<std::pair<Action, StepTiming>> out;
    for (const Action a : actions) out.emplace_back(a, steps.step(words.data(), a));
    return out;
  }

  [[nodiscard]] static bool holds(const std::vector<Constraint>& constraints, const std::vector<std::int64_t>& v) {
    for (const Constraint& c : constraints) {
      if ((c.i != 0 && v[c.i] == undefined) || (c.j != 0 && v[c.j] == undefined)) {
        throw std::logic_error("integer explorer: a constraint reads an inactive clock");
      }
      if (!c.bound.admits((c.i == 0 ? 0 : v[c.i]) - (c.j == 0 ? 0 : v[c.j]), 1)) return false;
    }
    return true;
  }

  [[nodiscard]] bool invariant_holds(const Valued& s) const {
    if (kind_ == IntegerSemantics::timed_model) return holds(location(s.words).invariant, s.clocks);
    for (const auto& [action, timing] : enabled_steps(s.words)) {
      if (timing.clock != 0 && timing.hi != StepTiming::unbounded && s.clocks[timing.clock] > timing.hi) return false;
    }
    return true;
  }

  [[nodiscard]] std::optional<Valued> fire(const Valued& s, Action a) const {
    Valued next{std::vector<Word>(s.words.size()), std::vector<std::int64_t>(clocks_ + 1, undefined)};
    model_.discrete().next_state(s.words.data(), a, next.words.data());
    if (kind_ == IntegerSemantics::timed_model) {
      const LocationTiming here = location(s.words);
      const LocationTiming there = location(next.words);
      EdgeTiming edge;
      model_.edge(s.words.data(), here, a, next.words.data(), there, edge);
      if (!holds(edge.guard, s.clocks)) return std::nullopt;
      next.clocks = s.clocks;
      for (const ClockId x : edge.resets) next.clocks[x] = 0;
      for (ClockId x = 1; x <= clocks_; ++x) {
        if (!there.active[x]) next.clocks[x] = undefined;
        if (there.active[x] && next.clocks[x] == undefined) {
          throw std::logic_error("integer explorer: a clock becomes active without a reset");
        }
      }
    } else {
      // The clock rule, read off the steps enabled before and after.
      const StepTiming fired = dynamic_cast<const StepTimedModel&>(model_).step(s.words.data(), a);
      if (fired.clock != 0 && s.clocks[fired.clock] < fired.lo) return std::nullopt;
      for (const auto& [action, timing] : enabled_steps(next.words)) {
        const ClockId c = timing.clock;
        if (c == 0) continue;
        const bool kept = s.clocks[c] != undefined && c != fired.clock;
        next.clocks[c] = kept ? s.clocks[c] : 0;
      }
    }
    if (!invariant_holds(next)) return std::nullopt;
    return next;
  }

  const TimedModel& model_;
  IntegerSemantics kind_;
  std::int64_t cap_;
  std::size_t clocks_;
};

using Key = std::vector<std::int64_t>;

Key key_of(const Valued& s, std::optional<std::int64_t> t) {
  Key key(s.words.begin(), s.words.end());
  key.insert(key.end(), s.clocks.begin(), s.clocks.end());
  if (t) key.push_back(*t);
  return key;
}

/// Whether the directed graph (adjacency lists) has a cycle (Kahn).
bool has_cycle(const std::vector<std::vector<std::uint32_t>>& next) {
  std::vector<std::uint32_t> indegree(next.size(), 0);
  for (const auto& targets : next) {
    for (const std::uint32_t t : targets) ++indegree[t];
  }
  std::vector<std::uint32_t> ready;
  for (std::uint32_t v = 0; v < next.size(); ++v) {
    if (indegree[v] == 0) ready.push_back(v);
  }
  std::size_t removed = 0;
  while (!ready.empty()) {
    const std::uint32_t v = ready.back();
    ready.pop_back();
    ++removed;
    for (const std::uint32_t t : next[v]) {
      if (--indegree[t] == 0) ready.push_back(t);
    }
  }
  return removed != next.size();
}

}  // namespace

IntegerReach integer_reach(const TimedModel& model, IntegerSemantics semantics, std::int64_t max_constant,
                           std::size_t max_states) {
  const Semantics rules(model, semantics, max_constant);
  IntegerReach result;
  std::map<Key, std::uint32_t> seen;
  std::deque<Valued> queue;
  for (Valued& s : rules.initial()) {
    if (seen.emplace(key_of(s, std::nullopt), 0).second) queue.push_back(std::move(s));
  }
  std::vector<std::pair<Valued, bool>> next;
  while (!queue.empty()) {
    if (seen.size() > max_states) {
      result.complete = false;
      break;
    }
    const Valued s = std::move(queue.front());
    queue.pop_front();
    result.discrete.insert(s.words);
    rules.successors(s, next);
    for (auto& [n, tick] : next) {
      if (seen.emplace(key_of(n, std::nullopt), 0).second) queue.push_back(std::move(n));
    }
  }
  result.states = seen.size();
  return result;
}

std::map<std::vector<Word>, std::size_t> integer_min_steps(const TimedModel& model, IntegerSemantics semantics,
                                                           std::int64_t max_constant, std::size_t max_states) {
  // 0-1 breadth-first search: a tick costs nothing, an action one step; a
  // state is settled when first popped.
  const Semantics rules(model, semantics, max_constant);
  std::map<Key, std::size_t> settled;
  std::map<std::vector<Word>, std::size_t> fewest;
  std::deque<std::pair<Valued, std::size_t>> queue;
  for (Valued& s : rules.initial()) queue.emplace_back(std::move(s), 0);
  std::vector<std::pair<Valued, bool>> next;
  while (!queue.empty()) {
    if (settled.size() > max_states) throw std::runtime_error("integer_min_steps: too many states");
    auto [s, steps] = std::move(queue.front());
    queue.pop_front();
    if (!settled.emplace(key_of(s, std::nullopt), steps).second) continue;
    fewest.emplace(s.words, steps);  // the first time is the fewest
    rules.successors(s, next);
    for (auto& [n, tick] : next) {
      if (tick) {
        queue.emplace_front(std::move(n), steps);
      } else {
        queue.emplace_back(std::move(n), steps + 1);
      }
    }
  }
  return fewest;
}

IntegerTimeToGoal integer_time_to(const TimedModel& model, IntegerSemantics semantics,
                                  const std::function<bool(const StateView&)>& goal, std::int64_t max_constant,
                                  std::int64_t horizon, std::size_t max_states) {
  const Semantics rules(model, semantics, max_constant);
  IntegerTimeToGoal result;
  auto in_goal = [&](const std::vector<Word>& words) {
    std::vector<Action> actions;
    model.discrete().actions(words.data(), actions);
    return goal(StateView{words.data(), actions.empty()});
  };
  auto record = [&](std::int64_t t) {
    result.best = std::min(result.best.value_or(t), t);
    result.worst = std::max(result.worst.value_or(t), t);
  };
  std::vector<std::pair<Valued, bool>> next;
  // Pass 1, with the time since the start (capped past the horizon): the
  // first-entry times. Pass 2, without it: the graph outside the goal.
  for (const bool timed : {true, false}) {
    std::map<Key, std::uint32_t> id;
    std::vector<std::vector<std::uint32_t>> edges;
    std::deque<std::pair<Valued, std::int64_t>> queue;
    bool stuck = false;
    auto visit = [&](Valued s, std::int64_t t, std::optional<std::uint32_t> from) {
      const auto [it, inserted] = id.emplace(key_of(s, timed ? std::optional<std::int64_t>(t) : std::nullopt),
                                             static_cast<std::uint32_t>(id.size()));
      if (from) edges[*from].push_back(it->second);
      if (inserted) {
        edges.emplace_back();
        queue.emplace_back(std::move(s), t);
      }
    };
    for (Valued& s : rules.initial()) {
      if (in_goal(s.words)) {
        if (timed) record(0);
        continue;
      }
      visit(std::move(s), 0, std::nullopt);
    }
    for (std::uint32_t current = 0; !queue.empty(); ++current) {
      if (id.size() > max_states) {
        result.complete = false;
        break;
      }
      auto [s, t] = std::move(queue.front());
      queue.pop_front();
      rules.successors(s, next);
      if (next.empty()) stuck = true;
      for (auto& [n, tick] : next) {
        const std::int64_t later = tick ? std::min(t + 1, horizon + 1) : t;
        if (!tick && in_goal(n.words)) {
          if (timed) record(t);
          continue;
        }
        visit(std::move(n), later, current);
      }
    }
    if (!timed) result.avoidable = stuck || has_cycle(edges);
  }
  return result;
}

}  // namespace smsmc::mc::timed::testing
