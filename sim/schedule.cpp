#include "sim/schedule.h"

#include <algorithm>
#include <stdexcept>

namespace smsmc::sim {

namespace {
// Reduces a 64-bit draw to [0, n). std::uniform_int_distribution would do,
// but its algorithm is the library's choice, and a schedule must be the same
// for a seed on every platform; the modulo bias (n / 2^64) is immaterial.
std::size_t below(std::mt19937_64& random, std::size_t n) { return static_cast<std::size_t>(random() % n); }
}  // namespace

std::size_t UniformScheduler::choose(const std::vector<mc::Action>& enabled, std::size_t) {
  return below(random_, enabled.size());
}

PctScheduler::PctScheduler(const spec::ProtocolModel& model, int change_points, std::size_t horizon)
    : model_(model), change_points_(change_points), horizon_(std::max<std::size_t>(horizon, 1)) {
  if (change_points < 0) throw std::invalid_argument("PCT needs 0 or more priority-change points");
  priority_.resize(static_cast<std::size_t>(model.process_count()));
}

void PctScheduler::begin(std::uint64_t seed) {
  random_.seed(seed);
  // A random permutation of 1..actors (Fisher-Yates; std::shuffle's algorithm
  // is unspecified, see below()).
  for (std::size_t i = 0; i < priority_.size(); ++i) priority_[i] = static_cast<std::int64_t>(i) + 1;
  for (std::size_t i = priority_.size(); i > 1; --i) std::swap(priority_[i - 1], priority_[below(random_, i)]);
  changes_.clear();
  for (int i = 0; i < change_points_; ++i) changes_.push_back(below(random_, horizon_));
  std::sort(changes_.begin(), changes_.end());
  next_change_ = 0;
  lowest_ = 0;
}

std::size_t PctScheduler::choose(const std::vector<mc::Action>& enabled, std::size_t step) {
  auto top = [&] {
    std::size_t best = 0;
    std::int64_t best_priority = priority_[static_cast<std::size_t>(model_.process_of(enabled[0]))];
    for (std::size_t i = 1; i < enabled.size(); ++i) {
      const std::int64_t p = priority_[static_cast<std::size_t>(model_.process_of(enabled[i]))];
      // An actor has at most one enabled step in this protocol; if it had
      // more, the first (in the model's order) would win, deterministically.
      if (p > best_priority) {
        best = i;
        best_priority = p;
      }
    }
    return best;
  };
  std::size_t pick = top();
  // Change points at or before this step (several may share a step, and a
  // run shorter than the horizon never reaches the late ones).
  while (next_change_ < changes_.size() && changes_[next_change_] <= step) {
    ++next_change_;
    priority_[static_cast<std::size_t>(model_.process_of(enabled[pick]))] = --lowest_;
    pick = top();
  }
  return pick;
}

const char* scheduler_name(SchedulerKind kind) { return kind == SchedulerKind::pct ? "pct" : "uniform"; }

std::optional<SchedulerKind> find_scheduler(std::string_view name) {
  if (name == "uniform") return SchedulerKind::uniform;
  if (name == "pct") return SchedulerKind::pct;
  return std::nullopt;
}

std::string explorer_name(SchedulerKind kind) { return std::string("rapidcheck-") + scheduler_name(kind); }

Runner::Runner(const spec::ProtocolModel& model, std::size_t max_steps)
    : model_(model), max_steps_(max_steps != 0 ? max_steps : default_max_steps(model)), monitor_(model.properties()) {
  for (std::size_t i = 0; i < monitor_.properties().size(); ++i) {
    if (monitor_.properties()[i].kind != mc::Expectation::sometimes) continue;
    witnesses_.push_back(i);
    witness_names_.push_back(monitor_.properties()[i].name);
  }
  if (witnesses_.size() > 32) throw std::logic_error("Runner: more witnesses than RunResult::witnessed has bits");
  model.init_states(init_);
  const std::size_t words = model.state_words();
  init_.resize(words);  // the first initial state; this protocol has one
  state_.resize(words);
  next_.resize(words);
}

// Checks the current state; true when the run must stop here. The verdicts
// are the evaluator's (mc/evaluate.h): the earliest failing `always`
// property, or at a terminal state the first `eventually` goal never met.
bool Runner::observe(bool terminal) {
  monitor_.observe(mc::StateView{state_.data(), terminal});
  if (!result_.violated) {
    if (const std::optional<std::size_t> v = monitor_.violation()) result_.violated = monitor_.properties()[*v].name;
  }
  for (std::size_t i = 0; i < witnesses_.size(); ++i) {
    if (monitor_.first_holds(witnesses_[i])) result_.witnessed |= std::uint32_t{1} << i;
  }
  return result_.violated && stop_at_violation_;
}

template <class Choose>
const RunResult& Runner::execute(Choose&& choose) {
  result_.steps.clear();
  result_.violated.reset();
  result_.terminal = false;
  result_.bounded = false;
  result_.skipped = 0;
  result_.witnessed = 0;
  monitor_.reset();
  std::copy(init_.begin(), init_.end(), state_.begin());
  for (;;) {
    enabled_.clear();
    model_.actions(state_.data(), enabled_);
    const bool terminal = enabled_.empty();
    if (observe(terminal)) break;
    if (terminal) {
      result_.terminal = true;
      break;
    }
    if (result_.steps.size() >= max_steps_) {
      result_.bounded = true;
      break;
    }
    const std::optional<mc::Action> action = choose(enabled_, result_.steps.size());
    if (!action) break;
    model_.next_state(state_.data(), *action, next_.data());
    state_.swap(next_);
    result_.steps.push_back(*action);
    ++total_steps_;
  }
  return result_;
}

const RunResult& Runner::run(Scheduler& scheduler, std::uint64_t seed) {
  scheduler.begin(seed);
  return execute([&](const std::vector<mc::Action>& enabled, std::size_t step) -> std::optional<mc::Action> {
    return enabled[scheduler.choose(enabled, step)];
  });
}

const RunResult& Runner::replay(const std::vector<mc::Action>& choices) {
  std::size_t next = 0;
  return execute([&](const std::vector<mc::Action>& enabled, std::size_t) -> std::optional<mc::Action> {
    for (; next < choices.size(); ++next) {
      if (std::find(enabled.begin(), enabled.end(), choices[next]) != enabled.end()) return choices[next++];
      ++result_.skipped;
    }
    return std::nullopt;
  });
}

std::size_t estimate_run_length(const spec::ProtocolModel& model) {
  // A bound far above any run of a terminating protocol, so that a model
  // that does not terminate still gives an answer.
  constexpr std::size_t cap = std::size_t{1} << 22;
  Runner runner(model, cap);
  runner.stop_at_violation(false);
  struct First final : Scheduler {
    void begin(std::uint64_t) override {}
    std::size_t choose(const std::vector<mc::Action>&, std::size_t) override { return 0; }
  } first;
  return runner.run(first, 0).steps.size();
}

std::size_t default_max_steps(const spec::ProtocolModel& model) { return 10 * estimate_run_length(model) + 100; }

}  // namespace smsmc::sim
