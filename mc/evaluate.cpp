#include "mc/evaluate.h"

#include "mc/fairness.h"

#include <algorithm>
#include <stdexcept>

namespace smsmc::mc {

const char* discovery_name(Discovery discovery) {
  switch (discovery) {
    case Discovery::none: return "none";
    case Discovery::safety_violation: return "safety violation";
    case Discovery::example: return "example";
    case Discovery::terminal_state: return "terminal state short of the goal";
    case Discovery::fair_lasso: return "fair cycle that never reaches the goal";
  }
  return "?";
}

const PropertyOnPath* Evaluation::find(const std::string& name) const {
  for (const PropertyOnPath& p : properties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Monitor::Monitor(std::vector<Property> properties) : properties_(std::move(properties)) { reset(); }

void Monitor::reset() {
  first_failure_.assign(properties_.size(), never);
  first_holds_.assign(properties_.size(), never);
  violation_ = never;
  observed_ = 0;
}

void Monitor::observe(const StateView& state) {
  const std::size_t k = observed_++;
  for (std::size_t i = 0; i < properties_.size(); ++i) {
    // Once both are known nothing later can change them: skip the condition.
    if (first_failure_[i] != never && first_holds_[i] != never) continue;
    if (properties_[i].condition(state)) {
      if (first_holds_[i] == never) first_holds_[i] = k;
    } else if (first_failure_[i] == never) {
      first_failure_[i] = k;
      if (violation_ == never && properties_[i].kind == Expectation::always) violation_ = i;
    }
  }
  // An execution that ends where nothing is enabled is whole, and fair
  // (nothing is left waiting): a goal it never met is missed for good.
  if (state.terminal && violation_ == never) {
    for (std::size_t i = 0; i < properties_.size(); ++i) {
      if (properties_[i].kind == Expectation::eventually && first_holds_[i] == never) {
        violation_ = i;
        break;
      }
    }
  }
}

Evaluation evaluate(const Model& model, const Path& path, const std::vector<Property>& properties) {
  return evaluate_states(model, replay(model, path), path.actions, path.loop_start, properties);
}

Evaluation evaluate_states(const Model& model, std::vector<Word> states, std::vector<Action> actions,
                           std::optional<std::size_t> loop_start, const std::vector<Property>& properties) {
  Evaluation e;
  e.words = model.state_words();
  e.states = std::move(states);
  e.actions = std::move(actions);
  e.loop_start = loop_start;
  const std::size_t n = e.actions.size();
  if (e.states.size() != (n + 1) * e.words)
    throw std::invalid_argument("evaluate_states: " + std::to_string(n) + " steps need " + std::to_string(n + 1) +
                                " states");
  if (loop_start && *loop_start > n)
    throw std::invalid_argument("the loop starts at step " + std::to_string(*loop_start + 1) + " of a path of " +
                                std::to_string(n) + " steps");

  Monitor monitor(properties);
  WeakFairness fairness(model);
  std::vector<Action> enabled;
  e.terminal.resize(n + 1);
  for (std::size_t k = 0; k <= n; ++k) {
    enabled.clear();
    model.actions(e.state(k), enabled);
    e.terminal[k] = enabled.empty() ? 1 : 0;
    monitor.observe(StateView{e.state(k), enabled.empty()});
    // The loop's states are loop_start..n-1; state n is state loop_start again.
    if (loop_start && k >= *loop_start && k < n) {
      fairness.add_state(enabled);
      fairness.add_step(e.actions[k]);
    }
  }
  if (loop_start && *loop_start < n) {
    e.loop_closes = std::equal(e.state(*loop_start), e.state(*loop_start) + e.words, e.state(n));
    e.starved_process = fairness.starved();
  }

  const bool ends_terminal = e.terminal[n] != 0;
  for (std::size_t i = 0; i < properties.size(); ++i) {
    const Property& property = properties[i];
    PropertyOnPath p;
    p.name = property.name;
    p.kind = property.kind;
    p.first_failure = monitor.first_failure(i);
    p.first_holds = monitor.first_holds(i);
    p.holds_at_end = property.condition(StateView{e.state(n), ends_terminal});
    switch (property.kind) {
      case Expectation::always:
        if (p.first_failure) p.discovery = Discovery::safety_violation;
        break;
      case Expectation::sometimes:
        if (p.first_holds) p.discovery = Discovery::example;
        break;
      case Expectation::eventually:
        if (p.first_holds) break;
        if (loop_start) {
          if (e.fair_loop()) p.discovery = Discovery::fair_lasso;
        } else if (ends_terminal) {
          p.discovery = Discovery::terminal_state;
        }
        break;
    }
    e.properties.push_back(std::move(p));
  }
  return e;
}

}  // namespace smsmc::mc
