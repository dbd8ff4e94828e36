// Timed mode's shared command-line pieces: --timing / --duration, reading
// spec/timing.yaml, and printing timed runs (`check --timed`, `threshold`,
// `sweep`).
#pragma once

#include "mc/timed/concrete.h"
#include "spec/timed_model.h"
#include "spec/timing.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace smsmc::cli {

struct TimingArgs {
  std::string profile = "default";
  std::vector<std::string> durations;  // NAME=LO..HI
  std::string file;                    // empty: spec/timing.yaml
};
/// Declares --timing, --duration and --timing-file on `cmd`.
void add_timing_options(CLI::App* cmd, TimingArgs& args);
/// The profile with the --duration overrides applied (UsageError on a bad
/// name or value; an input error on a malformed timing file).
spec::TimingProfile resolve_timing(const TimingArgs& args);
/// One line: "kb-wan (hm.send_package=60..300, ...)", overrides marked.
std::string describe_timing(const spec::TimingProfile& profile);

/// "1,260" for whole seconds, "25/2" otherwise.
std::string format_time(const mc::timed::Time& time);
/// The run as numbered steps, each with its time ("t = 1,260 s"), the
/// states it changed and its log lines.
void print_timed_run(std::FILE* out, const spec::TimedProtocolModel& model, const mc::timed::TimedRun& run,
                     const std::string& property);

/// `check --timed`: verdicts under timing, timed counterexamples, best and
/// worst time to every site upgraded. Returns the exit code.
int run_timed_check(const spec::Config& config, const TimingArgs& timing, const std::vector<std::string>& properties,
                    double timeout, std::uint64_t max_states, const std::string& trace_out, bool json);

/// `simulate --timed`. Returns the exit code.
int run_timed_simulate(const spec::Config& config, const TimingArgs& timing, int runs, std::uint64_t seed,
                       const std::string& trace_out, bool json);

void add_timing(CLI::App& app, int& exit_code);
void add_threshold(CLI::App& app, int& exit_code);
void add_sweep(CLI::App& app, int& exit_code);

}  // namespace smsmc::cli
