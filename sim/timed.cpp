#include "sim/timed.h"

#include "mc/path.h"

#include <algorithm>
#include <limits>
#include <random>
#include <stdexcept>

namespace smsmc::sim {

namespace {

using mc::timed::ClockId;
using mc::timed::StepTiming;

constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

struct Drawn {
  std::int64_t enabled_at = 0;  // when the clock was last reset
  std::int64_t fire_at = never; // the drawn duration (never: it does not fire)
};

std::int64_t draw(std::mt19937_64& rng, const StepTiming& t, double bias) {
  std::uniform_real_distribution<double> coin(0, 1);
  const double c = coin(rng);
  if (t.hi == StepTiming::unbounded) {
    // [lo, inf): at lo, never, or somewhat later.
    if (c < bias) return t.lo;
    if (c < 2 * bias) return never;
    return t.lo + std::uniform_int_distribution<std::int64_t>(0, std::max<std::int64_t>(t.lo, 1) * 4)(rng);
  }
  if (c < bias) return t.lo;
  if (c < 2 * bias) return t.hi;
  return std::uniform_int_distribution<std::int64_t>(t.lo, t.hi)(rng);
}

/// The first `always` property `state` violates, or -1.
int violated(const std::vector<mc::Property>& properties, const mc::Word* state, bool terminal) {
  for (std::size_t i = 0; i < properties.size(); ++i) {
    if (properties[i].kind == mc::Expectation::always && !properties[i].condition({state, terminal}))
      return static_cast<int>(i);
  }
  return -1;
}

/// Whether `path` replays and ends in a state violating property `p`.
bool path_violates(const mc::Model& model, const mc::Path& path, const mc::Property& p) {
  std::vector<mc::Word> states;
  try {
    states = mc::replay(model, path);
  } catch (const std::invalid_argument&) {
    return false;
  }
  const std::size_t words = model.state_words();
  const mc::Word* last = states.data() + states.size() - words;
  std::vector<mc::Action> enabled;
  model.actions(last, enabled);
  return !p.condition({last, enabled.empty()});
}

std::optional<mc::timed::TimedRun> shrink(const spec::TimedProtocolModel& model, const mc::timed::TimedRun& run,
                                          const mc::Property& property) {
  mc::Path path = run.path();
  std::optional<mc::timed::TimedRun> best = mc::timed::concretise(model, path);
  if (!best) return std::nullopt;
  for (std::size_t chunk = std::max<std::size_t>(path.actions.size() / 2, 1); chunk >= 1; chunk /= 2) {
    bool progress = true;
    while (progress) {
      progress = false;
      for (std::size_t at = 0; at + chunk <= path.actions.size(); ++at) {
        mc::Path shorter = path;
        shorter.actions.erase(shorter.actions.begin() + static_cast<std::ptrdiff_t>(at),
                              shorter.actions.begin() + static_cast<std::ptrdiff_t>(at + chunk));
        if (!path_violates(model.discrete(), shorter, property)) continue;
        std::optional<mc::timed::TimedRun> timed = mc::timed::concretise(model, shorter);
        if (!timed) continue;
        path = shorter;
        best = timed;
        progress = true;
        break;
      }
    }
    if (chunk == 1) break;
  }
  return best;
}

}  // namespace

TimedSimResult simulate_timed(const spec::TimedProtocolModel& model, const TimedSimOptions& options) {
  const mc::Model& discrete = model.discrete();
  const std::vector<mc::Property> properties = discrete.properties();
  const std::size_t words = discrete.state_words();
  std::mt19937_64 rng(options.seed);
  TimedSimResult out;
  std::vector<mc::Word> inits;
  discrete.init_states(inits);
  std::vector<mc::Action> actions;
  for (int r = 0; r < options.runs; ++r) {
    ++out.runs;
    std::vector<mc::Word> state(inits.begin(), inits.begin() + static_cast<std::ptrdiff_t>(words));
    std::vector<mc::Word> next(words);
    std::vector<Drawn> clocks(model.clock_count() + 1);
    std::vector<std::uint8_t> active(model.clock_count() + 1, 0);
    mc::timed::TimedRun run;
    std::int64_t now = 0;
    for (std::size_t s = 0; s <= options.max_steps; ++s) {
      actions.clear();
      discrete.actions(state.data(), actions);
      const int bad = violated(properties, state.data(), actions.empty());
      if (bad >= 0) {
        out.property = properties[static_cast<std::size_t>(bad)].name;
        out.found = run;
        if (const std::optional<std::string> why = mc::timed::check_run(model, run))
          throw std::logic_error("simulate --timed drew an invalid run: " + *why);
        out.shrunk = shrink(model, run, properties[static_cast<std::size_t>(bad)]);
        return out;
      }
      // Clocks of steps that became enabled start now, with a fresh draw;
      // clocks of disabled steps are forgotten.
      std::vector<std::uint8_t> now_active(active.size(), 0);
      for (const mc::Action a : actions) {
        const StepTiming t = model.step(state.data(), a);
        if (t.clock == 0) continue;
        now_active[t.clock] = 1;
        if (!active[t.clock]) clocks[t.clock] = {now, draw(rng, t, options.end_bias)};
      }
      active = now_active;
      // The earliest due step fires; equal times in random order.
      std::int64_t soonest = never;
      std::vector<mc::Action> due;
      for (const mc::Action a : actions) {
        const StepTiming t = model.step(state.data(), a);
        const std::int64_t at = clocks[t.clock].fire_at == never ? never : clocks[t.clock].enabled_at + clocks[t.clock].fire_at;
        if (at < soonest) {
          soonest = at;
          due.clear();
        }
        if (at == soonest && at != never) due.push_back(a);
      }
      if (due.empty()) break;  // nothing will ever fire: the run ends here
      const mc::Action a = due[std::uniform_int_distribution<std::size_t>(0, due.size() - 1)(rng)];
      now = soonest;
      discrete.next_state(state.data(), a, next.data());
      const StepTiming fired = model.step(state.data(), a);
      // The fired step's clock restarts (if it stays enabled) with a new draw.
      clocks[fired.clock] = {now, draw(rng, fired, options.end_bias)};
      run.steps.push_back({a, mc::timed::Time::of(now)});
      ++out.steps;
      state.swap(next);
    }
  }
  return out;
}

}  // namespace smsmc::sim
