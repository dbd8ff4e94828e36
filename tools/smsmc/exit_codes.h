// smsmc's exit codes, one meaning each, so a CI job can trust them
// (commands.h names them exit_holds, ...; `smsmc --help` and the README list
// them: keep the three in step).
#pragma once

namespace smsmc::cli::exit_code {

/// Every selected property was decided and holds (the search was complete,
/// or stopped early only because every verdict was already final).
inline constexpr int holds = 0;
/// A property is violated (or a witness is not found): also in an
/// incomplete run, since a counterexample is final whatever was not explored.
inline constexpr int violated = 1;
/// Usage or input error: a bad flag or value, an unknown name, a malformed,
/// oversized or non-regular input file, an unwritable output path.
inline constexpr int usage = 2;
/// Incomplete, nothing violated: the run stopped (--max-states, --timeout,
/// --max-memory, out of memory, or the first Ctrl-C / SIGTERM) before every
/// property was decided, and no violation was found. Not a proof: the gate
/// fails on it unless the profile allows incomplete runs.
inline constexpr int incomplete = 3;
/// A second SIGINT / SIGTERM exits at once with 128 + the signal: 130 / 143
/// (io::exit_code_for_signal).

}  // namespace smsmc::cli::exit_code
