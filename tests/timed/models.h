// Timed models for the engine's tests: networks of timed automata with a
// shared variable (general TimedModel: Fischer's protocol, random
// networks), and step-duration models (StepTimedModel: chains with known
// completion times, random step systems). A state is one Word: 4 bits per
// process location, the variable in the top byte.
#pragma once

#include "mc/timed/step_model.h"
#include "mc/timed/timed_model.h"

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace smsmc::mc::timed::testing {

/// Location of process p in a packed state; the shared variable.
inline int location_of(const Word* state, std::size_t p) { return static_cast<int>((state[0] >> (4 * p)) & 15); }
inline int variable_of(const Word* state) { return static_cast<int>(state[0] >> 56); }

/// A property over packed states, for the discrete side of the test models.
struct TestProperty {
  std::string name;
  Expectation kind = Expectation::always;
  std::function<bool(const Word*)> condition;
};

// --- Networks of timed automata (general interface) -----------------------

struct NetworkEdge {
  int from = 0;
  int to = 0;
  std::vector<Constraint> guard;
  std::vector<ClockId> resets;
  int variable_equals = -1;  // the edge needs variable == value (-1: any)
  int variable_set = -1;     // the edge sets the variable (-1: unchanged)
};

struct NetworkProcess {
  int locations = 1;
  std::vector<std::vector<Constraint>> invariant;  // per location
  std::vector<std::vector<ClockId>> active;        // per location: the clocks active there
  std::vector<NetworkEdge> edges;
};

struct Network {
  std::size_t clocks = 0;
  std::vector<NetworkProcess> processes;
  std::vector<TestProperty> properties;
};

/// A Network as both the discrete model and its timed layer. LU bounds are
/// global per clock (the largest constant anywhere), no_bound where the
/// clock is inactive. Action = process * 64 + edge index.
class NetworkModel final : public Model, public TimedModel {
 public:
  explicit NetworkModel(Network network);

  // Model
  [[nodiscard]] std::size_t state_words() const override { return 1; }
  void init_states(std::vector<Word>& out) const override { out.push_back(0); }
  void actions(const Word* state, std::vector<Action>& out) const override;
  void next_state(const Word* state, Action action, Word* out) const override;
  [[nodiscard]] std::vector<Property> properties() const override;
  [[nodiscard]] int process_of(Action action) const override { return static_cast<int>(action / 64); }
  [[nodiscard]] int process_count() const override { return static_cast<int>(network_.processes.size()); }
  [[nodiscard]] std::string format_action(Action action) const override;

  // TimedModel
  [[nodiscard]] const Model& discrete() const override { return *this; }
  [[nodiscard]] std::size_t clock_count() const override { return network_.clocks; }
  [[nodiscard]] std::string clock_name(ClockId clock) const override { return "x" + std::to_string(clock); }
  void location(const Word* state, LocationTiming& out) const override;
  void edge(const Word* source, const LocationTiming& at_source, Action action, const Word* target,
            const LocationTiming& at_target, EdgeTiming& out) const override;

  /// The largest constant of any constraint.
  [[nodiscard]] std::int64_t max_constant() const;

 private:
  Network network_;
  std::vector<std::int64_t> lower_;
  std::vector<std::int64_t> upper_;
};

/// Fischer's mutual exclusion for n processes, clock x_i each: idle ->
/// (id == 0, x := 0) req [x <= a] -> (x <= a, id := i, x := 0) wait ->
/// (x >= b, or x > b when strict, id == i) cs -> (id := 0) idle, and
/// wait -> (id == 0, x := 0) req. x_i is active in req and wait only.
/// Property "mutex" (always): at most one process in cs; "enters" (sometimes).
Network fischer(int n, std::int64_t a, std::int64_t b, bool strict_wait);

/// A random network: 1-3 processes of 2-3 locations, 1-2 own clocks each
/// (active in a random subset of locations), closed guards and invariants
/// with constants up to 3, a shared variable in 0..2. Properties: one
/// `sometimes` per (process, location): "p<i>@<l>".
Network random_network(std::mt19937& random);

// --- Step-duration models --------------------------------------------------

struct StepSpec {
  int process = 0;
  int from = 0;
  int to = 0;
  ClockId clock = 0;
  std::int64_t lo = 0;
  std::int64_t hi = StepTiming::unbounded;
  /// Enabled only while process `when_process` is (or, when `when_not`, is
  /// not) at location `when_location` (-1: always).
  int when_process = -1;
  int when_location = 0;
  bool when_not = false;
};

struct StepSystem {
  int processes = 1;
  std::size_t clocks = 0;
  std::vector<StepSpec> steps;
  std::vector<TestProperty> properties;
};

/// A StepSystem as a StepTimedModel; action = step index.
class StepSystemModel final : public Model, public StepTimedModel {
 public:
  explicit StepSystemModel(StepSystem system) : system_(std::move(system)) {}

  [[nodiscard]] std::size_t state_words() const override { return 1; }
  void init_states(std::vector<Word>& out) const override { out.push_back(0); }
  void actions(const Word* state, std::vector<Action>& out) const override;
  void next_state(const Word* state, Action action, Word* out) const override;
  [[nodiscard]] std::vector<Property> properties() const override;
  [[nodiscard]] int process_of(Action action) const override { return system_.steps[action].process; }
  [[nodiscard]] int process_count() const override { return system_.processes; }
  [[nodiscard]] std::string format_action(Action action) const override;

  [[nodiscard]] const Model& discrete() const override { return *this; }
  [[nodiscard]] std::size_t clock_count() const override { return system_.clocks; }
  [[nodiscard]] std::string clock_name(ClockId clock) const override { return "c" + std::to_string(clock); }
  [[nodiscard]] StepTiming step(const Word* state, Action action) const override;

  [[nodiscard]] const StepSystem& system() const { return system_; }
  [[nodiscard]] std::int64_t max_constant() const;

 private:
  StepSystem system_;
};

/// Parallel chains started together: chain c takes its steps in order,
/// durations[c][k] = {lo, hi}; each step has its own clock. Process c's
/// location is the number of steps it has taken. Properties: "all-done"
/// (sometimes), and "race" (sometimes): chain 0 done while chain 1 is not.
StepSystem chains(const std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>>& durations);

/// A random step system: 1-3 processes of 2-3 locations, 1-2 steps per
/// location (own clock each, [lo, hi] with lo <= 3, hi <= 4 or unbounded),
/// some enabled only while another process is (not) at some location.
/// Properties: one `sometimes` per (process, location).
StepSystem random_steps(std::mt19937& random);

}  // namespace smsmc::mc::timed::testing
