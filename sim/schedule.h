// Schedules: one execution of the composed protocol, chosen step by step.
//
// The exhaustive checker visits every interleaving of small configurations;
// a schedule is a single interleaving of a configuration of any size. A
// scheduler picks one of the actions enabled at each step (uniformly, or by
// PCT's actor priorities), and the runner executes the picks on the model's
// compiled tables, checking the catalogue's properties at every state, until
// nothing is enabled, a property is violated or the step bound is reached.
//
// A schedule is stored as the list of actions it took. Replaying it resolves
// each choice against the actions enabled at its turn and skips a choice that
// is not enabled there. That is what makes shrinking work: removing steps
// from a failing schedule leaves a schedule that still means "take these
// steps, in this order, where possible", instead of shifting every later
// choice onto a different action as an index into the enabled list would.
#pragma once

#include "mc/model.h"
#include "mc/evaluate.h"
#include "spec/model.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace smsmc::sim {

/// How one schedule ended.
struct RunResult {
  /// The actions executed, in order: an mc::Path from the initial state.
  std::vector<mc::Action> steps;
  /// The first property violated along the run, if any; the run stops there,
  /// so `steps` is a counterexample for it.
  std::optional<std::string> violated;
  bool terminal = false;  // ended in a state where nothing is enabled
  bool bounded = false;   // stopped by the step bound
  std::size_t skipped = 0;  // replay: choices not enabled at their turn
  /// Bit i set: the runner's witness i ("sometimes") held in some state.
  std::uint32_t witnessed = 0;
};

/// Picks one of the enabled actions at each step. Deterministic: the same
/// seed and the same sequence of enabled sets give the same picks.
class Scheduler {
 public:
  virtual ~Scheduler() = default;
  /// Starts a new schedule.
  virtual void begin(std::uint64_t seed) = 0;
  /// Index into `enabled` (never empty) of the action to take at step `step`
  /// (0-based).
  virtual std::size_t choose(const std::vector<mc::Action>& enabled, std::size_t step) = 0;
};

/// Uniform random choice among the enabled actions at every step.
class UniformScheduler final : public Scheduler {
 public:
  void begin(std::uint64_t seed) override { random_.seed(seed); }
  std::size_t choose(const std::vector<mc::Action>& enabled, std::size_t step) override;

 private:
  std::mt19937_64 random_;
};

/// PCT (Burckhardt et al., ASPLOS 2010; P's and Coyote's `pct` scheduler):
/// every actor gets a random priority, the enabled actor with the highest
/// priority always runs, and at `change_points` steps drawn at random from
/// [0, horizon) the actor about to run drops below every other. A bug that
/// needs d ordering constraints is found with probability at least
/// 1/(actors * horizon^(d-1)) per schedule, whatever the number of steps the
/// other actors take in between: M logon servers to stop do not dilute it.
class PctScheduler final : public Scheduler {
 public:
  /// `horizon`: the expected number of steps of a schedule (see
  /// estimate_run_length), the range the change points are drawn from.
  PctScheduler(const spec::ProtocolModel& model, int change_points, std::size_t horizon);
  void begin(std::uint64_t seed) override;
  std::size_t choose(const std::vector<mc::Action>& enabled, std::size_t step) override;

 private:
  const spec::ProtocolModel& model_;
  int change_points_;
  std::size_t horizon_;
  std::mt19937_64 random_;
  std::vector<std::int64_t> priority_;  // per actor; higher runs first
  std::vector<std::size_t> changes_;    // sorted change-point steps
  std::size_t next_change_ = 0;         // index into changes_
  std::int64_t lowest_ = 0;             // the priority the next demoted actor gets
};

enum class SchedulerKind { uniform, pct };
const char* scheduler_name(SchedulerKind kind);  // "uniform", "pct"
std::optional<SchedulerKind> find_scheduler(std::string_view name);
/// The trace's `found_by.explorer`: "rapidcheck-uniform", "rapidcheck-pct".
std::string explorer_name(SchedulerKind kind);

/// Runs schedules on one model. Holds every buffer a run needs, so running
/// many schedules allocates nothing per step; not thread-safe.
class Runner {
 public:
  /// `max_steps`: the step bound of every run (0: default_max_steps).
  explicit Runner(const spec::ProtocolModel& model, std::size_t max_steps = 0);

  [[nodiscard]] const spec::ProtocolModel& model() const { return model_; }
  [[nodiscard]] std::size_t max_steps() const { return max_steps_; }

  /// Lets the scheduler choose every step. The result stays valid until the
  /// next run.
  const RunResult& run(Scheduler& scheduler, std::uint64_t seed);
  /// Takes the choices in order, skipping each one that is not enabled at
  /// its turn, until the choices run out (or the run ends earlier).
  const RunResult& replay(const std::vector<mc::Action>& choices);

  /// By default a run stops at its first violation. Off, it goes on to the
  /// end (and reports the first violation all the same).
  void stop_at_violation(bool value) { stop_at_violation_ = value; }

  /// Names of the witnesses behind RunResult::witnessed, bit by bit.
  [[nodiscard]] const std::vector<std::string>& witness_names() const { return witness_names_; }
  /// Steps executed over every run of this runner.
  [[nodiscard]] std::uint64_t total_steps() const { return total_steps_; }

 private:
  template <class Choose>
  const RunResult& execute(Choose&& choose);
  bool observe(bool terminal);

  const spec::ProtocolModel& model_;
  std::size_t max_steps_;
  bool stop_at_violation_ = true;
  mc::Monitor monitor_;
  std::vector<std::size_t> witnesses_;  // monitor indices of the `sometimes` properties, bit by bit
  std::vector<std::string> witness_names_;
  std::vector<mc::Word> init_;
  std::vector<mc::Word> state_;
  std::vector<mc::Word> next_;
  std::vector<mc::Action> enabled_;
  RunResult result_;
  std::uint64_t total_steps_ = 0;
};

/// A step bound no run of a terminating protocol should reach: ten times the
/// length of a run to the end plus some slack (see estimate_run_length).
std::size_t default_max_steps(const spec::ProtocolModel& model);

/// The length of one run to the end (taking the first enabled action at
/// every step, past any violation): every run of this protocol takes about
/// as many steps, which is what PCT needs as its horizon.
std::size_t estimate_run_length(const spec::ProtocolModel& model);

}  // namespace smsmc::sim
