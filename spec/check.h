// One protocol check: a variant at (N, M), every selected property, each
// environment explored once by the exhaustive checker. This is what
// `smsmc check`, the tests and the gate call.
#pragma once

#include "mc/checker.h"
#include "spec/model.h"
#include "spec/properties.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace smsmc::spec {

struct CheckOptions {
  std::vector<std::string> only;  // property names; all when empty
  std::uint64_t max_states = 0;   // per environment; 0: unbounded
  double timeout = 0;             // seconds per environment; 0: unbounded
  mc::Strategy strategy = mc::Strategy::bfs;
  unsigned threads = 1;           // BFS expansion threads; results do not depend on it
  /// Memory budget per environment in bytes (mc::Checker::max_memory); 0: none.
  std::uint64_t max_memory = 0;
  /// Stop flag (io::stop_flag() under StopOnSignals); null: none.
  const std::atomic<bool>* stop = nullptr;
  std::function<void(Environment, const mc::Progress&)> progress;
  /// Symmetry reduction over the sites where they are interchangeable
  /// (spec/symmetry.md); `--no-symmetry` turns it off. Counts then are
  /// orbits; verdicts and counterexample lengths do not change.
  bool symmetry = true;
  /// The compact visited set (mc::Checker::compact_states): less memory,
  /// slower; `--compact-states`.
  bool compact_states = false;
};

/// How a result reads for a user, role included.
enum class Outcome {
  holds,           // property holds / witness found
  holds_vacuously, // property holds, but its probe found nothing to check
  violated,        // property violated: a finding
  not_found,       // witness not found: the model is vacuous, a failure
  unreachable,     // probe not found: legitimate, qualifies its partner
  unknown,         // the search was bounded before a verdict
};
const char* outcome_name(Outcome outcome);
bool is_failure(Outcome outcome);

struct CheckedProperty {
  const PropertyInfo* info;
  mc::PropertyResult result;
  Outcome outcome;
};

struct EnvironmentRun {
  Environment environment;
  mc::Stats stats;
};

struct CheckReport {
  Config config;  // environment field unused: see runs
  std::vector<EnvironmentRun> runs;
  std::vector<CheckedProperty> properties;  // catalogue order

  [[nodiscard]] bool failed() const;
  /// Every verdict is final: each run explored everything, or stopped once
  /// its properties were decided (not by --max-states, --timeout, the
  /// memory budget or a signal), and no verdict is unknown (a liveness check
  /// that did not fit in memory or was interrupted leaves one).
  [[nodiscard]] bool complete() const;
  /// Why the first incomplete run stopped ("max-states", "signal", ...), or
  /// "" when every run was complete.
  [[nodiscard]] std::string stopped_by() const;
  [[nodiscard]] const CheckedProperty* find(const std::string& name) const;
  [[nodiscard]] std::uint64_t states() const;
  [[nodiscard]] std::uint64_t transitions() const;
  [[nodiscard]] double seconds() const;
};

/// Throws std::invalid_argument for an unknown property name or a bad config.
CheckReport check_protocol(const Config& config, const CheckOptions& options = {});

}  // namespace smsmc::spec
