// The subcommands of `smsmc`. Each one registers itself on the CLI11 app and
// leaves its exit code in `exit_code` (0 all hold, 1 a property violated,
// 2 usage or input error).
#pragma once

#include "spec/model.h"

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>

namespace smsmc::cli {

/// A usage or input error found after parsing: printed, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The configuration options `check` and `simulate` share.
struct ConfigArgs {
  std::string variant = "original";
  int sites = 1;
  int logon_servers = 1;
};
/// Declares --variant/-v, --sites/-n and --logon-servers/-m on `cmd`.
void add_config_options(CLI::App* cmd, ConfigArgs& args);
/// The variant by name (UsageError if unknown), N and M validated.
spec::Config resolve_config(const ConfigArgs& args);

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
