#include "mc/timed/step_model.h"

#include <algorithm>
#include <stdexcept>

namespace smsmc::mc::timed {

namespace {

void validate(const StepTimedModel& model, Action action, const StepTiming& timing) {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("step timing of " + model.discrete().format_action(action) + ": " + why);
  };
  if (timing.clock > model.clock_count()) fail("clock " + std::to_string(timing.clock) + " does not exist");
  if (timing.clock == 0) {
    if (timing.lo != 0 || timing.hi != StepTiming::unbounded) fail("an untimed action (clock 0) must be [0, inf)");
    return;
  }
  if (timing.lo < 0 || timing.lo > Bound::constant_limit) fail("lo out of range: " + std::to_string(timing.lo));
  if (timing.hi != StepTiming::unbounded && (timing.hi < timing.lo || timing.hi > Bound::constant_limit)) {
    fail("hi out of range: " + std::to_string(timing.hi));
  }
}

}  // namespace

void StepTimedModel::location(const Word* state, LocationTiming& out) const {
  thread_local std::vector<Action> actions;
  actions.clear();
  discrete().actions(state, actions);
  for (const Action action : actions) {
    const StepTiming timing = step(state, action);
    validate(*this, action, timing);
    if (timing.clock == 0) continue;
    const ClockId x = timing.clock;
    out.active[x] = 1;
    out.lower[x] = std::max(out.lower[x], timing.lo);
    if (timing.hi != StepTiming::unbounded) {
      out.invariant.push_back(Constraint::at_most(x, timing.hi));
      out.upper[x] = std::max(out.upper[x], timing.hi);
    }
  }
}

void StepTimedModel::edge(const Word* source, const LocationTiming& at_source, Action action, const Word*,
                          const LocationTiming& at_target, EdgeTiming& out) const {
  const StepTiming fired = step(source, action);
  if (fired.clock != 0) {
    if (fired.lo > 0) out.guard.push_back(Constraint::at_least(fired.clock, fired.lo));
    if (at_target.active[fired.clock]) out.resets.push_back(fired.clock);
  }
  for (ClockId x = 1; x < at_target.active.size(); ++x) {
    if (!at_target.active[x] || x == fired.clock) continue;
    if (!at_source.active[x]) {
      out.resets.push_back(x);
    } else if (at_target.lower[x] > at_source.lower[x] || at_target.upper[x] > at_source.upper[x]) {
      throw std::logic_error("clock " + clock_name(x) + " keeps running through " + discrete().format_action(action) +
                             " but its duration grows; a step's [lo, hi] may change only when it is re-enabled");
    }
  }
}

}  // namespace smsmc::mc::timed
