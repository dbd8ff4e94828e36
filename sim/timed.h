// Timed random simulation (`simulate --timed`): runs of the protocol's timed
// model with concrete durations drawn inside each step's [lo, hi], biased
// to the ends (a race at M* needs every package step at lo and every
// shutdown step at hi, which uniform draws almost never produce), checked
// against the `always` properties; the first violating run is shrunk by
// removing chunks of steps while the shorter path still violates and still
// has a timing (mc::timed::concretise), so the result carries timestamps.
#pragma once

#include "mc/timed/concrete.h"
#include "spec/timed_model.h"

#include <cstdint>
#include <optional>
#include <string>

namespace smsmc::sim {

struct TimedSimOptions {
  int runs = 100;
  std::uint64_t seed = 0;
  std::size_t max_steps = 100000;  // per run
  /// Probability of drawing a duration's lo, and of drawing its hi; the
  /// rest is uniform inside [lo, hi].
  double end_bias = 0.4;
};

struct TimedSimResult {
  int runs = 0;               // runs completed (including the violating one)
  std::uint64_t steps = 0;    // steps over all runs
  std::string property;       // the violated property ("" if none)
  std::optional<mc::timed::TimedRun> found;   // the violating run as drawn
  std::optional<mc::timed::TimedRun> shrunk;  // shrunk, earliest schedule, replay-checked
};

TimedSimResult simulate_timed(const spec::TimedProtocolModel& model, const TimedSimOptions& options);

}  // namespace smsmc::sim
