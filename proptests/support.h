// What every property test shares: RapidCheck's seed and reproduce map (from
// RC_PARAMS, as RC_GTEST_PROP would read them), the schedule budget, and the
// report of a failure (seed, RC_PARAMS line, shrunk trace written to a file).
#pragma once

#include "sim/explore.h"
#include "trace/trace.h"

#include <gtest/gtest.h>

#include <string>

namespace smsmc::proptest {

/// SMSMC_PROPTEST_SCALE (default 1) times `runs`, at least 1: sanitizer and
/// debug builds run fewer schedules, a soak run more.
int scaled(int runs);

/// "Suite/Name" of the running GoogleTest test, as RC_GTEST_PROP names it:
/// the key of RC_PARAMS="reproduce=...".
std::string current_test_id();

/// "Suite.Name": the running test for --gtest_filter.
std::string current_gtest_name();

/// Options for the running test: RapidCheck's configured seed (random unless
/// RC_PARAMS gives one) and reproduce map, and the test's id.
sim::ExploreOptions options_for_test(const char* variant, sim::SchedulerKind scheduler);

/// True when RC_PARAMS reproduces some other test's failure: this one is
/// then skipped, as RapidCheck skips its own properties.
bool reproducing_another_test(const sim::ExploreOptions& options);

/// Writes the counterexample's trace to `directory`/`name`.json (the
/// directory is created) and returns the file's path.
std::string write_trace(const sim::Exploration& found, const sim::ExploreOptions& options,
                        const std::string& directory, const std::string& name);

/// The text a failed expectation prints: the property, the shrunk steps,
/// the seed, the RC_PARAMS line and where the trace was written.
std::string describe_failure(const sim::Exploration& found, const sim::ExploreOptions& options,
                             const std::string& trace_file);

}  // namespace smsmc::proptest
