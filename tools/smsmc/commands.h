// The subcommands of `smsmc`. Each one registers itself on the CLI11 app and
// leaves its exit code in `exit_code` (exit_codes.h: 0 all hold, 1 a
// property violated, 2 usage or input error, 3 incomplete).
#pragma once

#include "spec/model.h"
#include "tools/smsmc/exit_codes.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace smsmc::trace {
struct Replay;
}

namespace smsmc::cli {

/// A usage or input error found after parsing: printed, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The shared parent's options (spec/shared-parent.md), as typed.
struct ParentArgs {
  std::string hm = "one-job-per-site";
  std::string sender_slots = "unlimited";
};
/// Declares --hm and --sender-slots on `cmd`.
void add_parent_options(CLI::App* cmd, ParentArgs& args);
/// UsageError naming the option and what it takes when a value is not one.
sm::SharedParent resolve_parent(const ParentArgs& args);

/// The configuration options `check` and `simulate` share.
struct ConfigArgs {
  std::string variant = "original";
  int sites = 1;
  int logon_servers = 1;
  ParentArgs parent;
};
/// Declares --variant/-v, --sites/-n, --logon-servers/-m, --hm and
/// --sender-slots on `cmd`.
void add_config_options(CLI::App* cmd, ConfigArgs& args);
/// The variant by name (UsageError if unknown), N, M and the parent validated.
spec::Config resolve_config(const ConfigArgs& args);

inline constexpr int exit_holds = exit_code::holds;
inline constexpr int exit_violated = exit_code::violated;
inline constexpr int exit_usage = exit_code::usage;
inline constexpr int exit_incomplete = exit_code::incomplete;

/// --max-input-size for commands that read a trace (default 64 MiB).
void add_max_input_size(CLI::App* cmd, std::uint64_t& max_input_size);
/// Reads and replays a trace file; UsageError on a file that cannot be read
/// (not a regular file, too large), is malformed, or does not fit the model.
trace::Replay load_and_replay(const std::string& file, bool ignore_fingerprint, std::uint64_t max_input_size);

void add_check(CLI::App& app, int& exit_code);
void add_list(CLI::App& app, int& exit_code);
void add_describe(CLI::App& app, int& exit_code);
void add_matrix(CLI::App& app, int& exit_code);
void add_gate(CLI::App& app, int& exit_code);
void add_replay(CLI::App& app, int& exit_code);
void add_render(CLI::App& app, int& exit_code);
void add_simulate(CLI::App& app, int& exit_code);

}  // namespace smsmc::cli
