#include "mc/timed/concrete.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace smsmc::mc::timed {

Time Time::of(std::int64_t num, std::int64_t den) {
  if (den <= 0) throw std::invalid_argument("a time's denominator must be positive");
  const std::int64_t g = std::gcd(num, den);
  return g == 0 ? Time{0, 1} : Time{num / g, den / g};
}

std::string Time::to_string() const {
  return den == 1 ? std::to_string(num) : std::to_string(num) + "/" + std::to_string(den);
}

bool operator<(const Time& a, const Time& b) {
  return static_cast<__int128>(a.num) * b.den < static_cast<__int128>(b.num) * a.den;
}

Path TimedRun::path() const {
  Path out;
  out.init = init;
  for (const TimedStep& step : steps) out.actions.push_back(step.action);
  return out;
}

namespace {

constexpr std::int64_t unreachable = std::numeric_limits<std::int64_t>::max();
constexpr int inactive = -1;

/// T_a - T_b ≺ bound, over firing times (index 0: the start, time 0).
struct Difference {
  std::size_t a;
  std::size_t b;
  Bound bound;
};

/// The timing of a path as difference constraints over its firing times.
class TimingSystem {
 public:
  explicit TimingSystem(std::size_t variables) : variables_(variables) {}

  /// Adds x_p - x_q ≺ bound read at firing time `s`, with last[x] the firing
  /// time that last reset x.
  void add(const Constraint& c, std::size_t s, const std::vector<int>& last, const TimedModel& model) {
    for (const ClockId x : {c.i, c.j}) {
      if (x != 0 && last[x] == inactive) {
        throw std::invalid_argument("the model reads the inactive clock " + model.clock_name(x));
      }
    }
    if (c.i != 0 && c.j != 0) {
      add(static_cast<std::size_t>(last[c.j]), static_cast<std::size_t>(last[c.i]), c.bound);
    } else if (c.i != 0) {
      add(s, static_cast<std::size_t>(last[c.i]), c.bound);
    } else if (c.j != 0) {
      add(static_cast<std::size_t>(last[c.j]), s, c.bound);
    }
  }

  /// T_a - T_b ≺ bound.
  void add(std::size_t a, std::size_t b, Bound bound) {
    if (bound.is_infinite()) return;
    if (a == b) {
      if (bound < Bound::le(0)) infeasible_ = true;
      return;
    }
    constraints_.push_back({a, b, bound});
  }

  /// Solutions scaled by `den`: strict bounds become integer bounds one
  /// below. Returns nullopt when there is none.
  [[nodiscard]] std::optional<std::vector<std::int64_t>> solve(std::int64_t den, Schedule schedule) const {
    if (infeasible_) return std::nullopt;
    std::vector<Weighted> edges;
    for (const Difference& d : constraints_) {
      edges.push_back({d.b, d.a, d.bound.value() * den - (d.bound.is_strict() ? 1 : 0)});
    }
    // Earliest: T_a >= -(shortest path from a to the start); every firing
    // time reaches the start through the ordering constraints, so a
    // negative cycle shows here.
    const auto to_start = shortest(edges, true);
    if (!to_start) return std::nullopt;
    std::vector<std::int64_t> earliest(variables_);
    for (std::size_t a = 0; a < variables_; ++a) earliest[a] = -(*to_start)[a];
    if (schedule == Schedule::earliest) return earliest;
    // Latest: each firing time in turn as late as the ones before allow,
    // and as early as they allow when nothing bounds it (an unbounded step
    // fires at once rather than never). With every time bounded this is the
    // pointwise greatest solution.
    std::vector<std::int64_t> latest(variables_, 0);
    for (std::size_t i = 1; i < variables_; ++i) {
      const auto from_start = shortest(edges, false);
      std::int64_t value = from_start ? (*from_start)[i] : unreachable;
      if (value == unreachable) {
        const auto back = shortest(edges, true);
        if (!back) return std::nullopt;
        value = -(*back)[i];
      }
      latest[i] = value;
      edges.push_back({0, i, value});
      edges.push_back({i, 0, -value});
    }
    return latest;
  }

  [[nodiscard]] bool has_strict() const {
    return std::any_of(constraints_.begin(), constraints_.end(), [](const Difference& d) { return d.bound.is_strict(); });
  }

 private:
  struct Weighted {
    std::size_t from;  // T_to - T_from <= weight
    std::size_t to;
    std::int64_t weight;
  };

  /// Bellman-Ford from the start (reversed: towards it); nullopt on a
  /// negative cycle.
  [[nodiscard]] std::optional<std::vector<std::int64_t>> shortest(const std::vector<Weighted>& edges,
                                                                  bool reversed) const {
    std::vector<std::int64_t> dist(variables_, unreachable);
    dist[0] = 0;
    for (std::size_t round = 0; round <= variables_; ++round) {
      bool changed = false;
      for (const Weighted& e : edges) {
        const std::size_t from = reversed ? e.to : e.from;
        const std::size_t to = reversed ? e.from : e.to;
        if (dist[from] == unreachable) continue;
        const std::int64_t through = dist[from] + e.weight;
        if (through < dist[to]) {
          dist[to] = through;
          changed = true;
        }
      }
      if (!changed) return dist;
    }
    return std::nullopt;
  }

  std::size_t variables_;
  std::vector<Difference> constraints_;
  bool infeasible_ = false;
};

void fresh_location(const TimedModel& model, const Word* state, LocationTiming& out) {
  out.clear(model.clock_count());
  model.location(state, out);
}

}  // namespace

std::optional<TimedRun> concretise(const TimedModel& model, const Path& path, Schedule schedule, EndWindow window) {
  const Model& discrete = model.discrete();
  const std::size_t words = discrete.state_words();
  const std::vector<Word> states = replay(discrete, path);
  const std::size_t k = path.actions.size();
  const std::size_t clocks = model.clock_count();
  TimingSystem system(k + 1);
  std::vector<LocationTiming> at(2);
  EdgeTiming edge;
  fresh_location(model, states.data(), at[0]);
  std::vector<int> last(clocks + 1, inactive);
  for (ClockId x = 1; x <= clocks; ++x) {
    if (at[0].active[x]) last[x] = 0;
  }
  for (std::size_t i = 0; i <= k; ++i) {
    LocationTiming& here = at[i % 2];
    for (const Constraint& c : here.invariant) system.add(c, i, last, model);
    if (i == k) break;
    LocationTiming& next = at[(i + 1) % 2];
    const Word* source = states.data() + i * words;
    const Word* target = source + words;
    fresh_location(model, target, next);
    edge.clear();
    model.edge(source, here, path.actions[i], target, next, edge);
    for (const Constraint& c : here.invariant) system.add(c, i + 1, last, model);
    for (const Constraint& c : edge.guard) system.add(c, i + 1, last, model);
    system.add(i, i + 1, Bound::le(0));
    for (const ClockId x : edge.resets) last[x] = static_cast<int>(i + 1);
    for (ClockId x = 1; x <= clocks; ++x) {
      if (!next.active[x]) {
        last[x] = inactive;
      } else if (last[x] == inactive) {
        throw std::invalid_argument("clock " + model.clock_name(x) + " becomes active without a reset");
      }
    }
  }
  system.add(k, 0, window.upper);
  system.add(0, k, window.lower_negated);
  // Integer times first; a path that needs fractions (strict bounds) has
  // a solution in multiples of 1 / (k + 2) if it has any.
  std::int64_t den = 1;
  auto solution = system.solve(1, schedule);
  if (!solution && system.has_strict()) {
    den = static_cast<std::int64_t>(k) + 2;
    solution = system.solve(den, schedule);
  }
  if (!solution) return std::nullopt;
  TimedRun run;
  run.init = path.init;
  for (std::size_t i = 0; i < k; ++i) run.steps.push_back({path.actions[i], Time::of((*solution)[i + 1], den)});
  return run;
}

std::optional<std::string> check_run(const TimedModel& model, const TimedRun& run) {
  const Model& discrete = model.discrete();
  const std::size_t words = discrete.state_words();
  const std::size_t clocks = model.clock_count();
  std::vector<Word> inits;
  discrete.init_states(inits);
  if ((run.init + 1) * words > inits.size()) return "the run starts at an unknown initial state";
  std::int64_t den = 1;
  for (const TimedStep& step : run.steps) {
    if (step.at.den <= 0) return "a time has a non-positive denominator";
    den = std::lcm(den, step.at.den);
  }
  std::vector<Word> state(inits.begin() + static_cast<std::ptrdiff_t>(run.init * words),
                          inits.begin() + static_cast<std::ptrdiff_t>((run.init + 1) * words));
  std::vector<Word> next_state(words);
  LocationTiming here;
  LocationTiming next;
  EdgeTiming edge;
  std::vector<std::int64_t> value(clocks + 1, 0);  // in units of 1 / den
  std::vector<bool> defined(clocks + 1, false);
  fresh_location(model, state.data(), here);
  for (ClockId x = 1; x <= clocks; ++x) defined[x] = here.active[x] != 0;
  std::int64_t now = 0;
  std::string when = "at the start";
  // The first constraint that fails, or a read of an inactive clock.
  auto violated = [&](const std::vector<Constraint>& constraints, const std::string& what) -> std::optional<std::string> {
    for (const Constraint& c : constraints) {
      for (const ClockId x : {c.i, c.j}) {
        if (x != 0 && !defined[x]) return what + " " + when + " reads the inactive clock " + model.clock_name(x);
      }
      const std::int64_t vi = c.i == 0 ? 0 : value[c.i];
      const std::int64_t vj = c.j == 0 ? 0 : value[c.j];
      if (!c.bound.admits(vi - vj, den)) return what + " " + when + " fails";
    }
    return std::nullopt;
  };
  if (auto error = violated(here.invariant, "the invariant")) return error;
  std::vector<Action> enabled;
  for (std::size_t i = 0; i < run.steps.size(); ++i) {
    const TimedStep& step = run.steps[i];
    const std::int64_t t = step.at.num * (den / step.at.den);
    when = "at step " + std::to_string(i + 1) + " (" + discrete.format_action(step.action) + ", t=" +
           step.at.to_string() + ")";
    if (t < now) return "time goes backwards " + when;
    for (ClockId x = 1; x <= clocks; ++x) {
      if (defined[x]) value[x] += t - now;
    }
    now = t;
    if (auto error = violated(here.invariant, "the invariant before the step")) return error;
    enabled.clear();
    discrete.actions(state.data(), enabled);
    if (std::find(enabled.begin(), enabled.end(), step.action) == enabled.end()) return "not enabled " + when;
    discrete.next_state(state.data(), step.action, next_state.data());
    fresh_location(model, next_state.data(), next);
    edge.clear();
    model.edge(state.data(), here, step.action, next_state.data(), next, edge);
    if (auto error = violated(edge.guard, "the guard")) return error;
    for (const ClockId x : edge.resets) {
      if (x == 0 || x > clocks) return "a reset of a clock that does not exist " + when;
      value[x] = 0;
      defined[x] = true;
    }
    for (ClockId x = 1; x <= clocks; ++x) {
      const bool reset = std::find(edge.resets.begin(), edge.resets.end(), x) != edge.resets.end();
      if (next.active[x] && !here.active[x] && !reset) {
        return "clock " + model.clock_name(x) + " becomes active without a reset " + when;
      }
      if (!next.active[x]) defined[x] = false;
    }
    state.swap(next_state);
    std::swap(here, next);
    if (auto error = violated(here.invariant, "the invariant after the step")) return error;
  }
  return std::nullopt;
}

std::string format_run(const TimedModel& model, const TimedRun& run) {
  std::string out;
  for (std::size_t i = 0; i < run.steps.size(); ++i) {
    out += std::to_string(i + 1) + ". t=" + run.steps[i].at.to_string() + "  " +
           model.discrete().format_action(run.steps[i].action) + "\n";
  }
  return out;
}

}  // namespace smsmc::mc::timed
