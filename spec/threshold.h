// The threshold M*: the least number of logon servers per site at which a
// variant's race (no-config-failure violated) is reachable under a timing
// profile, found by the zone explorer one M at a time, and the closed forms
// spec/timing.md derives from the tables for N = 1, which the tests hold
// the explorer to.
#pragma once

#include "mc/timed/zone_checker.h"
#include "spec/timing.h"
#include "spec/variants.h"

#include <optional>
#include <string>
#include <vector>

namespace smsmc::spec {

/// The property whose violation is "the race".
inline constexpr const char* race_property = "no-config-failure";

struct ThresholdOptions {
  int sites = 1;
  int max_m = 64;
  /// Check every M in 0..max_m even after the first racy one (to see the
  /// verdicts are monotone); otherwise stop at M*.
  bool every_m = false;
  double timeout = 0;  // per M; 0: none
};

struct ThresholdResult {
  /// The verdict of the race property at M = 0, 1, ... (as far as checked).
  std::vector<mc::Verdict> verdicts;
  /// The least M with the race, if any M <= max_m has it.
  std::optional<int> m_star;
  /// The counterexample at M* (fewest steps, earliest schedule, replay-checked).
  std::optional<mc::Path> path;
  std::optional<mc::timed::TimedRun> run;
  /// Summed over the checks.
  std::uint64_t zones_stored = 0;
  std::uint64_t zones_visited = 0;
  double seconds = 0;
  /// Every check finished (no verdict unknown).
  bool complete = true;
};

/// Checks M = 0, 1, ... in order: the first racy M is M* by definition, no
/// monotonicity needed (every_m also checks the rest).
ThresholdResult find_threshold(const Variant& variant, const TimingProfile& profile, const ThresholdOptions& options);

/// What the closed form of spec/timing.md says at N = 1.
struct ClosedForm {
  bool known = false;            // the variant's switches have a closed form
  std::optional<int> m_star;     // least racy M (unbounded search: may exceed any max_m)
  bool racy_for_every_m = false; // racy at M* and every larger M
  std::string formula;           // the inequality, in words
};
ClosedForm closed_form(const Variant& variant, const TimingProfile& profile);

}  // namespace smsmc::spec
