// The subcommands of `smsmc`. Each one registers itself on the CLI11 app and
// leaves its exit code in `exit_code` (0 all hold, 1 a property violated,
// 2 usage or input error).
#pragma once

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>

namespace smsmc::cli {

/// A usage or input error found after parsing: printed, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr int exit_holds = 0;
inline constexpr int exit_violated = 1;
inline constexpr int exit_usage = 2;

void add_check(CLI::App& app, int& exit_code);
void add_list(CLI::App& app, int& exit_code);
void add_describe(CLI::App& app, int& exit_code);
void add_matrix(CLI::App& app, int& exit_code);
void add_gate(CLI::App& app, int& exit_code);
void add_replay(CLI::App& app, int& exit_code);
void add_render(CLI::App& app, int& exit_code);
void add_simulate(CLI::App& app, int& exit_code);

}  // namespace smsmc::cli
