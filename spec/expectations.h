// spec/expectations.yaml: the expected outcome of every property for every
// variant, and the configurations to check. Read with yaml-cpp through
// io/yaml.h: size, nesting and node caps, errors as file:line: field.
#pragma once

#include "spec/check.h"

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace smsmc::spec {

struct ExpectationError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Grid {
  std::vector<int> sites;
  std::vector<int> logon_servers;
  /// Bounds for each check of the profile (0: none); what they leave
  /// unknown fails the gate unless `allow_incomplete`.
  std::uint64_t max_states = 0;
  double timeout = 0;
  /// An incomplete check (bounded, out of memory) is accepted: its unknown
  /// verdicts match any expectation, and the gate says so.
  bool allow_incomplete = false;
};

/// Ranges for the property-based explorer (inclusive).
struct ScheduleGrid {
  int min_sites = 1;
  int max_sites = 1;
  int min_logon_servers = 0;
  int max_logon_servers = 0;
  std::vector<std::string> schedulers;  // "uniform", "pct"
  int runs = 100;
};

/// Timed expectations for one timing profile (spec/timing.yaml): M* of each
/// variant, the least M at which no-config-failure is violated, searched
/// over M = 0..max_m (nullopt: race-free for every M <= max_m).
struct TimedExpectation {
  int sites = 1;
  int max_m = 16;
  std::map<std::string, std::optional<int>> thresholds;
};

/// One shared parent (spec/shared-parent.md) the verdicts are checked with
/// again: the same outcomes as `Expectations::outcomes`, except `differs`.
struct SharedParentExpectation {
  sm::SharedParent parent;
  /// variant name -> property name -> outcome, where this parent changes it.
  std::map<std::string, std::map<std::string, Outcome>> differs;
};

struct Expectations {
  std::string file;
  /// variant name -> property name -> outcome
  std::map<std::string, std::map<std::string, Outcome>> outcomes;
  /// "tests", "gate", "quick" -> grid
  std::map<std::string, Grid> exhaustive;
  /// "gate", "quick" -> schedule ranges
  std::map<std::string, ScheduleGrid> property_based;
  /// Timing profile -> timed expectations (the optional `timed` section).
  std::map<std::string, TimedExpectation> timed;
  /// The optional `shared_parent` section: the parents, and per profile
  /// ("gate", "quick", "tests") the grid they are checked on.
  std::vector<SharedParentExpectation> shared_parents;
  std::map<std::string, Grid> shared_parent_grids;

  /// Throws ExpectationError when the variant or property is not listed.
  [[nodiscard]] Outcome expected(const std::string& variant, const std::string& property) const;
  /// The outcome with `parent`: its `differs` entry, else expected(variant,
  /// property). Throws ExpectationError for a parent the file does not list.
  [[nodiscard]] Outcome expected(const std::string& variant, const std::string& property,
                                 const sm::SharedParent& parent) const;
  /// The shared-parent grid of a profile, or null when it has none.
  [[nodiscard]] const Grid* shared_parent_grid(const std::string& profile) const;
  [[nodiscard]] const Grid& grid(const std::string& profile) const;
  [[nodiscard]] const ScheduleGrid& schedules(const std::string& profile) const;
  /// Whether the property-based explorer must find a violation: some
  /// `always` or `eventually` property the schedules check (those of the
  /// unattended environment) is expected violated.
  [[nodiscard]] bool expects_race(const std::string& variant) const;
};

/// The file in the source tree (compiled in).
std::string default_expectations_file();

/// Parses and checks the file: every variant and every property of the
/// catalogue must be listed, with a known outcome; N and M within the
/// model's limits. Throws ExpectationError "<file>:<line>: <field>: <problem>"
/// (a FIFO, device or folder, or a file over 64 MiB, is refused by name).
Expectations load_expectations(const std::string& file);
Expectations parse_expectations(const std::string& text, const std::string& file = "<string>");

/// "holds-vacuously" <-> Outcome::holds_vacuously, and so on.
const char* outcome_key(Outcome outcome);
bool outcome_from_key(const std::string& key, Outcome& out);

}  // namespace smsmc::spec
